import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvalRun, toStoredFilter } from '../../server/store/queries/eval-runs.ts';
import { findEvaluatorVersion } from '../../server/store/queries/evaluators.ts';
import { scores } from '../../server/store/schema/scores.ts';
import { type TestApp, dataOf, startTestApp } from '../helpers/app.ts';
import { buildSdkSpan } from '../helpers/spans.ts';
import { waitFor } from '../helpers/wait.ts';

type Run = { id: string; status: string; total: number; scored: number; failed: number; skipped: number; error: string | null };

describe('eval runs', () => {
  let harness: TestApp;
  let project: { projectId: string; apiKey: string };
  const call = (path: string, input: unknown, type: 'query' | 'mutation' = 'mutation') =>
    harness.call({ path, input, type, token: project.apiKey });
  const createEvaluator = async (name: string, kind: string, config: Record<string, unknown>) =>
    dataOf<{ id: string }>(await call('evaluators.create', { name, kind, config })).id;
  const startRun = async (input: Record<string, unknown>) => dataOf<Run>(await call('evalRuns.create', input)).id;
  const runOf = async (runId: string) => dataOf<Run & { failures: { spanId: string; error: string }[] }>(await call('evalRuns.get', { runId }, 'query'));
  const waitForRun = (runId: string, status = 'done') =>
    waitFor(async () => {
      const run = await runOf(runId);
      return run.status === status ? run : null;
    });

  const answers = ['General Kenobi', 'Hello', 'general kenobi!', 'Nope'];
  const ingested = answers.map((content, index) =>
    buildSdkSpan({ name: 'answer', output: { role: 'assistant', content }, metadata: { expected: 'General Kenobi', index } }),
  );

  beforeAll(async () => {
    harness = await startTestApp({ evals: {} });
    project = await harness.createProjectWithKey('evals');
    expect(dataOf(await call('spans.ingest', { spans: ingested }))).toMatchObject({ accepted: answers.length });
  });
  afterAll(() => harness.close());

  const storedScores = (evaluatorName: string) =>
    harness.store.db
      .select()
      .from(scores)
      .where(and(eq(scores.projectId, project.projectId), eq(scores.name, evaluatorName)));

  it('a posthoc JavaScript run scores every matching span, stores the scores and ends done with its counts', async () => {
    const evaluatorId = await createEvaluator('length', 'javascript', {
      code: 'function evaluate({ output }) { return { value: output.content.length, comment: "chars" } }',
    });
    const runId = await startRun({ evaluatorId, filter: { name: 'answer' } });
    const run = await waitForRun(runId);
    expect(run).toMatchObject({ total: 4, scored: 4, failed: 0, skipped: 0, error: null });
    const rows = await storedScores('length');
    expect(rows.map((row) => row.numericValue).sort()).toEqual([14, 15, 4, 5].sort());
    expect(rows.every((row) => row.source === 'eval' && row.dataType === 'numeric' && row.comment === 'chars' && row.evalRunId === runId)).toBe(true);
  });

  it('is idempotent per evaluator version and span: a second run skips what the version already scored', async () => {
    const evaluatorId = await createEvaluator('exact', 'exact', { ignoreCase: true });
    const first = await waitForRun(await startRun({ evaluatorId, filter: { name: 'answer' }, maxSpans: 2 }));
    expect(first).toMatchObject({ total: 2, scored: 2 });
    const second = await waitForRun(await startRun({ evaluatorId, filter: { name: 'answer' } }));
    expect(second).toMatchObject({ total: 4, scored: 2, skipped: 2 });
    const rows = await storedScores('exact');
    expect(rows).toHaveLength(4);
    expect(rows.filter((row) => row.numericValue === 1)).toHaveLength(1);
  });

  it('a new version scores again; spans whose code throws count as failed with the reason', async () => {
    const evaluatorId = await createEvaluator('picky', 'javascript', {
      code: 'function evaluate({ output }) { if (output.content === "Nope") throw new Error("cannot judge Nope"); return true }',
    });
    const run = await waitForRun(await startRun({ evaluatorId, filter: { name: 'answer' } }));
    expect(run).toMatchObject({ total: 4, scored: 3, failed: 1 });
    expect(run.failures).toHaveLength(1);
    expect(run.failures[0]?.error).toContain('cannot judge Nope');
    const edited = dataOf<{ latestVersion: number }>(
      await call('evaluators.update', { evaluatorId, kind: 'javascript', config: { code: 'function evaluate() { return false }' } }),
    );
    expect(edited.latestVersion).toBe(2);
    const again = await waitForRun(await startRun({ evaluatorId, filter: { name: 'answer' } }));
    expect(again).toMatchObject({ total: 4, scored: 4, skipped: 0 });
    expect((await storedScores('picky')).filter((row) => row.numericValue === 0)).toHaveLength(4);
  });

  it('a dataset run scores exactly the listed spans, old ones included, and skips keys the project does not have', async () => {
    const old = buildSdkSpan({ name: 'golden', output: 'General Kenobi' }, { minutesAgo: 60 * 24 * 30 });
    dataOf(await call('spans.ingest', { spans: [old] }));
    const evaluatorId = await createEvaluator('golden-set', 'contains', { values: ['Kenobi'] });
    const listed = [old, ingested[1], ingested[3]].map((span) => ({ traceId: span?.traceId as string, spanId: span?.spanId as string }));
    const missing = { traceId: 'f'.repeat(32), spanId: 'e'.repeat(16) };
    const run = await waitForRun(await startRun({ evaluatorId, spans: [...listed, missing] }));
    expect(run).toMatchObject({ total: 3, scored: 3 });
    const rows = await storedScores('golden-set');
    expect(rows.map((row) => row.spanId).sort()).toEqual(listed.map((key) => key.spanId).sort());
    expect(rows.find((row) => row.spanId === old.spanId)?.numericValue).toBe(1);
    const refused = await call('evalRuns.create', { evaluatorId, mode: 'continuous', spans: listed });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toContain('spans:');
  });

  it('a run over a filter matching nothing is done at once with total 0', async () => {
    const evaluatorId = await createEvaluator('empty', 'contains', { values: ['x'] });
    expect(await waitForRun(await startRun({ evaluatorId, filter: { name: 'no-such-span' } }))).toMatchObject({ total: 0, scored: 0 });
  });

  it('preview scores sampled spans without storing anything', async () => {
    const evaluatorId = await createEvaluator('preview-only', 'regex', { pattern: 'kenobi', flags: 'i' });
    const preview = dataOf<{ matched: number; results: { result: { ok: boolean; scores: { value: unknown }[] } }[] }>(
      await call('evalRuns.preview', { evaluatorId, filter: { name: 'answer' }, sample: 3 }),
    );
    expect(preview.matched).toBe(4);
    expect(preview.results).toHaveLength(3);
    expect(preview.results.every((item) => item.result.ok && typeof item.result.scores[0]?.value === 'boolean')).toBe(true);
    expect(await storedScores('preview-only')).toHaveLength(0);
  });

  it('scores a run of 1,200 spans in several chunks, each span once', async () => {
    const bulk = Array.from({ length: 1200 }, (_, index) => buildSdkSpan({ name: 'bulk', output: `answer ${index}` }));
    for (let start = 0; start < bulk.length; start += 600) dataOf(await call('spans.ingest', { spans: bulk.slice(start, start + 600) }));
    const evaluatorId = await createEvaluator('bulk-contains', 'contains', { values: ['answer'] });
    const run = await waitForRun(await startRun({ evaluatorId, filter: { name: 'bulk' } }), 'done');
    expect(run).toMatchObject({ total: 1200, scored: 1200, failed: 0 });
    const rows = await storedScores('bulk-contains');
    expect(new Set(rows.map((row) => row.spanId)).size).toBe(1200);
  });

  it('cancel stops a posthoc run within a slice of spans; what was scored stays', async () => {
    const evaluatorId = await createEvaluator('slow', 'javascript', {
      code: 'function evaluate() { const until = Date.now() + 10; while (Date.now() < until) {} return 1 }',
    });
    const runId = await startRun({ evaluatorId, filter: { name: 'bulk' } });
    await waitFor(async () => (await runOf(runId)).scored > 0);
    dataOf(await call('evalRuns.cancel', { runId }));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const settled = await runOf(runId);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const later = await runOf(runId);
    expect(later).toMatchObject({ status: 'cancelled', scored: settled.scored });
    expect(later.scored).toBeLessThan(later.total);
    expect(await storedScores('slow')).toHaveLength(later.scored);
    const again = await call('evalRuns.cancel', { runId });
    expect(again.status).toBe(409);
    expect(again.body.error?.message).toContain('already ended (cancelled)');
  });

  it('plans a run that was acknowledged but never enqueued (the server stopped in between)', async () => {
    const evaluatorId = await createEvaluator('orphan', 'regex', { pattern: 'Kenobi' });
    const version = await findEvaluatorVersion(harness.store.db, { projectId: project.projectId, evaluatorId });
    const now = BigInt(Date.now()) * 1_000_000n;
    const run = await createEvalRun(harness.store.db, {
      projectId: project.projectId,
      evaluatorVersionId: version?.id as string,
      mode: 'posthoc',
      filter: toStoredFilter({ fromUnixNano: now - 86_400_000_000_000n, toUnixNano: now, name: 'answer' }),
      createdAt: new Date(Date.now() - 120_000),
    });
    await harness.evals?.queue.sampleContinuousRuns();
    expect(await waitForRun(run.id)).toMatchObject({ total: 4, scored: 4 });
  });

  it('a continuous run scores new matching spans as they arrive, at its sampling rate', async () => {
    const evaluatorId = await createEvaluator('live', 'threshold', { metric: 'durationMs', max: 1000 });
    const runId = await startRun({ evaluatorId, mode: 'continuous', samplingRate: 0.5, filter: { name: 'live-call' } });
    const arriving = Array.from({ length: 40 }, () => buildSdkSpan({ name: 'live-call' }));
    dataOf(await call('spans.ingest', { spans: [...arriving, buildSdkSpan({ name: 'other-call' })] }));
    const run = await waitFor(async () => {
      const current = await runOf(runId);
      return current.total > 0 && current.scored === current.total ? current : null;
    });
    expect(run.status).toBe('running');
    expect(run.total).toBeGreaterThan(5);
    expect(run.total).toBeLessThan(35);
    const rows = await storedScores('live');
    expect(rows).toHaveLength(run.total);
    expect(rows.every((row) => row.numericValue === 1)).toBe(true);
    dataOf(await call('evalRuns.cancel', { runId }));
    expect((await runOf(runId)).status).toBe('cancelled');
  });
});
