// Built-in list prices (USD per million tokens, providers' published rates as of 2025) for common models.
// Patterns are anchored, case-insensitive, and allow dated snapshots (gpt-4o-2024-08-06, claude-3-5-sonnet-20241022).

export type PriceRow = {
  id: string;
  pattern: string;
  /** USD per million tokens. */
  input: number;
  output: number;
  cachedInput?: number;
  reasoning?: number;
};

const dated = '(-\\d{4}-?\\d{2}-?\\d{2}|-\\d{8}|-latest|-preview)?';

export const defaultPrices: readonly PriceRow[] = [
  { id: 'openai/gpt-5', pattern: `^gpt-5${dated}$`, input: 1.25, cachedInput: 0.125, output: 10 },
  { id: 'openai/gpt-5-mini', pattern: `^gpt-5-mini${dated}$`, input: 0.25, cachedInput: 0.025, output: 2 },
  { id: 'openai/gpt-5-nano', pattern: `^gpt-5-nano${dated}$`, input: 0.05, cachedInput: 0.005, output: 0.4 },
  { id: 'openai/gpt-4.1', pattern: `^gpt-4\\.1${dated}$`, input: 2, cachedInput: 0.5, output: 8 },
  { id: 'openai/gpt-4.1-mini', pattern: `^gpt-4\\.1-mini${dated}$`, input: 0.4, cachedInput: 0.1, output: 1.6 },
  { id: 'openai/gpt-4.1-nano', pattern: `^gpt-4\\.1-nano${dated}$`, input: 0.1, cachedInput: 0.025, output: 0.4 },
  { id: 'openai/gpt-4o', pattern: `^(chatgpt-)?gpt-4o${dated}$`, input: 2.5, cachedInput: 1.25, output: 10 },
  { id: 'openai/gpt-4o-mini', pattern: `^gpt-4o-mini${dated}$`, input: 0.15, cachedInput: 0.075, output: 0.6 },
  { id: 'openai/gpt-4-turbo', pattern: `^gpt-4-turbo${dated}$`, input: 10, output: 30 },
  { id: 'openai/gpt-3.5-turbo', pattern: `^gpt-3\\.5-turbo(-\\d{4})?${dated}$`, input: 0.5, output: 1.5 },
  { id: 'openai/o1', pattern: `^o1${dated}$`, input: 15, cachedInput: 7.5, output: 60 },
  { id: 'openai/o1-mini', pattern: `^o1-mini${dated}$`, input: 1.1, cachedInput: 0.55, output: 4.4 },
  { id: 'openai/o3', pattern: `^o3${dated}$`, input: 2, cachedInput: 0.5, output: 8 },
  { id: 'openai/o3-mini', pattern: `^o3-mini${dated}$`, input: 1.1, cachedInput: 0.55, output: 4.4 },
  { id: 'openai/o4-mini', pattern: `^o4-mini${dated}$`, input: 1.1, cachedInput: 0.275, output: 4.4 },
  { id: 'openai/text-embedding-3-small', pattern: '^text-embedding-3-small$', input: 0.02, output: 0 },
  { id: 'openai/text-embedding-3-large', pattern: '^text-embedding-3-large$', input: 0.13, output: 0 },
  { id: 'openai/text-embedding-ada-002', pattern: '^text-embedding-ada-002$', input: 0.1, output: 0 },
  { id: 'anthropic/claude-opus-4.5', pattern: `^claude-opus-4-5${dated}$`, input: 5, cachedInput: 0.5, output: 25 },
  { id: 'anthropic/claude-opus-4', pattern: `^claude-(opus-4(-1)?|3-opus)${dated}$`, input: 15, cachedInput: 1.5, output: 75 },
  {
    id: 'anthropic/claude-sonnet',
    pattern: `^claude-(sonnet-4(-5)?|3-7-sonnet|3-5-sonnet)${dated}$`,
    input: 3,
    cachedInput: 0.3,
    output: 15,
  },
  { id: 'anthropic/claude-haiku-4.5', pattern: `^claude-haiku-4-5${dated}$`, input: 1, cachedInput: 0.1, output: 5 },
  { id: 'anthropic/claude-3-5-haiku', pattern: `^claude-3-5-haiku${dated}$`, input: 0.8, cachedInput: 0.08, output: 4 },
  { id: 'anthropic/claude-3-haiku', pattern: `^claude-3-haiku${dated}$`, input: 0.25, cachedInput: 0.03, output: 1.25 },
  { id: 'google/gemini-2.5-pro', pattern: `^gemini-2\\.5-pro${dated}$`, input: 1.25, cachedInput: 0.31, output: 10 },
  { id: 'google/gemini-2.5-flash', pattern: `^gemini-2\\.5-flash${dated}$`, input: 0.3, cachedInput: 0.075, output: 2.5 },
  { id: 'google/gemini-2.5-flash-lite', pattern: `^gemini-2\\.5-flash-lite${dated}$`, input: 0.1, cachedInput: 0.025, output: 0.4 },
  { id: 'google/gemini-2.0-flash', pattern: `^gemini-2\\.0-flash(-001)?${dated}$`, input: 0.1, cachedInput: 0.025, output: 0.4 },
  { id: 'google/gemini-1.5-pro', pattern: `^gemini-1\\.5-pro(-\\d{3})?${dated}$`, input: 1.25, output: 5 },
  { id: 'google/gemini-1.5-flash', pattern: `^gemini-1\\.5-flash(-\\d{3})?${dated}$`, input: 0.075, output: 0.3 },
  { id: 'mistral/mistral-large', pattern: `^mistral-large${dated}$`, input: 2, output: 6 },
  { id: 'mistral/mistral-small', pattern: `^mistral-small${dated}$`, input: 0.1, output: 0.3 },
];
