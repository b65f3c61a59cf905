// Test stores: in-memory PGlite by default; with DATABASE_URL, a fresh PostgreSQL database per call, dropped on close.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type Store, openStore } from '../../server/store/db.ts';

/** A store on a throwaway PostgreSQL database created next to `baseUrl`'s, dropped on close (tests and benchmarks). */
export async function openScratchPostgres(baseUrl: string, prefix: string): Promise<Store & { url: string }> {
  const databaseName = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${databaseName}`);
  const url = new URL(baseUrl);
  url.pathname = `/${databaseName}`;
  const store = await openStore({ databaseUrl: url.toString(), dataDir: '' });
  return {
    ...store,
    url: url.toString(),
    close: async () => {
      await store.close();
      await admin.unsafe(`drop database if exists ${databaseName} with (force)`);
      await admin.end();
    },
  };
}

/** Opens an empty, migrated store on the database the suite runs against. */
export async function openTestStore(): Promise<Store> {
  const baseUrl = process.env.DATABASE_URL;
  return baseUrl ? openScratchPostgres(baseUrl, 'loupe_test') : openStore({ dataDir: 'memory://' });
}
