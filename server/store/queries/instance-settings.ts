// Instance settings queries: the admin token's hash, generated once per instance.
import { eq } from 'drizzle-orm';
import type { Database } from '../db.ts';
import { instanceSettings } from '../schema/instance-settings.ts';

const adminTokenKey = 'admin_token_sha256';

/** Returns the stored admin token hash, or null on a fresh instance. */
export async function readAdminTokenHash(db: Database): Promise<string | null> {
  const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, adminTokenKey));
  return typeof row?.value === 'string' ? row.value : null;
}

/** Stores the admin token hash unless one exists; returns the hash in force afterwards. */
export async function storeAdminTokenHash(db: Database, hash: string): Promise<string> {
  await db.insert(instanceSettings).values({ key: adminTokenKey, value: hash }).onConflictDoNothing();
  return (await readAdminTokenHash(db)) ?? hash;
}
