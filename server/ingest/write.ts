// Writes normalized spans: one idempotent upsert per chunk on (project_id, trace_id, span_id).
import { getTableColumns, sql } from 'drizzle-orm';
import type { Database } from '../store/db.ts';
import { spans } from '../store/schema/spans.ts';
import { stripNullCharacters } from '../lib/strip-null-characters.ts';
import { loadPriceBook } from './cost/price-book.ts';
import type { NormalizedSpan } from './span.ts';

/** Rows per INSERT: 1,000 rows x 33 columns stays well under PostgreSQL's 65,535 parameters. */
const rowsPerStatement = 1000;

const generatedColumns = new Set(['durationMs', 'totalTokens', 'createdAt', 'projectId', 'traceId', 'spanId']);
const updateOnConflict = Object.fromEntries(
  Object.entries(getTableColumns(spans))
    .filter(([key]) => !generatedColumns.has(key))
    .map(([key, column]) => [key, sql.raw(`excluded."${column.name}"`)]),
);
updateOnConflict.updatedAt = sql`now()`;

/**
 * Prices and upserts spans into one project. A span sent twice (in one batch or across batches) is stored
 * once, with the last version winning. Resolves only after the rows are committed.
 */
export async function writeSpans(db: Database, projectId: string, batch: readonly NormalizedSpan[]): Promise<number> {
  const latestByIdentity = new Map<string, NormalizedSpan>();
  for (const span of batch) latestByIdentity.set(`${span.traceId}:${span.spanId}`, span);
  const priceBook = await loadPriceBook(db, projectId);
  const rows = [...latestByIdentity.values()].map((span) => toRow(projectId, priceBook.price(span)));
  const insertChunks = async (executor: Database) => {
    for (let offset = 0; offset < rows.length; offset += rowsPerStatement) {
      await executor
        .insert(spans)
        .values(rows.slice(offset, offset + rowsPerStatement))
        .onConflictDoUpdate({ target: [spans.projectId, spans.traceId, spans.spanId], set: updateOnConflict });
    }
  };
  if (rows.length <= rowsPerStatement) await insertChunks(db);
  else await db.transaction((transaction) => insertChunks(transaction));
  return rows.length;
}

function toRow(projectId: string, span: NormalizedSpan): typeof spans.$inferInsert {
  const clean = stripNullCharacters(span);
  return { ...clean, projectId, input: clean.input ?? null, output: clean.output ?? null };
}
