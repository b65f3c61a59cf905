import { eq } from 'drizzle-orm';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Loupe, init, observe, score, setMetadata, startSpan, withContext, wrapOpenAI } from '../../sdk/src/index.ts';
import { spans } from '../../server/store/schema/spans.ts';
import { dataOf } from '../helpers/app.ts';
import { type MockOpenAi, startMockOpenAi } from '../helpers/mock-openai.ts';
import { recordOtlpFixtures } from '../helpers/otel.ts';
import { type TestServer, startTestServer } from '../helpers/server.ts';

describe('@loupe/sdk against a running Loupe', () => {
  let server: TestServer;
  let mock: MockOpenAi;
  let apiKey: string;
  let loupe: Loupe;

  beforeAll(async () => {
    [server, mock] = await Promise.all([startTestServer(), startMockOpenAi()]);
    ({ apiKey } = await server.createProjectWithKey('sdk'));
    loupe = init({ endpoint: server.baseUrl, apiKey, serviceName: 'sdk-test-app' });
  });
  afterAll(async () => {
    await loupe.shutdown();
    await Promise.all([server.close(), mock.close()]);
  });

  const storedTrace = async (traceId: string) =>
    Object.fromEntries((await server.store.db.select().from(spans).where(eq(spans.traceId, traceId))).map((row) => [row.name, row]));

  it('records nested observe() calls as one trace with kinds, input, output, user, session, tags and metadata', async () => {
    let traceId = '';
    const result = await withContext({ userId: 'sdk-user', sessionId: 'sdk-session', tags: ['beta'], metadata: { tenant: 'acme' } }, () =>
      observe('handle-question', async (span) => {
        traceId = span.spanContext().traceId;
        setMetadata({ route: '/ask' });
        const documents = await observe('retrieve', async () => ['doc-1', 'doc-2'], { kind: 'retriever', input: 'capital of France' });
        return { answer: `Paris (${documents.length} sources)` };
      }, { kind: 'agent', input: { question: 'capital of France?' } }),
    );
    expect(result).toEqual({ answer: 'Paris (2 sources)' });
    await loupe.flush();
    recordOtlpFixtures(server.otlpBodies, { source: 'loupe', name: 'observe' });

    const stored = await storedTrace(traceId);
    expect(stored['handle-question']).toMatchObject({
      kind: 'agent',
      parentSpanId: null,
      input: { question: 'capital of France?' },
      output: { answer: 'Paris (2 sources)' },
      userId: 'sdk-user',
      sessionId: 'sdk-session',
      tags: ['beta'],
      metadata: { tenant: 'acme', route: '/ask' },
      convention: 'loupe',
      resource: expect.objectContaining({ 'service.name': 'sdk-test-app' }),
    });
    expect(stored.retrieve).toMatchObject({
      kind: 'retriever',
      parentSpanId: stored['handle-question']?.spanId,
      input: 'capital of France',
      output: ['doc-1', 'doc-2'],
      userId: 'sdk-user',
    });
  });

  it('records a failing step as an error span and rethrows', async () => {
    const step = startSpan('flaky-tool', { kind: 'tool' });
    step.fail(new Error('tool exploded'));
    expect(() => observe('will-throw', () => { throw new Error('sync failure'); })).toThrow('sync failure');
    await expect(observe('will-reject', async () => { throw new Error('async failure'); })).rejects.toThrow('async failure');
    await loupe.flush();
    const [row] = await server.store.db.select().from(spans).where(eq(spans.spanId, step.spanId));
    expect(row).toMatchObject({ status: 'error', statusMessage: 'tool exploded', kind: 'tool' });
    expect(row?.events).toEqual([expect.objectContaining({ name: 'exception' })]);
  });

  it('wrapOpenAI records model, messages, output, usage and cost of a chat completion', async () => {
    const openai = wrapOpenAI(new OpenAI({ baseURL: mock.baseUrl, apiKey: 'sk-test' }));
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello?' }] });
    expect(completion.choices[0]?.message.content).toBe('Mocked answer.');
    await loupe.flush();
    const [row] = await server.store.db.select().from(spans).where(eq(spans.name, 'chat gpt-4o-mini'));
    expect(row).toMatchObject({
      kind: 'llm',
      model: 'gpt-4o-mini',
      provider: 'openai',
      inputTokens: 19,
      outputTokens: 7,
      cacheReadTokens: 4,
      input: [{ role: 'user', content: 'Hello?' }],
      output: [{ role: 'assistant', content: 'Mocked answer.', finish_reason: 'stop' }],
    });
    expect(row?.costUsd).toBeGreaterThan(0);
  });

  it('wrapOpenAI records streams with time to first token and usage, passing every chunk through', async () => {
    const openai = wrapOpenAI(new OpenAI({ baseURL: mock.baseUrl, apiKey: 'sk-test' }));
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('Mocked stream.');
    await loupe.flush();
    const [row] = await server.store.db.select().from(spans).where(eq(spans.name, 'chat gpt-4o'));
    expect(row).toMatchObject({ kind: 'llm', inputTokens: 19, outputTokens: 7, output: [{ role: 'assistant', content: 'Mocked stream.', finish_reason: 'stop' }] });
    expect(row?.ttftMs).toBeGreaterThan(0);
  });

  it('wrapOpenAI records provider errors and rethrows them', async () => {
    const openai = wrapOpenAI(new OpenAI({ baseURL: mock.baseUrl, apiKey: 'sk-test', maxRetries: 0 }));
    await expect(openai.chat.completions.create({ model: 'rejected-model', messages: [{ role: 'user', content: 'x' }] })).rejects.toThrow(/does not exist/);
    await loupe.flush();
    const [row] = await server.store.db.select().from(spans).where(eq(spans.name, 'chat rejected-model'));
    expect(row?.status).toBe('error');
    expect(row?.statusMessage).toMatch(/does not exist/);
  });

  it('score() attaches client-side scores to a span and to a trace', async () => {
    const step = startSpan('scored-step');
    step.end('done');
    await score({ traceId: step.traceId, spanId: step.spanId }, 'helpfulness', 0.75, { comment: 'good' });
    await score({ traceId: step.traceId }, 'resolved', true);
    await score({ traceId: step.traceId }, 'sentiment', 'positive');
    const listed = dataOf<{ name: string; dataType: string; numericValue: number | null; stringValue: string | null; spanId: string | null }[]>(
      await server.call({ path: 'scores.listForTrace', input: { traceId: step.traceId }, token: apiKey }),
    );
    expect(listed.map(({ name, dataType, numericValue, stringValue, spanId }) => ({ name, dataType, numericValue, stringValue, spanId }))).toEqual([
      { name: 'helpfulness', dataType: 'numeric', numericValue: 0.75, stringValue: null, spanId: step.spanId },
      { name: 'resolved', dataType: 'boolean', numericValue: 1, stringValue: null, spanId: null },
      { name: 'sentiment', dataType: 'categorical', numericValue: null, stringValue: 'positive', spanId: null },
    ]);
    await expect(score({ traceId: 'nope' }, 'x', 1)).rejects.toThrow(/traceId: must be 32 hex characters/);
  });
});
