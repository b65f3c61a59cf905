// Time-series metrics computed in SQL: date_bin-aligned buckets (empty ones included), percentile_cont latencies,
// token and cost sums over model spans only, and score averages per name.
import { and, eq, sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../db.ts';
import { scores } from '../schema/scores.ts';
import { spans } from '../schema/spans.ts';
import { type SpanFilter, buildFilterConditions } from './spans.ts';

export type TimeseriesPoint = {
  bucket: string;
  requests: number;
  errors: number;
  errorRate: number | null;
  latencyP50: number | null;
  latencyP95: number | null;
  latencyP99: number | null;
  ttftP50: number | null;
  ttftP95: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
};

export type ScorePoint = { bucket: string; name: string; average: number | null; count: number };

/** A bucket start as epoch seconds, so both drivers hand back the same type. */
const bucketOf = (timestamp: ReturnType<typeof sql>, seconds: number) =>
  sql`extract(epoch from date_bin(make_interval(secs => ${seconds}), ${timestamp}, timestamptz '2000-01-01'))::bigint`;

/** Model spans carry the usage; aggregates (Vercel AI parents, agents) repeat it and are not summed. */
const isModelSpan = sql`${spans.kind} in ('llm', 'embedding')`;

export async function spanTimeseries(db: Database, options: { projectId: string; filter: SpanFilter; bucketSeconds: number }) {
  const { projectId, filter, bucketSeconds } = options;
  const where = and(eq(spans.projectId, projectId), ...buildFilterConditions(filter));
  const from = Number(filter.fromUnixNano / 1_000_000_000n);
  const to = Number(filter.toUnixNano / 1_000_000_000n);
  const result = await db.execute(sql`
    with series as (
      select generate_series(${bucketOf(sql`to_timestamp(${from})`, bucketSeconds)}, ${to}::bigint - 1, ${bucketSeconds}::bigint) as bucket
    )
    -- One index range scan per bucket (index-only, on spans_project_id_start_time_unix_nano_idx) instead of
    -- one scan sorted by bucket: no sort over the whole range, and each percentile sort stays small.
    select series.bucket, measured.requests, measured.errors, measured.latency[1] as latency_p50, measured.latency[2] as latency_p95,
      measured.latency[3] as latency_p99, measured.ttft[1] as ttft_p50, measured.ttft[2] as ttft_p95,
      measured.input_tokens, measured.output_tokens, measured.cost_usd
    from series, lateral (
      select count(*)::int as requests,
        (count(*) filter (where ${spans.status} = 'error'))::int as errors,
        -- One sort per column: the array form computes every percentile from the same ordering.
        percentile_cont(array[0.5, 0.95, 0.99]) within group (order by ${spans.durationMs}) as latency,
        percentile_cont(array[0.5, 0.95]) within group (order by ${spans.ttftMs}) as ttft,
        coalesce(sum(${spans.inputTokens}) filter (where ${isModelSpan}), 0)::bigint as input_tokens,
        coalesce(sum(${spans.outputTokens}) filter (where ${isModelSpan}), 0)::bigint as output_tokens,
        coalesce(sum(${spans.costUsd}), 0)::double precision as cost_usd
      from ${spans}
      where ${where} and ${spans.startTimeUnixNano} >= series.bucket * 1000000000
        and ${spans.startTimeUnixNano} < (series.bucket + ${bucketSeconds}::bigint) * 1000000000
    ) as measured
    order by series.bucket`);
  return rowsOf<Record<string, string | number | null>>(result).map(
    (row): TimeseriesPoint => {
      const requests = Number(row.requests ?? 0);
      const errors = Number(row.errors ?? 0);
      const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));
      return {
        bucket: new Date(Number(row.bucket) * 1000).toISOString(),
        requests,
        errors,
        errorRate: requests > 0 ? errors / requests : null,
        latencyP50: numberOrNull(row.latency_p50),
        latencyP95: numberOrNull(row.latency_p95),
        latencyP99: numberOrNull(row.latency_p99),
        ttftP50: numberOrNull(row.ttft_p50),
        ttftP95: numberOrNull(row.ttft_p95),
        inputTokens: Number(row.input_tokens ?? 0),
        outputTokens: Number(row.output_tokens ?? 0),
        costUsd: Number(row.cost_usd ?? 0),
      };
    },
  );
}

/** Average numeric (and boolean, as 0/1) score per name and bucket, by when the score was recorded. */
export async function scoreTimeseries(db: Database, options: { projectId: string; fromUnixNano: bigint; toUnixNano: bigint; bucketSeconds: number }) {
  const from = new Date(Number(options.fromUnixNano / 1_000_000n));
  const to = new Date(Number(options.toUnixNano / 1_000_000n));
  const result = await db.execute(sql`
    select ${bucketOf(sql`${scores.createdAt}`, options.bucketSeconds)} as bucket, ${scores.name} as name,
      avg(${scores.numericValue}) as average, count(*)::int as count
    from ${scores}
    where ${scores.projectId} = ${options.projectId} and ${scores.createdAt} >= ${from.toISOString()}::timestamptz
      and ${scores.createdAt} < ${to.toISOString()}::timestamptz
    group by 1, 2
    order by 1, 2`);
  return rowsOf<Record<string, string | number | null>>(result).map(
    (row): ScorePoint => ({
      bucket: new Date(Number(row.bucket) * 1000).toISOString(),
      name: String(row.name),
      average: row.average === null ? null : Number(row.average),
      count: Number(row.count),
    }),
  );
}
