// Test stores: in-memory PGlite by default; with DATABASE_URL, a fresh PostgreSQL database per call, dropped on close.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type Store, openStore } from '../../server/store/db.ts';

/** Opens an empty, migrated store on the database the suite runs against. */
export async function openTestStore(): Promise<Store> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) return openStore({ dataDir: 'memory://' });
  const databaseName = `loupe_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${databaseName}`);
  const url = new URL(baseUrl);
  url.pathname = `/${databaseName}`;
  const store = await openStore({ databaseUrl: url.toString(), dataDir: '' });
  return {
    ...store,
    close: async () => {
      await store.close();
      await admin.unsafe(`drop database if exists ${databaseName} with (force)`);
      await admin.end();
    },
  };
}
