// Evaluator queries: create one with its first version, add versions (edits), list, read, and find a version.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db.ts';
import { evaluatorVersions } from '../schema/evaluator-versions.ts';
import { evaluators } from '../schema/evaluators.ts';

export type Evaluator = typeof evaluators.$inferSelect;
export type EvaluatorVersion = typeof evaluatorVersions.$inferSelect;

type Definition = { kind: string; config: unknown };

/** The new evaluator and its version 1, or null when the project already has one of that name. */
export async function createEvaluator(
  db: Database,
  options: { projectId: string; name: string; description: string | null; definition: Definition },
): Promise<{ evaluator: Evaluator; version: EvaluatorVersion } | null> {
  return db.transaction(async (transaction) => {
    const [evaluator] = await transaction
      .insert(evaluators)
      .values({ projectId: options.projectId, name: options.name, description: options.description })
      .onConflictDoNothing()
      .returning();
    if (!evaluator) return null;
    return { evaluator, version: await insertVersion(transaction, evaluator, 1, options.definition) };
  });
}

/** Records an edit as the next version; null when the project has no such evaluator. */
export async function addEvaluatorVersion(
  db: Database,
  options: { projectId: string; evaluatorId: string; description?: string | null | undefined; definition: Definition },
): Promise<{ evaluator: Evaluator; version: EvaluatorVersion } | null> {
  return db.transaction(async (transaction) => {
    const [evaluator] = await transaction
      .update(evaluators)
      .set({
        latestVersion: sql`${evaluators.latestVersion} + 1`,
        updatedAt: new Date(),
        ...(options.description === undefined ? {} : { description: options.description }),
      })
      .where(and(eq(evaluators.projectId, options.projectId), eq(evaluators.id, options.evaluatorId)))
      .returning();
    if (!evaluator) return null;
    return { evaluator, version: await insertVersion(transaction, evaluator, evaluator.latestVersion, options.definition) };
  });
}

async function insertVersion(db: Database, evaluator: Evaluator, number: number, definition: Definition): Promise<EvaluatorVersion> {
  const [version] = await db
    .insert(evaluatorVersions)
    .values({ projectId: evaluator.projectId, evaluatorId: evaluator.id, version: number, ...definition })
    .returning();
  if (!version) throw new Error('the evaluator version insert returned no row');
  return version;
}

/** The project's evaluators with their latest version's kind, newest edit first. */
export async function listEvaluators(db: Database, projectId: string) {
  return db
    .select({
      id: evaluators.id,
      name: evaluators.name,
      description: evaluators.description,
      latestVersion: evaluators.latestVersion,
      kind: evaluatorVersions.kind,
      latestVersionId: evaluatorVersions.id,
      updatedAt: evaluators.updatedAt,
    })
    .from(evaluators)
    .innerJoin(
      evaluatorVersions,
      and(eq(evaluatorVersions.evaluatorId, evaluators.id), eq(evaluatorVersions.version, evaluators.latestVersion)),
    )
    .where(eq(evaluators.projectId, projectId))
    .orderBy(desc(evaluators.updatedAt));
}

export async function findEvaluator(db: Database, options: { projectId: string; evaluatorId: string }) {
  const [evaluator] = await db
    .select()
    .from(evaluators)
    .where(and(eq(evaluators.projectId, options.projectId), eq(evaluators.id, options.evaluatorId)));
  if (!evaluator) return null;
  const versions = await db
    .select()
    .from(evaluatorVersions)
    .where(eq(evaluatorVersions.evaluatorId, evaluator.id))
    .orderBy(desc(evaluatorVersions.version));
  return { evaluator, versions };
}

/** A version with its evaluator's name; `version` omitted means the latest. */
export async function findEvaluatorVersion(
  db: Database,
  options: { projectId: string; evaluatorId: string; version?: number | undefined },
): Promise<(EvaluatorVersion & { name: string }) | null> {
  const [found] = await db
    .select({ version: evaluatorVersions, name: evaluators.name })
    .from(evaluators)
    .innerJoin(evaluatorVersions, eq(evaluatorVersions.evaluatorId, evaluators.id))
    .where(
      and(
        eq(evaluators.projectId, options.projectId),
        eq(evaluators.id, options.evaluatorId),
        eq(evaluatorVersions.version, options.version ?? evaluators.latestVersion),
      ),
    );
  return found ? { ...found.version, name: found.name } : null;
}

/** A version by id, scoped to the project (workers read runs' versions this way). */
export async function getEvaluatorVersion(db: Database, options: { projectId: string; versionId: string }) {
  const [found] = await db
    .select({ version: evaluatorVersions, name: evaluators.name })
    .from(evaluatorVersions)
    .innerJoin(evaluators, eq(evaluators.id, evaluatorVersions.evaluatorId))
    .where(and(eq(evaluatorVersions.projectId, options.projectId), eq(evaluatorVersions.id, options.versionId)));
  return found ? { ...found.version, name: found.name } : null;
}
