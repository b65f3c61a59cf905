import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, dataOf, startTestApp } from '../helpers/app.ts';
import { buildSdkSpan } from '../helpers/spans.ts';

type Evaluator = { id: string; name: string; latestVersion: number; versions: { version: number; kind: string; config: Record<string, unknown> }[] };

describe('evaluators', () => {
  let harness: TestApp;
  let projectA: { projectId: string; apiKey: string };
  let projectB: { projectId: string; apiKey: string };
  const spanOfA = buildSdkSpan({ name: 'answer', output: 'The answer is 42', metadata: { expected: 'The answer is 42' } });

  beforeAll(async () => {
    harness = await startTestApp({ evals: {} });
    projectA = await harness.createProjectWithKey('a');
    projectB = await harness.createProjectWithKey('b');
    dataOf(await harness.call({ path: 'spans.ingest', type: 'mutation', input: { spans: [spanOfA] }, token: projectA.apiKey }));
  });
  afterAll(() => harness.close());

  const asA = (path: string, input: unknown, type: 'query' | 'mutation' = 'mutation') => harness.call({ path, input, type, token: projectA.apiKey });

  it('every edit is a new version; get lists versions newest first and never shows a judge key', async () => {
    const created = dataOf<{ id: string; latestVersion: number }>(
      await asA('evaluators.create', {
        name: 'helpful',
        kind: 'llm_judge',
        config: { prompt: 'Is {{output}} helpful?', model: 'gpt-4o-mini', apiKey: 'sk-secret', scoreType: 'boolean' },
      }),
    );
    expect(created.latestVersion).toBe(1);
    const updated = dataOf<{ latestVersion: number }>(
      await asA('evaluators.update', { evaluatorId: created.id, kind: 'llm_judge', config: { prompt: 'Rate {{output}}', model: 'gpt-4o' } }),
    );
    expect(updated.latestVersion).toBe(2);
    const response = await asA('evaluators.get', { evaluatorId: created.id }, 'query');
    const evaluator = dataOf<Evaluator>(response);
    expect(evaluator.versions.map((version) => [version.version, version.config.prompt, version.config.hasApiKey])).toEqual([
      [2, 'Rate {{output}}', true],
      [1, 'Is {{output}} helpful?', true],
    ]);
    expect(JSON.stringify(response.body)).not.toContain('sk-secret');
    const listed = dataOf<{ name: string; kind: string; latestVersion: number }[]>(await asA('evaluators.list', undefined, 'query'));
    expect(listed).toContainEqual(expect.objectContaining({ name: 'helpful', kind: 'llm_judge', latestVersion: 2 }));
  });

  it('rejects bad definitions with a 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'r', kind: 'regex', config: { pattern: '(' } }, 'config.pattern'],
      [{ name: 'j', kind: 'javascript', config: {} }, 'config.code'],
      [{ name: 'c', kind: 'llm_judge', config: { prompt: 'x', model: 'm', scoreType: 'categorical' } }, 'config.categories'],
      [{ name: 't', kind: 'threshold', config: { metric: 'durationMs' } }, 'needs min, max or both'],
      [{ name: 'k', kind: 'telepathy', config: {} }, 'kind'],
      [{ name: 's', kind: 'json', config: { schema: { type: 'no-such-type' } } }, 'config.schema'],
      [{ name: '', kind: 'exact', config: {} }, 'name'],
    ];
    for (const [input, field] of cases) {
      const response = await asA('evaluators.create', input);
      expect(response.status, JSON.stringify(input)).toBe(400);
      expect(response.body.error?.message).toContain(field);
    }
  });

  it('a second evaluator of the same name is a 409', async () => {
    const definition = { name: 'dup', kind: 'contains', config: { values: ['42'] } };
    expect((await asA('evaluators.create', definition)).status).toBe(200);
    const again = await asA('evaluators.create', definition);
    expect(again.status).toBe(409);
    expect(again.body.error?.message).toContain('dup');
  });

  it('tests an unsaved definition on the newest span, or a saved one on a named span, storing nothing', async () => {
    const unsaved = dataOf<{ span: { spanId: string }; result: { ok: boolean; scores: unknown[]; logs: string[] } }>(
      await asA('evaluators.test', {
        definition: { kind: 'javascript', config: { code: 'function evaluate({ output, expected }) { console.log(output); return output === expected }' } },
        name: 'matches',
      }),
    );
    expect(unsaved.span.spanId).toBe(spanOfA.spanId);
    expect(unsaved.result).toEqual({ ok: true, scores: [{ name: 'matches', value: true, comment: null }], logs: ['The answer is 42'] });

    const saved = dataOf<{ id: string }>(await asA('evaluators.create', { name: 'sim', kind: 'levenshtein', config: { value: 'The answer is 43' } }));
    const tested = dataOf<{ result: { ok: boolean; scores: { value: number }[] } }>(
      await asA('evaluators.test', { evaluatorId: saved.id, span: { traceId: spanOfA.traceId, spanId: spanOfA.spanId } }),
    );
    expect(tested.result.scores[0]?.value).toBeCloseTo(15 / 16);
  });

  it("another project's key cannot see, edit, test or run an evaluator", async () => {
    const own = dataOf<{ id: string }>(await asA('evaluators.create', { name: 'private', kind: 'exact', config: { value: 'x' } }));
    const asB = (path: string, input: unknown, type: 'query' | 'mutation' = 'mutation') =>
      harness.call({ path, input, type, token: projectB.apiKey, headers: { 'x-loupe-project': projectA.projectId } });
    expect(dataOf<unknown[]>(await asB('evaluators.list', undefined, 'query'))).toEqual([]);
    for (const [path, input, type] of [
      ['evaluators.get', { evaluatorId: own.id }, 'query'],
      ['evaluators.update', { evaluatorId: own.id, kind: 'exact', config: {} }, 'mutation'],
      ['evaluators.test', { evaluatorId: own.id }, 'mutation'],
      ['evalRuns.create', { evaluatorId: own.id }, 'mutation'],
      ['evalRuns.preview', { evaluatorId: own.id }, 'mutation'],
    ] as const) {
      const response = await asB(path, input, type);
      expect(response.status, path).toBe(404);
    }
    // B cannot test A's span either, even with its own definition.
    const response = await asB('evaluators.test', {
      definition: { kind: 'exact', config: { value: 'x' } },
      span: { traceId: spanOfA.traceId, spanId: spanOfA.spanId },
    });
    expect(response.status).toBe(404);
  });
});
