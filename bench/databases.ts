// The databases a benchmark runs on: on-disk PGlite always, PostgreSQL when reachable (a scratch database, dropped after).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { type Store, openStore } from '../server/store/db.ts';
import { openScratchPostgres } from '../test/helpers/store.ts';

/** A scratch store; `url` is set for PostgreSQL so a benchmark can open its own baseline connection. */
export type BenchStore = Store & { url?: string };
/** baseUrl: for PostgreSQL, the server URL a benchmark may make its own scratch database next to. */
export type BenchDatabase = { label: string; open: () => Promise<BenchStore>; baseUrl?: string };

const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/test';

/** PGlite in a temp dir, and PostgreSQL at DATABASE_URL (or the local default) when it answers. */
export async function listBenchDatabases(): Promise<BenchDatabase[]> {
  const databases: BenchDatabase[] = [{ label: 'PGlite (disk)', open: openScratchPglite }];
  const baseUrl = process.env.DATABASE_URL || defaultPostgresUrl;
  const probe = postgres(baseUrl, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await probe`select 1`;
    databases.push({ label: 'PostgreSQL', baseUrl, open: () => openScratchPostgres(baseUrl, 'loupe_bench') });
  } catch (error) {
    console.log(`PostgreSQL at ${baseUrl} not reachable (${(error as Error).message}); benchmarking PGlite only.`);
  } finally {
    await probe.end();
  }
  return databases;
}

async function openScratchPglite(): Promise<Store> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'loupe-bench-'));
  const store = await openStore({ dataDir });
  return { ...store, close: async () => { await store.close(); rmSync(dataDir, { recursive: true, force: true }); } };
}
