// The drizzle schema object handed to drizzle(): every table of the store.
export { apiKeys } from './api-keys.ts';
export { instanceSettings } from './instance-settings.ts';
export { projects } from './projects.ts';
export { spans } from './spans.ts';
export { modelPrices } from './model-prices.ts';
export { importErrors, imports } from './imports.ts';
export { scores } from './scores.ts';
