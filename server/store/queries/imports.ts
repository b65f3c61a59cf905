// Import queries: the import row and its progress counters, and the rejected lines.
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../db.ts';
import { importErrors, imports } from '../schema/imports.ts';

export type ImportRow = typeof imports.$inferSelect;

export async function createImport(db: Database, values: typeof imports.$inferInsert): Promise<ImportRow> {
  const [row] = await db.insert(imports).values(values).returning();
  if (!row) throw new Error('the import insert returned no row');
  return row;
}

/** Records a committed stretch of the file: counters move forward with the rejected lines of that stretch. */
export async function recordImportProgress(
  db: Database,
  options: { importId: string; bytesRead: number; linesCommitted: number; spansImported: number; rejected: { line: number; reason: string }[] },
): Promise<void> {
  await db.transaction(async (transaction) => {
    if (options.rejected.length > 0) {
      await transaction
        .insert(importErrors)
        .values(options.rejected.map((rejection) => ({ importId: options.importId, ...rejection })));
    }
    await transaction
      .update(imports)
      .set({
        bytesRead: options.bytesRead,
        linesCommitted: options.linesCommitted,
        spansImported: sql`${imports.spansImported} + ${options.spansImported}`,
        linesRejected: sql`${imports.linesRejected} + ${options.rejected.length}`,
        updatedAt: new Date(),
      })
      .where(eq(imports.id, options.importId));
  });
}

export async function finishImport(db: Database, options: { importId: string; status: 'done' | 'failed'; error?: string }) {
  await db
    .update(imports)
    .set({ status: options.status, error: options.error ?? null, finishedAt: new Date(), updatedAt: new Date() })
    .where(eq(imports.id, options.importId));
}

export async function getImport(db: Database, options: { projectId: string; importId: string }): Promise<ImportRow | null> {
  const [row] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.projectId, options.projectId), eq(imports.id, options.importId)));
  return row ?? null;
}

export async function listImports(db: Database, projectId: string): Promise<ImportRow[]> {
  return db.select().from(imports).where(eq(imports.projectId, projectId)).orderBy(desc(imports.createdAt)).limit(100);
}

/** Rejected lines in line order, after `afterLine`. */
export async function listImportErrors(db: Database, options: { importId: string; afterLine: number; limit: number }) {
  return db
    .select({ line: importErrors.line, reason: importErrors.reason })
    .from(importErrors)
    .where(and(eq(importErrors.importId, options.importId), gt(importErrors.line, options.afterLine)))
    .orderBy(asc(importErrors.line))
    .limit(options.limit);
}
