// Score queries: record one, list those of a trace.
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../db.ts';
import { scores } from '../schema/scores.ts';

export type Score = typeof scores.$inferSelect;

/** How a value is stored: numbers and booleans (as 0/1) in numeric_value, categories in string_value. */
export function scoreValueColumns(value: number | boolean | string) {
  const dataType = typeof value === 'number' ? 'numeric' : typeof value === 'boolean' ? 'boolean' : 'categorical';
  return {
    dataType,
    numericValue: typeof value === 'string' ? null : Number(value),
    stringValue: typeof value === 'string' ? value : null,
  };
}

export async function createScore(db: Database, values: typeof scores.$inferInsert): Promise<Score> {
  const [row] = await db.insert(scores).values(values).returning();
  if (!row) throw new Error('the score insert returned no row');
  return row;
}

export async function listTraceScores(db: Database, options: { projectId: string; traceId: string }): Promise<Score[]> {
  return db
    .select()
    .from(scores)
    .where(and(eq(scores.projectId, options.projectId), eq(scores.traceId, options.traceId)))
    .orderBy(asc(scores.createdAt));
}
