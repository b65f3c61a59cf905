// The drizzle schema object handed to drizzle(): every table of the store.
export { apiKeys } from './api-keys.ts';
export { evalOutcomes } from './eval-outcomes.ts';
export { evalRuns } from './eval-runs.ts';
export { evaluatorVersions } from './evaluator-versions.ts';
export { evaluators } from './evaluators.ts';
export { importErrors, imports } from './imports.ts';
export { instanceSettings } from './instance-settings.ts';
export { modelPrices } from './model-prices.ts';
export { projects } from './projects.ts';
export { proxyRoutes } from './proxy-routes.ts';
export { proxyUsage } from './proxy-usage.ts';
export { scores } from './scores.ts';
export { spans } from './spans.ts';
