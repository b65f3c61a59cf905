// Budgets and rate limits per API key: reserve an upper bound before the call, settle the actual usage after it.
import { LRUCache } from 'lru-cache';
import { costOfUsage, loadPriceBook, type PriceBook } from '../ingest/cost/price-book.ts';
import type { Database } from '../store/db.ts';
import { adjustUsage, reserveUsage, type UsageAmounts, type UsageWindow } from '../store/queries/proxy-usage.ts';
import type { CallUsage } from './capture.ts';
import type { RoutingBudget, RoutingConfig } from './routing-config.ts';

export type BudgetRefusal = { message: string; retryAfterSeconds: number | null };
export type Reservation = { settle: (actual: CallUsage & { model: string | null; free: boolean }) => Promise<void> };

/** Price books per project for 30 s; concurrent misses share one load, failed loads are not cached. */
const priceBooks = new LRUCache<string, PriceBook, Database>({
  max: 1000,
  ttl: 30_000,
  fetchMethod: (projectId, _stale, { context: db }) => loadPriceBook(db, projectId),
});

/** Start of the budget window holding `now` (UTC); the epoch for `total`. */
export function windowStart(window: RoutingBudget['window'], now: Date): Date {
  const start = new Date(now);
  if (window === 'total') return new Date(0);
  start.setUTCSeconds(0, 0);
  if (window === 'minute') return start;
  start.setUTCMinutes(0);
  if (window === 'hour') return start;
  start.setUTCHours(0);
  if (window === 'day') return start;
  start.setUTCDate(1);
  return start;
}

function windowEnd(window: RoutingBudget['window'], start: Date): Date | null {
  const end = new Date(start);
  if (window === 'minute') end.setUTCMinutes(end.getUTCMinutes() + 1);
  else if (window === 'hour') end.setUTCHours(end.getUTCHours() + 1);
  else if (window === 'day') end.setUTCDate(end.getUTCDate() + 1);
  else if (window === 'month') end.setUTCMonth(end.getUTCMonth() + 1);
  else return null;
  return end;
}

/**
 * Reserves the call against every budget of the config: a request, the input's characters (an upper bound on its
 * tokens) plus max_tokens (or `reserveOutputTokens`), and their cost at the model's price. All or nothing: when one
 * budget refuses, the reservations already made are released.
 */
export async function reserveBudgets(options: {
  db: Database;
  config: RoutingConfig;
  projectId: string;
  keyId: string;
  request: Record<string, unknown>;
}): Promise<Reservation | BudgetRefusal> {
  const { db, config, projectId, keyId, request } = options;
  const needsPrice = config.budgets.some((budget) => budget.maxCostUsd !== undefined);
  const priceBook = needsPrice ? await loadCachedPriceBook(db, projectId) : null;
  const model = String(request.model ?? '');
  const tokens = estimateTokens(request, config.reserveOutputTokens);
  let costUsd = 0;
  if (priceBook) {
    const entry = priceBook.find(model);
    if (!entry) return { message: `model: "${model}" has no price, so its cost budget cannot be enforced; add one with models.prices.upsert`, retryAfterSeconds: null };
    costUsd = tokens.input * entry.rates.input + tokens.output * Math.max(entry.rates.output, entry.rates.reasoning ?? 0);
  }
  const estimate: UsageAmounts = { requests: 1, tokens: tokens.input + tokens.output, costUsd };
  const now = new Date();
  const reserved: UsageWindow[] = [];
  for (const budget of config.budgets) {
    const window: UsageWindow = { projectId, keyId, window: budget.window, windowStart: windowStart(budget.window, now) };
    const before = await reserveUsage(db, { window, amounts: estimate, limits: budget });
    if (!before) {
      await Promise.all(reserved.map((held) => adjustUsage(db, held, negate(estimate))));
      return refusal(budget, window, estimate);
    }
    reserved.push(window);
  }
  return {
    settle: async (actual) => {
      const actualTokens = actual.free ? 0 : (actual.inputTokens ?? 0) + (actual.outputTokens ?? 0);
      const actualCost = actual.free || !priceBook ? 0 : costOf(priceBook, actual);
      const delta = { requests: 0, tokens: actualTokens - estimate.tokens, costUsd: actualCost - estimate.costUsd };
      await Promise.all(reserved.map((window) => adjustUsage(db, window, delta)));
    },
  };
}

export function isRefusal(result: Reservation | BudgetRefusal): result is BudgetRefusal {
  return 'message' in result;
}

function refusal(budget: RoutingBudget, window: UsageWindow, estimate: UsageAmounts): BudgetRefusal {
  const end = windowEnd(budget.window, window.windowStart);
  const limits = [
    budget.maxRequests === undefined ? null : `${budget.maxRequests} requests`,
    budget.maxTokens === undefined ? null : `${budget.maxTokens} tokens`,
    budget.maxCostUsd === undefined ? null : `$${budget.maxCostUsd}`,
  ].filter(Boolean);
  const period = budget.window === 'total' ? 'in total' : `per ${budget.window}`;
  return {
    message: `Budget exceeded for this API key: the limit is ${limits.join(', ')} ${period}, and this call would reserve ${estimate.tokens} tokens ($${estimate.costUsd.toFixed(6)})`,
    retryAfterSeconds: end ? Math.max(1, Math.ceil((end.getTime() - Date.now()) / 1000)) : null,
  };
}

/** Characters of the input bound its tokens from above; output is max_tokens when set. */
function estimateTokens(request: Record<string, unknown>, reserveOutputTokens: number): { input: number; output: number } {
  const input = JSON.stringify(request.messages ?? request.input ?? '').length;
  const limit = request.max_completion_tokens ?? request.max_tokens;
  return { input, output: typeof limit === 'number' && limit > 0 ? limit : reserveOutputTokens };
}

function costOf(priceBook: PriceBook, usage: CallUsage & { model: string | null }): number {
  const entry = usage.model ? priceBook.find(usage.model) : null;
  return entry ? costOfUsage(entry.rates, usage).costUsd : 0;
}

function negate(amounts: UsageAmounts): UsageAmounts {
  return { requests: -amounts.requests, tokens: -amounts.tokens, costUsd: -amounts.costUsd };
}

async function loadCachedPriceBook(db: Database, projectId: string): Promise<PriceBook> {
  return (await priceBooks.fetch(projectId, { context: db })) ?? loadPriceBook(db, projectId);
}
