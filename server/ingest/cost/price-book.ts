// Finds the price of a model (project overrides first, then the built-in table) and computes a span's cost.
import type { Database } from '../../store/db.ts';
import { listModelPrices } from '../../store/queries/model-prices.ts';
import type { NormalizedSpan } from '../span.ts';
import { defaultPrices } from './default-prices.ts';

/** Rates in USD per token. */
export type Rates = { input: number; output: number; cachedInput: number | null; reasoning: number | null };
export type PriceEntry = { source: 'project' | 'built-in'; id: string; pattern: string; matcher: RegExp; rates: Rates };

const perMillion = 1_000_000;

const builtInEntries: PriceEntry[] = defaultPrices.map((row) => ({
  source: 'built-in',
  id: row.id,
  pattern: row.pattern,
  matcher: new RegExp(row.pattern, 'i'),
  rates: {
    input: row.input / perMillion,
    output: row.output / perMillion,
    cachedInput: row.cachedInput === undefined ? null : row.cachedInput / perMillion,
    reasoning: row.reasoning === undefined ? null : row.reasoning / perMillion,
  },
}));

/** Spans whose usage aggregates their children's (Vercel AI SDK parents, agents) are never priced. */
const aggregateKinds = new Set(['chain', 'agent']);

/** `openai/gpt-4o`, `models/gemini-2.5-pro`, ` GPT-4o ` all look up as the bare model name. */
export function normalizeModelName(model: string): string {
  return model.trim().toLowerCase().split('/').at(-1) ?? '';
}

export class PriceBook {
  private readonly entries: PriceEntry[];

  constructor(projectEntries: PriceEntry[] = []) {
    this.entries = [...projectEntries, ...builtInEntries];
  }

  find(model: string): PriceEntry | null {
    const name = normalizeModelName(model);
    return this.entries.find((entry) => entry.matcher.test(name) || entry.matcher.test(model.trim())) ?? null;
  }

  /**
   * Fills costUsd and its provenance when the span has a model with a price and token usage; otherwise leaves
   * cost null (never a guessed 0). Cached input is counted within input tokens and reasoning within output
   * tokens, as OpenAI and the GenAI conventions report them.
   */
  price(span: NormalizedSpan): NormalizedSpan {
    if (span.costUsd !== null || !span.model || aggregateKinds.has(span.kind)) return span;
    if (span.inputTokens === null && span.outputTokens === null) return span;
    const entry = this.find(span.model);
    if (!entry) return span;
    const { costUsd, tokens } = costOfUsage(entry.rates, span);
    return {
      ...span,
      costUsd,
      costProvenance: {
        source: entry.source === 'project' ? 'project-price' : 'price-table',
        priceId: entry.id,
        pattern: entry.pattern,
        ratesPerToken: entry.rates,
        tokens,
      },
    };
  }
}

export type TokenUsage = {
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  reasoningTokens: number | null;
};

/**
 * Cost in USD of a usage at given rates. Cached input is counted within input tokens and reasoning within output
 * tokens, as OpenAI and the GenAI conventions report them.
 */
export function costOfUsage(rates: Rates, usage: TokenUsage) {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  const cached = Math.min(usage.cacheReadTokens ?? 0, input);
  const reasoning = Math.min(usage.reasoningTokens ?? 0, output);
  const cost =
    (input - cached) * rates.input +
    cached * (rates.cachedInput ?? rates.input) +
    (output - reasoning) * rates.output +
    reasoning * (rates.reasoning ?? rates.output);
  return { costUsd: Number(cost.toFixed(10)), tokens: { input, output, cacheRead: cached, reasoning } };
}

/** The project's price book: its overrides (oldest first) ahead of the built-in table. */
export async function loadPriceBook(db: Database, projectId: string): Promise<PriceBook> {
  const rows = await listModelPrices(db, projectId);
  return new PriceBook(
    rows.map((row) => ({
      source: 'project',
      id: row.id,
      pattern: row.modelPattern,
      matcher: new RegExp(row.modelPattern, 'i'),
      rates: {
        input: row.inputPerToken,
        output: row.outputPerToken,
        cachedInput: row.cachedInputPerToken,
        reasoning: row.reasoningPerToken,
      },
    })),
  );
}
