import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvalEngines } from '../../server/eval/engines.ts';
import { scores } from '../../server/store/schema/scores.ts';
import { type TestApp, dataOf, startTestApp } from '../helpers/app.ts';
import { buildSdkSpan } from '../helpers/spans.ts';
import { waitFor } from '../helpers/wait.ts';

type Run = { status: string; total: number; scored: number; failed: number; error: string | null };

async function runToEnd(harness: TestApp, apiKey: string, evaluatorId: string) {
  const call = (path: string, input: unknown, type: 'query' | 'mutation' = 'mutation') => harness.call({ path, input, type, token: apiKey });
  const runId = dataOf<{ id: string }>(await call('evalRuns.create', { evaluatorId, filter: { name: 'py' } })).id;
  return waitFor(
    async () => {
      const run = dataOf<Run>(await call('evalRuns.get', { runId }, 'query'));
      return ['done', 'failed'].includes(run.status) ? run : null;
    },
    { timeoutMs: 25_000 },
  );
}

describe('Python evaluator runs', () => {
  let harness: TestApp;
  let project: { projectId: string; apiKey: string };
  const spans = ['a short answer', 'a considerably longer answer than that'].map((output) => buildSdkSpan({ name: 'py', output }));

  beforeAll(async () => {
    harness = await startTestApp({ evals: {} });
    project = await harness.createProjectWithKey('python');
    dataOf(await harness.call({ path: 'spans.ingest', type: 'mutation', input: { spans }, token: project.apiKey }));
  });
  afterAll(() => harness.close());

  it('scores spans with Python code and stores several scores per span', async () => {
    const evaluatorId = dataOf<{ id: string }>(
      await harness.call({
        path: 'evaluators.create',
        type: 'mutation',
        token: project.apiKey,
        input: {
          name: 'py-length',
          kind: 'python',
          config: { code: "def evaluate(output, span):\n    return [{'name': 'words', 'value': len(output.split())}, {'name': 'long', 'value': len(output) > 20}]" },
        },
      }),
    ).id;
    expect(await runToEnd(harness, project.apiKey, evaluatorId)).toMatchObject({ status: 'done', scored: 2 });
    const rows = await harness.store.db.select().from(scores).where(and(eq(scores.projectId, project.projectId), eq(scores.source, 'eval')));
    expect(rows.map((row) => [row.name, row.numericValue]).sort()).toEqual([
      ['long', 0],
      ['long', 1],
      ['words', 3],
      ['words', 6],
    ]);
  });
});

describe('Python evaluator runs without isolation', () => {
  it('fail the run with the reason instead of running unconfined', async () => {
    const problem = 'Python evaluators are disabled: the isolated sandbox could not be set up on this machine (test)';
    const harness = await startTestApp({ evals: { engines: createEvalEngines({ python: { isolation: async () => ({ problem }) } }) } });
    try {
      const project = await harness.createProjectWithKey('unconfined');
      dataOf(await harness.call({ path: 'spans.ingest', type: 'mutation', input: { spans: [buildSdkSpan({ name: 'py' })] }, token: project.apiKey }));
      const evaluatorId = dataOf<{ id: string }>(
        await harness.call({ path: 'evaluators.create', type: 'mutation', token: project.apiKey, input: { name: 'p', kind: 'python', config: { code: 'def evaluate(a):\n    return 1' } } }),
      ).id;
      expect(await runToEnd(harness, project.apiKey, evaluatorId)).toMatchObject({ status: 'failed', error: problem, scored: 0 });
    } finally {
      await harness.close();
    }
  });
});
