// Opens the store: postgres.js when a DATABASE_URL is given, embedded PGlite otherwise; migrates on open.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { acquireDirectoryLock } from '../lib/directory-lock.ts';
import * as schema from './schema/index.ts';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The rows of `db.execute`: postgres.js returns an array, PGlite an object holding `rows`. */
export function rowsOf<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}

export type Store = {
  db: Database;
  driver: 'pglite' | 'postgres';
  /** What the job queue (pg-boss) connects with: the PostgreSQL URL, or the embedded PGlite itself. */
  queueConnection: { url: string } | { pglite: PGlite };
  close: () => Promise<void>;
};

export type StoreOptions = {
  /** postgres:// URL; when absent the store is PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` keeps everything in memory (tests). */
  dataDir: string;
  /** Maximum pooled connections on PostgreSQL. */
  maxConnections?: number;
};

const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));
/** Any fixed 64-bit number: serializes concurrent migrators (replicas starting together). */
const migrationLockId = 4_242_001;

/** Opens the database named by the options and applies pending migrations before returning. */
export async function openStore(options: StoreOptions): Promise<Store> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.maxConnections ?? 10)
    : openPglite(options.dataDir);
}

async function openPostgres(url: string, maxConnections: number): Promise<Store> {
  const migrator = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const migrationDb = drizzlePostgres(migrator);
    await migrationDb.execute(sql`select pg_advisory_lock(${migrationLockId})`);
    await migratePostgres(migrationDb, { migrationsFolder });
    await migrationDb.execute(sql`select pg_advisory_unlock(${migrationLockId})`);
  } finally {
    await migrator.end();
  }
  const client = postgres(url, { max: maxConnections, onnotice: () => {} });
  const db = drizzlePostgres(client, { schema });
  return { db, driver: 'postgres', queueConnection: { url }, close: () => client.end({ timeout: 5 }) };
}

async function openPglite(dataDir: string): Promise<Store> {
  const inMemory = dataDir.startsWith('memory://');
  let releaseLock = () => {};
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    releaseLock = acquireDirectoryLock(path.join(dataDir, 'loupe.lock'));
  }
  try {
    const client = await PGlite.create(inMemory ? undefined : path.join(dataDir, 'pgdata'), {
      extensions: { pg_trgm },
    });
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder });
    return {
      db,
      driver: 'pglite',
      queueConnection: { pglite: client },
      close: async () => {
        await client.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}
