// Writes normalized spans: one idempotent upsert per chunk on (project_id, trace_id, span_id).
import { getTableColumns, sql } from 'drizzle-orm';
import { stripNullCharacters } from '../lib/strip-null-characters.ts';
import type { Database } from '../store/db.ts';
import { spans } from '../store/schema/spans.ts';
import { loadPriceBook } from './cost/price-book.ts';
import type { NormalizedSpan } from './span.ts';

/** Rows per statement: bounds the size of one JSON parameter and one transaction's lock set. */
const rowsPerStatement = 1000;

const notWritten = new Set(['durationMs', 'totalTokens', 'createdAt', 'updatedAt']);
const identity = new Set(['projectId', 'traceId', 'spanId']);
const writtenColumns = Object.entries(getTableColumns(spans)).filter(([key]) => !notWritten.has(key));
const columnList = sql.raw(writtenColumns.map(([, column]) => `"${column.name}"`).join(', '));
const updateList = sql.raw(
  [
    ...writtenColumns.filter(([key]) => !identity.has(key)).map(([, column]) => `"${column.name}" = excluded."${column.name}"`),
    '"updated_at" = now()',
  ].join(', '),
);

/**
 * Prices and upserts spans into one project. A span sent twice (in one batch or across batches) is stored
 * once, with the last version winning. Resolves only after the rows are committed.
 *
 * Rows travel as one jsonb parameter expanded by jsonb_populate_recordset: PostgreSQL parses it once, in C;
 * measured ~2.5x faster than binding 33 parameters per row (and ~1.6x faster than json_populate_recordset,
 * which re-parses every jsonb column). It works the same on PGlite.
 */
export async function writeSpans(db: Database, projectId: string, batch: readonly NormalizedSpan[]): Promise<number> {
  const latestByIdentity = new Map<string, NormalizedSpan>();
  for (const span of batch) latestByIdentity.set(`${span.traceId}:${span.spanId}`, span);
  const priceBook = await loadPriceBook(db, projectId);
  const rows = [...latestByIdentity.values()].map((span) => toRowJson(projectId, priceBook.price(span)));
  const insertChunks = async (executor: Database) => {
    for (let offset = 0; offset < rows.length; offset += rowsPerStatement) {
      const json = `[${rows.slice(offset, offset + rowsPerStatement).join(',')}]`;
      await executor.execute(sql`
        insert into spans (${columnList})
        select ${columnList} from jsonb_populate_recordset(null::spans, ${json}::jsonb)
        on conflict (project_id, trace_id, span_id) do update set ${updateList}`);
    }
  };
  if (rows.length <= rowsPerStatement) await insertChunks(db);
  else await db.transaction((transaction) => insertChunks(transaction));
  return rows.length;
}

/** One row as JSON keyed by SQL column name; nanosecond times as exact digit strings. */
function toRowJson(projectId: string, span: NormalizedSpan): string {
  const clean = stripNullCharacters(span);
  return JSON.stringify({
    project_id: projectId,
    trace_id: clean.traceId,
    span_id: clean.spanId,
    parent_span_id: clean.parentSpanId,
    name: clean.name,
    kind: clean.kind,
    start_time_unix_nano: clean.startTimeUnixNano.toString(),
    end_time_unix_nano: clean.endTimeUnixNano.toString(),
    status: clean.status,
    status_message: clean.statusMessage,
    model: clean.model,
    provider: clean.provider,
    input: clean.input ?? null,
    output: clean.output ?? null,
    input_tokens: clean.inputTokens,
    output_tokens: clean.outputTokens,
    cache_read_tokens: clean.cacheReadTokens,
    reasoning_tokens: clean.reasoningTokens,
    cost_usd: clean.costUsd,
    cost_provenance: clean.costProvenance,
    ttft_ms: clean.ttftMs,
    user_id: clean.userId,
    session_id: clean.sessionId,
    tags: clean.tags,
    metadata: clean.metadata,
    attributes: clean.attributes,
    events: clean.events,
    links: clean.links,
    resource: clean.resource,
    scope: clean.scope,
    source: clean.source,
    convention: clean.convention,
    unmapped_attributes: clean.unmappedAttributes,
  });
}
