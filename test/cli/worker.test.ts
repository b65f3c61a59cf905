import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../server/store/db.ts';
import { describe, expect, it } from 'vitest';
import { dataOf, startTestApp } from '../helpers/app.ts';
import { buildSdkSpan } from '../helpers/spans.ts';
import { waitFor } from '../helpers/wait.ts';

const cliPath = path.resolve(import.meta.dirname, '../../server/cli/loupe.mjs');

describe('loupe worker', () => {
  it('refuses without DATABASE_URL, saying that loupe start runs the workers on PGlite', () => {
    const { DATABASE_URL: _ignored, ...environment } = process.env;
    const result = spawnSync(process.execPath, [cliPath, 'worker'], { env: environment, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('worker: set DATABASE_URL');
  });

  it.skipIf(!process.env.DATABASE_URL)('a separate worker process scores the runs a server enqueues, and stops on SIGTERM', async () => {
    // The server only enqueues; the worker process is the only one taking jobs.
    const harness = await startTestApp({ evals: { work: false } });
    let worker: ChildProcess | undefined;
    try {
      const connection = harness.store.queueConnection;
      if (!('url' in connection)) throw new Error('expected PostgreSQL');
      worker = spawn(process.execPath, [cliPath, 'worker'], { env: { ...process.env, DATABASE_URL: connection.url }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      worker.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const project = await harness.createProjectWithKey('remote');
      const call = (path: string, input: unknown, type: 'query' | 'mutation' = 'mutation') => harness.call({ path, input, type, token: project.apiKey });
      dataOf(await call('spans.ingest', { spans: [buildSdkSpan({ name: 'remote' }), buildSdkSpan({ name: 'remote' })] }));
      const evaluatorId = dataOf<{ id: string }>(await call('evaluators.create', { name: 'remote-length', kind: 'javascript', config: { code: 'function evaluate({ output }) { return JSON.stringify(output).length }' } })).id;
      const runId = dataOf<{ id: string }>(await call('evalRuns.create', { evaluatorId, filter: { name: 'remote' } })).id;
      const run = await waitFor(
        async () => {
          const current = dataOf<{ status: string; scored: number }>(await call('evalRuns.get', { runId }, 'query'));
          return current.status === 'done' ? current : null;
        },
        { timeoutMs: 30_000 },
      );
      expect(run.scored).toBe(2);
      expect(output).toContain('Loupe eval worker started');
      const exited = new Promise<number | null>((resolve) => worker?.once('exit', resolve));
      worker.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      worker?.kill('SIGKILL');
      await harness.close();
    }
  });

  it.skipIf(!process.env.DATABASE_URL)('a chunk held by a worker that was killed is scored by the next worker, each span once', async () => {
    const harness = await startTestApp({ evals: { work: false } });
    const workers: ChildProcess[] = [];
    try {
      const connection = harness.store.queueConnection;
      if (!('url' in connection)) throw new Error('expected PostgreSQL');
      const startWorker = () => {
        const worker = spawn(process.execPath, [cliPath, 'worker'], { env: { ...process.env, DATABASE_URL: connection.url }, stdio: 'ignore' });
        workers.push(worker);
        return worker;
      };
      const project = await harness.createProjectWithKey('crash');
      const call = (path: string, input: unknown, type: 'query' | 'mutation' = 'mutation') => harness.call({ path, input, type, token: project.apiKey });
      const spanCount = 20;
      dataOf(await call('spans.ingest', { spans: Array.from({ length: spanCount }, () => buildSdkSpan({ name: 'slow' })) }));
      // 250 ms a span: the one chunk takes 5 s, so the worker is killed while it holds it, before anything is recorded.
      const code = 'function evaluate() { const end = Date.now() + 250; while (Date.now() < end) {} return 1 }';
      const evaluatorId = dataOf<{ id: string }>(await call('evaluators.create', { name: 'slow-one', kind: 'javascript', config: { code } })).id;
      const runId = dataOf<{ id: string }>(await call('evalRuns.create', { evaluatorId, filter: { name: 'slow' } })).id;
      const getRun = async () => dataOf<{ status: string; total: number; scored: number; failed: number }>(await call('evalRuns.get', { runId }, 'query'));

      const first = startWorker();
      await waitFor(
        async () => {
          const active = await harness.store.db.execute(sql`select 1 from pgboss.job where name = 'loupe-eval-chunk' and state = 'active'`);
          return rowsOf(active).length > 0 ? true : null;
        },
        { timeoutMs: 30_000 },
      );
      const exited = new Promise((resolve) => first.once('exit', resolve));
      first.kill('SIGKILL');
      await exited;
      expect(await getRun()).toMatchObject({ status: 'running', total: spanCount, scored: 0 });

      startWorker();
      const run = await waitFor(
        async () => {
          const current = await getRun();
          return current.status === 'done' ? current : null;
        },
        { timeoutMs: 90_000 },
      );
      expect(run).toMatchObject({ total: spanCount, scored: spanCount, failed: 0 });
      const stored = await harness.store.db.execute(sql`select count(*)::int as count from scores where eval_run_id = ${runId}`);
      expect(rowsOf(stored)).toEqual([{ count: spanCount }]);
    } finally {
      for (const worker of workers) worker.kill('SIGKILL');
      await harness.close();
    }
  }, 120_000);
});
