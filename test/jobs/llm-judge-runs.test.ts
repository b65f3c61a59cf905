import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scores } from '../../server/store/schema/scores.ts';
import { type TestApp, dataOf, startTestApp } from '../helpers/app.ts';
import { type MockOpenAi, startMockOpenAi } from '../helpers/mock-openai.ts';
import { buildSdkSpan } from '../helpers/spans.ts';
import { waitFor } from '../helpers/wait.ts';

type Run = { id: string; status: string; total: number; scored: number; failed: number; failures: { error: string }[] };

const answer = (content: string) => ({ status: 200, body: { choices: [{ message: { role: 'assistant', content } }] } });

describe('LLM judge runs', () => {
  let harness: TestApp;
  let provider: MockOpenAi;
  let project: { projectId: string; apiKey: string };
  const span = buildSdkSpan({ name: 'judged', input: 'What is 6 x 7?', output: 'It is 42.', metadata: { expected: '42' } });
  const call = (path: string, input: unknown, type: 'query' | 'mutation' = 'mutation') => harness.call({ path, input, type, token: project.apiKey });
  const judge = async (name: string, config: Record<string, unknown>) =>
    dataOf<{ id: string }>(
      await call('evaluators.create', {
        name,
        kind: 'llm_judge',
        config: { prompt: 'Q: {{input}}\nA: {{output}}\nExpected: {{expected}}', model: 'judge-model', baseUrl: provider.baseUrl, apiKey: 'sk-judge', ...config },
      }),
    ).id;
  const runToEnd = async (evaluatorId: string) => {
    const runId = dataOf<{ id: string }>(await call('evalRuns.create', { evaluatorId, filter: { traceId: span.traceId } })).id;
    return waitFor(
      async () => {
        const run = dataOf<Run>(await call('evalRuns.get', { runId }, 'query'));
        return run.status === 'done' || run.status === 'failed' ? run : null;
      },
      { timeoutMs: 25_000 },
    );
  };
  const scoresOf = (name: string) =>
    harness.store.db.select().from(scores).where(and(eq(scores.projectId, project.projectId), eq(scores.name, name)));

  beforeAll(async () => {
    provider = await startMockOpenAi();
    harness = await startTestApp({ evals: { retryDelaySeconds: 1 } });
    project = await harness.createProjectWithKey('judging');
    dataOf(await call('spans.ingest', { spans: [span] }));
  });
  afterAll(async () => {
    await harness.close();
    await provider.close();
  });

  it('sends the rendered prompt to the configured model and stores its score with the reasoning', async () => {
    provider.fail(answer('```json\n{"score": 0.9, "reasoning": "Correct and concise."}\n```'));
    const run = await runToEnd(await judge('correctness', {}));
    expect(run).toMatchObject({ status: 'done', scored: 1, failed: 0 });
    const request = provider.requests.at(-1);
    expect(request?.headers.authorization).toBe('Bearer sk-judge');
    expect(request?.body.model).toBe('judge-model');
    const prompt = (request?.body.messages as { content: string }[] | undefined)?.[0]?.content;
    expect(prompt).toContain('Q: What is 6 x 7?\nA: It is 42.\nExpected: 42');
    expect(await scoresOf('correctness')).toEqual([
      expect.objectContaining({ numericValue: 0.9, dataType: 'numeric', comment: 'Correct and concise.', source: 'eval' }),
    ]);
  });

  it('waits out 429s (Retry-After) within the call, then across job retries with backoff, and still scores', async () => {
    const evaluatorId = await judge('patient', { maxRetries: 1, scoreType: 'boolean' });
    const limited = { status: 429, headers: { 'retry-after': '0' } };
    // Two tries per attempt: the first job attempt and the first retry hit 429 twice each, the third gets through.
    provider.fail(limited, limited, limited, limited, answer('{"score": true, "reasoning": "fine"}'));
    const before = provider.requests.length;
    const run = await runToEnd(evaluatorId);
    expect(run).toMatchObject({ status: 'done', scored: 1, failed: 0 });
    expect(provider.requests.length - before).toBe(5);
    expect(await scoresOf('patient')).toEqual([expect.objectContaining({ numericValue: 1, dataType: 'boolean' })]);
  });

  it('a provider error that retrying cannot fix fails the span with the provider message', async () => {
    provider.fail({ status: 401, body: { error: { message: 'Incorrect API key provided' } } });
    const run = await runToEnd(await judge('unauthorized', {}));
    expect(run).toMatchObject({ status: 'done', scored: 0, failed: 1 });
    expect(run.failures[0]?.error).toContain('401');
    expect(run.failures[0]?.error).toContain('Incorrect API key provided');
  });

  it('a categorical judge accepts only its categories', async () => {
    const evaluatorId = await judge('tone', { scoreType: 'categorical', categories: ['polite', 'rude'] });
    provider.fail(answer('{"score": "sarcastic", "reasoning": "hmm"}'));
    const refused = await runToEnd(evaluatorId);
    expect(refused.failures[0]?.error).toContain('does not fit a categorical score');
    await call('evaluators.update', { evaluatorId, kind: 'llm_judge', config: { prompt: 'Tone of {{output}}', model: 'judge-model', baseUrl: provider.baseUrl, scoreType: 'categorical', categories: ['polite', 'rude'] } });
    provider.fail(answer('{"score": "polite", "reasoning": "courteous"}'));
    expect(await runToEnd(evaluatorId)).toMatchObject({ scored: 1 });
    expect(provider.requests.at(-1)?.headers.authorization).toBe('Bearer sk-judge');
    expect(await scoresOf('tone')).toEqual([expect.objectContaining({ stringValue: 'polite', dataType: 'categorical', comment: 'courteous' })]);
  });

  it('speaks the Anthropic Messages API when configured', async () => {
    provider.fail({ status: 200, body: { content: [{ type: 'text', text: '{"score": 3, "reasoning": "ok"}' }] } });
    const run = await runToEnd(await judge('claude-judge', { provider: 'anthropic' }));
    expect(run).toMatchObject({ scored: 1 });
    const request = provider.requests.at(-1);
    expect(request?.path).toBe('/v1/messages');
    expect(request?.headers['x-api-key']).toBe('sk-judge');
  });
});
