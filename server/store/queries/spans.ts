// Span queries: filtered keyset search over compact rows, and whole traces with payloads.
import { type SQL, type SQLWrapper, and, arrayContains, asc, desc, eq, getTableColumns, gt, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import { formatNanosecondsAsIso } from '../../lib/nanoseconds.ts';
import { type Database, rowsOf } from '../db.ts';
import { scores } from '../schema/scores.ts';
import { spans } from '../schema/spans.ts';

export type SpanFilter = {
  fromUnixNano: bigint;
  toUnixNano: bigint;
  name?: string | undefined;
  kinds?: string[] | undefined;
  models?: string[] | undefined;
  providers?: string[] | undefined;
  statuses?: string[] | undefined;
  userId?: string | undefined;
  sessionId?: string | undefined;
  traceId?: string | undefined;
  tags?: string[] | undefined;
  metadata?: Record<string, string | number | boolean> | undefined;
  minLatencyMs?: number | undefined;
  maxLatencyMs?: number | undefined;
  minCostUsd?: number | undefined;
  maxCostUsd?: number | undefined;
  minTokens?: number | undefined;
  maxTokens?: number | undefined;
  text?: string | undefined;
  /** Each condition is met by some score of that name on the span, or on its trace as a whole. */
  scores?: ScoreCondition[] | undefined;
};

export const scoreComparisons = ['=', '<', '<=', '>', '>='] as const;
/** A score of `name` exists; with `op` and `value`, one whose value compares so (booleans compare as 0/1). */
export type ScoreCondition = { name: string; op?: (typeof scoreComparisons)[number] | undefined; value?: number | boolean | string | undefined };

/** Orders a search can page in: start time (index-backed), or latency, cost or tokens (sorted over the range). */
export const spanSorts = ['start', 'latency', 'cost', 'tokens'] as const;
export type SpanSort = (typeof spanSorts)[number];

/** Where a page ends: the sort key of its last row (`sortValue` as exact text, for the non-time sorts). */
export type SpanCursor = { startTimeUnixNano: bigint; traceId: string; spanId: string; sortValue?: string | undefined };

export type SearchOptions = {
  projectId: string;
  filter: SpanFilter;
  order: 'asc' | 'desc';
  /** Default: start. */
  sortBy?: SpanSort | undefined;
  limit: number;
  after?: SpanCursor | undefined;
};

/** The value a non-time sort orders by; unknown values sort as -1, so last in descending order. */
const sortKeys = {
  latency: sql`coalesce(${spans.durationMs}::numeric, -1)`,
  cost: sql`coalesce(${spans.costUsd}::numeric, -1)`,
  tokens: sql`coalesce(${spans.totalTokens}::numeric, -1)`,
};

/** Every stored column except the tenant and bookkeeping ones: what traces.get and exports return. */
const { createdAt: _createdAt, updatedAt: _updatedAt, projectId: _projectId, ...fullColumns } = getTableColumns(spans);

const previewLength = 200;

/** The same expression as the trigram index spans_input_output_idx, so text search can use it. */
const searchableText = sql`(coalesce(${spans.input}::text, '') || ' ' || coalesce(${spans.output}::text, ''))`;

/**
 * The start of a payload for tables: the text of the last chat message when it is a conversation (OpenAI
 * content, GenAI parts, choice messages), the string itself, or the JSON text.
 */
function previewOf(column: typeof spans.input | typeof spans.output) {
  return sql<string | null>`left(coalesce(
    case jsonb_typeof(${column})
      when 'array' then coalesce(${column} -> -1 -> 'parts' -> 0 ->> 'content', ${column} -> -1 ->> 'content', ${column} -> -1 -> 'message' ->> 'content')
      when 'object' then coalesce(${column} ->> 'content', ${column} -> 'parts' -> 0 ->> 'content', ${column} -> 'message' ->> 'content')
    end,
    ${column} #>> '{}',
    ${column}::text), ${previewLength})`;
}

const compactColumns = {
  traceId: spans.traceId,
  spanId: spans.spanId,
  parentSpanId: spans.parentSpanId,
  name: spans.name,
  kind: spans.kind,
  startTimeUnixNano: spans.startTimeUnixNano,
  endTimeUnixNano: spans.endTimeUnixNano,
  durationMs: spans.durationMs,
  status: spans.status,
  statusMessage: sql<string | null>`left(${spans.statusMessage}, ${previewLength})`,
  model: spans.model,
  provider: spans.provider,
  inputTokens: spans.inputTokens,
  outputTokens: spans.outputTokens,
  totalTokens: spans.totalTokens,
  costUsd: spans.costUsd,
  ttftMs: spans.ttftMs,
  userId: spans.userId,
  sessionId: spans.sessionId,
  tags: spans.tags,
  source: spans.source,
  inputPreview: previewOf(spans.input),
  outputPreview: previewOf(spans.output),
};

/** The compact columns minus payload previews: enough to draw a trace's tree and waterfall. */
const { inputPreview: _inputPreview, outputPreview: _outputPreview, ...outlineColumns } = compactColumns;

/** One page of compact span rows in time order; fetches one extra row to tell whether more follow. */
export function searchSpans(db: Database, options: SearchOptions) {
  return selectSpanPage(db, options, compactColumns);
}

export type FullSpanRow = Awaited<ReturnType<typeof getTraceSpans>>[number];

/** One page of full span rows (payloads included) in time order, for exports. */
export async function exportSpanPage(db: Database, options: SearchOptions) {
  const page = await selectSpanPage(db, options, fullColumns);
  return page as unknown as { rows: FullSpanRow[]; next: SpanCursor | null };
}

async function selectSpanPage<Columns extends typeof compactColumns | typeof fullColumns>(
  db: Database,
  options: SearchOptions,
  columns: Columns,
) {
  const { projectId, filter, order, limit, after, sortBy = 'start' } = options;
  const sortKey = sortBy === 'start' ? undefined : sortKeys[sortBy];
  const conditions = [eq(spans.projectId, projectId), ...buildFilterConditions(filter)];
  if (after) {
    const comparison = order === 'desc' ? sql`<` : sql`>`;
    conditions.push(
      sortKey
        ? sql`(${sortKey}, ${spans.startTimeUnixNano}, ${spans.traceId}, ${spans.spanId}) ${comparison} (${after.sortValue ?? '-1'}::numeric, ${after.startTimeUnixNano}, ${after.traceId}, ${after.spanId})`
        : sql`(${spans.startTimeUnixNano}, ${spans.traceId}, ${spans.spanId}) ${comparison} (${after.startTimeUnixNano}, ${after.traceId}, ${after.spanId})`,
    );
  }
  const direction = order === 'desc' ? desc : asc;
  const timeOrder = [direction(spans.startTimeUnixNano), direction(spans.traceId), direction(spans.spanId)];
  const rows = await db
    .select({ ...(columns as typeof compactColumns), sortValue: sql<string | null>`${sortKey ?? sql`null`}::text` })
    .from(spans)
    .where(and(...conditions))
    .orderBy(...(sortKey ? [direction(sortKey), ...timeOrder] : timeOrder))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const next: SpanCursor | null =
    rows.length > limit && last
      ? { startTimeUnixNano: last.startTimeUnixNano, traceId: last.traceId, spanId: last.spanId, sortValue: last.sortValue ?? undefined }
      : null;
  return { rows: page.map(({ sortValue: _sortValue, ...row }) => withReadableTimes(row)), next };
}

/** Every span of a trace with payloads, in start order; empty when the project has no such trace. */
export async function getTraceSpans(db: Database, options: TraceOptions) {
  const rows = await db.select(fullColumns).from(spans).where(traceCondition(options)).orderBy(...traceOrder);
  return rows.map(withReadableTimes);
}

/** Every span of a trace without payloads, in start order: a 10,000-span trace stays a few MB. */
export async function getTraceOutline(db: Database, options: TraceOptions) {
  const rows = await db.select(outlineColumns).from(spans).where(traceCondition(options)).orderBy(...traceOrder);
  return rows.map(withReadableTimes);
}

type TraceOptions = { projectId: string; traceId: string };

const traceCondition = (options: TraceOptions) => and(eq(spans.projectId, options.projectId), eq(spans.traceId, options.traceId));
const traceOrder = [asc(spans.startTimeUnixNano), asc(spans.spanId)];

/** One span with payloads, or undefined when the project has no such span. */
export async function getSpan(db: Database, options: { projectId: string; traceId: string; spanId: string }) {
  const [row] = await db
    .select(fullColumns)
    .from(spans)
    .where(and(eq(spans.projectId, options.projectId), eq(spans.traceId, options.traceId), eq(spans.spanId, options.spanId)));
  return row ? withReadableTimes(row) : undefined;
}

/** Full rows (payloads included) of the given spans of a project; missing ones are left out. */
export async function getSpansByKeys(db: Database, options: { projectId: string; keys: { traceId: string; spanId: string }[] }) {
  if (options.keys.length === 0) return [];
  const rows = await db
    .select(fullColumns)
    .from(spans)
    .where(and(eq(spans.projectId, options.projectId), spanKeysCondition(spans.traceId, spans.spanId, options.keys)));
  return keepSpanKeys(rows, options.keys).map(withReadableTimes);
}

/**
 * A superset of `(trace, span) in <keys>` that uses the (project, trace, span) indexes on every planner: both columns
 * `= any(array)`. (A row-IN list makes the planner build one OR branch per key, which on PGlite takes minutes from a
 * few hundred keys.) Callers keep only the exact pairs.
 */
export function spanKeysCondition(traceColumn: SQLWrapper, spanColumn: SQLWrapper, keys: { traceId: string; spanId: string }[]): SQL {
  const traceIds = sql.join([...new Set(keys.map((key) => key.traceId))].map((id) => sql`${id}`), sql`, `);
  const spanIds = sql.join([...new Set(keys.map((key) => key.spanId))].map((id) => sql`${id}`), sql`, `);
  return sql`${traceColumn} = any(array[${traceIds}]::text[]) and ${spanColumn} = any(array[${spanIds}]::text[])`;
}

/** Keeps the rows whose (traceId, spanId) is one of the keys. */
export function keepSpanKeys<Row extends { traceId: string; spanId: string | null }>(rows: Row[], keys: { traceId: string; spanId: string }[]): Row[] {
  const wanted = new Set(keys.map((key) => `${key.traceId}/${key.spanId}`));
  return rows.filter((row) => wanted.has(`${row.traceId}/${row.spanId}`));
}


export type FacetValue = { value: string; count: number };
export type SpanFacets = {
  names: FacetValue[];
  models: FacetValue[];
  providers: FacetValue[];
  tags: FacetValue[];
  /** How many of the range's newest spans the counts cover (at most `sampleSize`). */
  sampledSpans: number;
};

/**
 * The most frequent names, models, providers and tags among the newest `sampleSize` spans of a time range,
 * for filter pickers: one index-ordered scan of bounded size, however many spans the range holds.
 */
export async function listSpanFacets(
  db: Database,
  options: { projectId: string; fromUnixNano: bigint; toUnixNano: bigint; limit: number; sampleSize: number },
): Promise<SpanFacets> {
  const result = await db.execute(sql`
    with sample as materialized (
      select ${spans.name} as name, ${spans.model} as model, ${spans.provider} as provider, ${spans.tags} as tags
      from ${spans}
      where ${spans.projectId} = ${options.projectId} and ${spans.startTimeUnixNano} >= ${options.fromUnixNano}
        and ${spans.startTimeUnixNano} < ${options.toUnixNano}
      order by ${spans.startTimeUnixNano} desc
      limit ${options.sampleSize}
    ),
    counted as (
      select 'names' as facet, name as value, count(*)::int as count from sample group by name
      union all select 'models', model, count(*)::int from sample where model is not null group by model
      union all select 'providers', provider, count(*)::int from sample where provider is not null group by provider
      union all select 'tags', tag, count(*)::int from sample, unnest(tags) as tag group by tag
      union all select 'sampled', null, count(*)::int from sample
    ),
    ranked as (
      select facet, value, count, row_number() over (partition by facet order by count desc, value) as rank from counted
    )
    select facet, value, count from ranked where rank <= ${options.limit} order by facet, rank`);
  const facets: SpanFacets = { names: [], models: [], providers: [], tags: [], sampledSpans: 0 };
  for (const row of rowsOf<{ facet: string; value: string | null; count: number }>(result)) {
    if (row.facet === 'sampled') facets.sampledSpans = Number(row.count);
    else facets[row.facet as 'names' | 'models' | 'providers' | 'tags'].push({ value: String(row.value), count: Number(row.count) });
  }
  return facets;
}

/** SQL conditions for every filter of a span search, time range included (shared by search, export and metrics). */
export function buildFilterConditions(filter: SpanFilter): SQL[] {
  const conditions: (SQL | undefined)[] = [
    gte(spans.startTimeUnixNano, filter.fromUnixNano),
    lt(spans.startTimeUnixNano, filter.toUnixNano),
    filter.name === undefined ? undefined : eq(spans.name, filter.name),
    filter.kinds?.length ? inArray(spans.kind, filter.kinds) : undefined,
    filter.models?.length ? inArray(spans.model, filter.models) : undefined,
    filter.providers?.length ? inArray(spans.provider, filter.providers) : undefined,
    filter.statuses?.length ? inArray(spans.status, filter.statuses) : undefined,
    filter.userId === undefined ? undefined : eq(spans.userId, filter.userId),
    filter.sessionId === undefined ? undefined : eq(spans.sessionId, filter.sessionId),
    filter.traceId === undefined ? undefined : eq(spans.traceId, filter.traceId),
    filter.tags?.length ? arrayContains(spans.tags, filter.tags) : undefined,
    filter.metadata && Object.keys(filter.metadata).length > 0
      ? sql`${spans.metadata} @> ${JSON.stringify(filter.metadata)}::jsonb`
      : undefined,
    filter.minLatencyMs === undefined ? undefined : gte(spans.durationMs, filter.minLatencyMs),
    filter.maxLatencyMs === undefined ? undefined : lte(spans.durationMs, filter.maxLatencyMs),
    filter.minCostUsd === undefined ? undefined : gte(spans.costUsd, filter.minCostUsd),
    filter.maxCostUsd === undefined ? undefined : lte(spans.costUsd, filter.maxCostUsd),
    filter.minTokens === undefined ? undefined : gte(spans.totalTokens, filter.minTokens),
    filter.maxTokens === undefined ? undefined : lte(spans.totalTokens, filter.maxTokens),
    filter.text === undefined ? undefined : sql`${searchableText} ilike ${toContainsPattern(filter.text)}`,
    ...(filter.scores ?? []).map(scoreExists),
  ];
  return conditions.filter((condition): condition is SQL => condition !== undefined);
}

const comparisons = { '=': eq, '<': lt, '<=': lte, '>': gt, '>=': gte } as const;

/**
 * A score of the span, or of its whole trace, with the condition's name and value: two probes of the scores index on
 * (project, trace, span), so a trace with many scored spans costs no more per span than a small one.
 */
function scoreExists(condition: ScoreCondition): SQL {
  const { op, value } = condition;
  let valueCondition: SQL | undefined;
  if (typeof value === 'string') valueCondition = eq(scores.stringValue, value);
  else if (typeof value === 'boolean') valueCondition = and(eq(scores.dataType, 'boolean'), eq(scores.numericValue, value ? 1 : 0));
  else if (typeof value === 'number' && op) valueCondition = comparisons[op](scores.numericValue, value);
  const scoreOf = (subject: SQL) =>
    sql`exists (select 1 from ${scores} where ${and(
      sql`${scores.projectId} = ${spans.projectId}`,
      sql`${scores.traceId} = ${spans.traceId}`,
      subject,
      eq(scores.name, condition.name),
      valueCondition,
    )})`;
  return sql`(${scoreOf(sql`${scores.spanId} = ${spans.spanId}`)} or ${scoreOf(sql`${scores.spanId} is null`)})`;
}

/**
 * Payloads are matched in their jsonb text form, where strings carry JSON escapes; the needle is escaped
 * the same way (so quotes and newlines match), then LIKE wildcards in it are escaped.
 */
function toContainsPattern(text: string): string {
  const jsonEscaped = JSON.stringify(text).slice(1, -1);
  return `%${jsonEscaped.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** bigint nanoseconds are not JSON: expose them as exact digit strings plus an ISO time. */
function withReadableTimes<Row extends { startTimeUnixNano: bigint; endTimeUnixNano: bigint }>(row: Row) {
  return {
    ...row,
    startTimeUnixNano: row.startTimeUnixNano.toString(),
    endTimeUnixNano: row.endTimeUnixNano.toString(),
    startTime: formatNanosecondsAsIso(row.startTimeUnixNano),
    endTime: formatNanosecondsAsIso(row.endTimeUnixNano),
  };
}
