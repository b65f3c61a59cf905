import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../server/api/router.ts';
import { buildSdkSpan } from '../helpers/spans.ts';

const cliPath = path.resolve(import.meta.dirname, '../../server/cli/loupe.mjs');

async function findFreePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs `loupe start` as a user would and resolves with its output once it listens. */
function startServer(options: { port: number; dataDir: string }): Promise<{ child: ChildProcess; output: string }> {
  const { DATABASE_URL: _ignored, ...environment } = process.env;
  const child = spawn(process.execPath, [cliPath, 'start'], {
    env: { ...environment, PORT: String(options.port), LOUPE_DATA_DIR: options.dataDir, LOUPE_ADMIN_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Loupe listening on')) resolve({ child, output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('loupe start over a real socket', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'loupe-e2e-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints first-start secrets once, serves /healthz and the typed tRPC client, and keeps data across restarts', async () => {
    const port = await findFreePort();
    const first = await startServer({ port, dataDir });
    const apiKey = first.output.match(/API key: (lp_\S+)/)?.[1];
    expect(first.output).toMatch(/Admin token .*: la_\S+/);
    expect(apiKey).toBeDefined();

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    const client = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `http://127.0.0.1:${port}/trpc`, headers: { authorization: `Bearer ${apiKey}` } })],
    });
    const span = buildSdkSpan({ name: 'over-the-wire' });
    expect(await client.spans.ingest.mutate({ spans: [span] })).toEqual({ accepted: 1, rejected: [] });
    await stopServer(first.child);

    const second = await startServer({ port, dataDir });
    expect(second.output).not.toContain('shown once');
    const trace = await client.traces.get.query({ traceId: span.traceId });
    expect(trace.spans.map((stored) => stored.name)).toEqual(['over-the-wire']);
    await expect(createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `http://127.0.0.1:${port}/trpc`, headers: { authorization: 'Bearer wrong' } })],
    }).spans.search.query({})).rejects.toThrow(/invalid or revoked/);
    await stopServer(second.child);
  });

  it('keeps an acknowledged span when the server is killed with SIGKILL, and restarts past the stale lock', async () => {
    const killedDir = mkdtempSync(path.join(tmpdir(), 'loupe-kill-'));
    try {
      const port = await findFreePort();
      const first = await startServer({ port, dataDir: killedDir });
      const apiKey = first.output.match(/API key: (lp_\S+)/)?.[1];
      const client = createTRPCClient<AppRouter>({
        links: [httpBatchLink({ url: `http://127.0.0.1:${port}/trpc`, headers: { authorization: `Bearer ${apiKey}` } })],
      });
      const span = buildSdkSpan({ name: 'survives-sigkill' });
      expect(await client.spans.ingest.mutate({ spans: [span] })).toEqual({ accepted: 1, rejected: [] });
      first.child.removeAllListeners('exit');
      await new Promise<void>((resolve) => {
        first.child.once('exit', () => resolve());
        first.child.kill('SIGKILL');
      });

      const second = await startServer({ port, dataDir: killedDir });
      const trace = await client.traces.get.query({ traceId: span.traceId });
      expect(trace.spans.map((stored) => stored.name)).toEqual(['survives-sigkill']);
      await stopServer(second.child);
    } finally {
      rmSync(killedDir, { recursive: true, force: true });
    }
  });
});
