// Proxy routing configs set through tRPC: read, upsert and delete one project's config.
import { eq } from 'drizzle-orm';
import type { Database } from '../db.ts';
import { proxyRoutes } from '../schema/proxy-routes.ts';

/** The stored config (unvalidated JSON) and when it changed; null when the project has none. */
export async function findProxyRoute(db: Database, projectId: string): Promise<{ config: unknown; updatedAt: Date } | null> {
  const [found] = await db
    .select({ config: proxyRoutes.config, updatedAt: proxyRoutes.updatedAt })
    .from(proxyRoutes)
    .where(eq(proxyRoutes.projectId, projectId));
  return found ?? null;
}

export async function upsertProxyRoute(db: Database, projectId: string, config: unknown): Promise<void> {
  await db
    .insert(proxyRoutes)
    .values({ projectId, config })
    .onConflictDoUpdate({ target: proxyRoutes.projectId, set: { config, updatedAt: new Date() } });
}

export async function deleteProxyRoute(db: Database, projectId: string): Promise<boolean> {
  const deleted = await db.delete(proxyRoutes).where(eq(proxyRoutes.projectId, projectId)).returning({ projectId: proxyRoutes.projectId });
  return deleted.length > 0;
}
