// API key queries: keys are generated here, shown once, and stored only as a SHA-256 hash plus a prefix.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { generateToken, hashSecret } from '../../lib/secret.ts';
import type { Database } from '../db.ts';
import { apiKeys } from '../schema/api-keys.ts';

export type ApiKeySummary = Omit<typeof apiKeys.$inferSelect, 'hash'>;
export type CreatedApiKey = ApiKeySummary & { secret: string };

const keyPrefix = 'lp_';
const displayPrefixLength = 10;

/** Creates a key for a project and returns its secret; the secret is not stored and cannot be shown again. */
export async function createApiKey(db: Database, options: { projectId: string; name: string }): Promise<CreatedApiKey> {
  const secret = `${keyPrefix}${generateToken(24)}`;
  const [created] = await db
    .insert(apiKeys)
    .values({ ...options, prefix: secret.slice(0, displayPrefixLength), hash: hashSecret(secret) })
    .returning();
  if (!created) throw new Error('the API key insert returned no row');
  const { hash: _hash, ...summary } = created;
  return { ...summary, secret };
}

/** Resolves a presented secret to its project; null when unknown or revoked. */
export async function findProjectIdForKey(db: Database, secret: string): Promise<string | null> {
  return (await findActiveKey(db, secret))?.projectId ?? null;
}

/** The active key a secret belongs to (its id and project); null when unknown or revoked. */
export async function findActiveKey(db: Database, secret: string): Promise<{ id: string; projectId: string } | null> {
  const [found] = await db
    .select({ id: apiKeys.id, projectId: apiKeys.projectId })
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, hashSecret(secret)), isNull(apiKeys.revokedAt)))
    .limit(1);
  return found ?? null;
}

/** Lists a project's keys (never their secrets), newest first. */
export async function listApiKeys(db: Database, projectId: string): Promise<ApiKeySummary[]> {
  return db
    .select({
      id: apiKeys.id,
      projectId: apiKeys.projectId,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.projectId, projectId))
    .orderBy(desc(apiKeys.createdAt));
}

/** Revokes a key of the project; returns false when the project has no such active key. */
export async function revokeApiKey(db: Database, options: { projectId: string; keyId: string }): Promise<boolean> {
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, options.keyId), eq(apiKeys.projectId, options.projectId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return revoked.length > 0;
}
