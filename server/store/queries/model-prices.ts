// Model price queries: a project's overrides, and the models seen without any price.
import { and, asc, desc, eq, inArray, isNotNull, isNull, max, sql } from 'drizzle-orm';
import type { Database } from '../db.ts';
import { modelPrices } from '../schema/model-prices.ts';
import { spans } from '../schema/spans.ts';

export type ModelPrice = typeof modelPrices.$inferSelect;
export type ModelPriceInput = Pick<ModelPrice, 'modelPattern' | 'inputPerToken' | 'outputPerToken' | 'cachedInputPerToken' | 'reasoningPerToken'>;

export async function listModelPrices(db: Database, projectId: string): Promise<ModelPrice[]> {
  return db.select().from(modelPrices).where(eq(modelPrices.projectId, projectId)).orderBy(asc(modelPrices.createdAt));
}

/** Creates or replaces the project's price for a pattern. */
export async function upsertModelPrice(db: Database, projectId: string, price: ModelPriceInput): Promise<ModelPrice> {
  const [row] = await db
    .insert(modelPrices)
    .values({ projectId, ...price })
    .onConflictDoUpdate({
      target: [modelPrices.projectId, modelPrices.modelPattern],
      set: { ...price, updatedAt: sql`now()` },
    })
    .returning();
  if (!row) throw new Error('the model price upsert returned no row');
  return row;
}

export async function deleteModelPrice(db: Database, options: { projectId: string; id: string }): Promise<boolean> {
  const deleted = await db
    .delete(modelPrices)
    .where(and(eq(modelPrices.projectId, options.projectId), eq(modelPrices.id, options.id)))
    .returning({ id: modelPrices.id });
  return deleted.length > 0;
}

/** Models of model spans that reported usage but got no cost: the price table is missing them. */
export async function listUnpricedModels(db: Database, projectId: string) {
  return db
    .select({ model: spans.model, spans: sql<number>`count(*)::int`, lastSeenUnixNano: max(spans.startTimeUnixNano) })
    .from(spans)
    .where(
      and(
        eq(spans.projectId, projectId),
        isNotNull(spans.model),
        isNull(spans.costUsd),
        isNotNull(spans.totalTokens),
        inArray(spans.kind, ['llm', 'embedding', 'span']),
      ),
    )
    .groupBy(spans.model)
    .orderBy(desc(sql`count(*)`));
}
