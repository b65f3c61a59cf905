// Proxy budget counters: an atomic conditional reserve, a settle that swaps the estimate for the actual, and a read.
import { and, eq, sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../db.ts';
import { proxyUsage } from '../schema/proxy-usage.ts';

export type UsageWindow = { projectId: string; keyId: string; window: string; windowStart: Date };
export type UsageAmounts = { requests: number; tokens: number; costUsd: number };
export type UsageLimits = { maxRequests?: number | undefined; maxTokens?: number | undefined; maxCostUsd?: number | undefined };

/**
 * Adds `amounts` to the window's counters only if every limit still holds afterwards, in one statement (the row
 * lock serializes concurrent callers, on every replica). Returns the counters before the reservation, or null
 * when it would exceed a limit (then nothing changed).
 */
export async function reserveUsage(db: Database, options: { window: UsageWindow; amounts: UsageAmounts; limits: UsageLimits }): Promise<UsageAmounts | null> {
  const { window, amounts, limits } = options;
  const fits = (column: string, limit: number | undefined, amount: number) =>
    limit === undefined ? sql`true` : sql`proxy_usage.${sql.raw(column)} + ${amount} <= ${limit}`;
  if ((limits.maxRequests ?? Infinity) < amounts.requests || (limits.maxTokens ?? Infinity) < amounts.tokens || (limits.maxCostUsd ?? Infinity) < amounts.costUsd) {
    return null;
  }
  const result = await db.execute(sql`
    insert into proxy_usage (project_id, key_id, "window", window_start, requests, tokens, cost_usd)
    values (${window.projectId}, ${window.keyId}, ${window.window}, ${window.windowStart.toISOString()},
            ${amounts.requests}, ${amounts.tokens}, ${amounts.costUsd})
    on conflict (project_id, key_id, "window", window_start) do update set
      requests = proxy_usage.requests + excluded.requests,
      tokens = proxy_usage.tokens + excluded.tokens,
      cost_usd = proxy_usage.cost_usd + excluded.cost_usd,
      updated_at = now()
    where ${fits('requests', limits.maxRequests, amounts.requests)}
      and ${fits('tokens', limits.maxTokens, amounts.tokens)}
      and ${fits('cost_usd', limits.maxCostUsd, amounts.costUsd)}
    returning requests::float8 as requests, tokens::float8 as tokens, cost_usd`);
  const [row] = rowsOf<{ requests: number; tokens: number; cost_usd: number }>(result);
  if (!row) return null;
  return { requests: row.requests - amounts.requests, tokens: row.tokens - amounts.tokens, costUsd: row.cost_usd - amounts.costUsd };
}

/** Adds signed deltas (actual minus reserved) to a window's counters; never lets them go below zero. */
export async function adjustUsage(db: Database, window: UsageWindow, delta: UsageAmounts): Promise<void> {
  await db
    .update(proxyUsage)
    .set({
      requests: sql`greatest(${proxyUsage.requests} + ${delta.requests}, 0)`,
      tokens: sql`greatest(${proxyUsage.tokens} + ${delta.tokens}, 0)`,
      costUsd: sql`greatest(${proxyUsage.costUsd} + ${delta.costUsd}, 0)`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(proxyUsage.projectId, window.projectId),
        eq(proxyUsage.keyId, window.keyId),
        eq(proxyUsage.window, window.window),
        eq(proxyUsage.windowStart, window.windowStart),
      ),
    );
}

/** Every counter of a project, newest window first (for `proxy.usage`). */
export async function listUsage(db: Database, projectId: string) {
  return db
    .select({
      keyId: proxyUsage.keyId,
      window: proxyUsage.window,
      windowStart: proxyUsage.windowStart,
      requests: proxyUsage.requests,
      tokens: proxyUsage.tokens,
      costUsd: proxyUsage.costUsd,
    })
    .from(proxyUsage)
    .where(eq(proxyUsage.projectId, projectId))
    .orderBy(sql`${proxyUsage.windowStart} desc`);
}
