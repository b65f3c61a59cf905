import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, dataOf, startTestApp } from '../helpers/app.ts';
import { buildSdkSpan, randomSpanId, randomTraceId } from '../helpers/spans.ts';

type TraceSpan = Record<string, unknown> & { spanId: string; name: string };

describe('traces.get outline, spans.get and spans.facets', () => {
  let harness: TestApp;
  let apiKey: string;
  const traceId = randomTraceId();
  const rootId = randomSpanId();
  const root = buildSdkSpan({ traceId, spanId: rootId, name: 'agent', kind: 'agent', model: undefined, input: 'question' }, { minutesAgo: 2, durationMs: 60_000 });
  const child = buildSdkSpan({
    traceId,
    parentSpanId: rootId,
    name: 'call-model',
    model: 'gpt-4o',
    tags: ['beta', 'eu'],
    attributes: { 'custom.flag': 'on' },
  }, { minutesAgo: 1.5 });

  beforeAll(async () => {
    harness = await startTestApp();
    ({ apiKey } = await harness.createProjectWithKey('detail'));
    const others = [buildSdkSpan({ name: 'call-model', model: 'gpt-4o-mini', tags: ['beta'] }), buildSdkSpan({ name: 'embed', kind: 'embedding', model: 'text-embedding-3-small', provider: 'openai' })];
    dataOf(await harness.call({ path: 'spans.ingest', type: 'mutation', token: apiKey, input: { spans: [root, child, ...others] } }));
  });
  afterAll(() => harness.close());

  it('returns a trace without payloads when asked, with everything the waterfall draws', async () => {
    const { spans } = dataOf<{ spans: TraceSpan[] }>(await harness.call({ path: 'traces.get', token: apiKey, input: { traceId, payloads: false } }));
    expect(spans.map((span) => span.name)).toEqual(['agent', 'call-model']);
    expect(spans[1]).toMatchObject({ parentSpanId: rootId, kind: 'llm', model: 'gpt-4o', status: 'ok', inputTokens: 10 });
    expect(spans[1]?.startTimeUnixNano).toMatch(/^\d{19}$/);
    for (const field of ['input', 'output', 'attributes', 'events', 'inputPreview']) expect(spans[0]).not.toHaveProperty(field);
  });

  it('still returns payloads by default', async () => {
    const { spans } = dataOf<{ spans: TraceSpan[] }>(await harness.call({ path: 'traces.get', token: apiKey, input: { traceId } }));
    expect(spans[0]?.input).toBe('question');
  });

  it('returns one span in full, payloads, attributes and mapping included', async () => {
    const span = dataOf<TraceSpan>(await harness.call({ path: 'spans.get', token: apiKey, input: { traceId, spanId: child.spanId } }));
    expect(span).toMatchObject({
      name: 'call-model',
      input: [{ role: 'user', content: 'Hello there' }],
      output: { role: 'assistant', content: 'General Kenobi' },
      attributes: { 'custom.flag': 'on' },
      tags: ['beta', 'eu'],
      source: 'sdk',
    });
    expect(span.costUsd).toBeGreaterThan(0);
    expect(span.costProvenance).toMatchObject({ tokens: expect.anything() });
  });

  it('answers 404 naming the span for an unknown span and 400 for a malformed id', async () => {
    const missing = await harness.call({ path: 'spans.get', token: apiKey, input: { traceId, spanId: 'ffffffffffffffff' } });
    expect(missing.status).toBe(404);
    expect(missing.body.error?.message).toContain('spanId: no span ffffffffffffffff');
    const malformed = await harness.call({ path: 'spans.get', token: apiKey, input: { traceId, spanId: 'nope' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error?.message).toContain('spanId');
  });

  it('lists the most frequent names, models, providers and tags with counts', async () => {
    const facets = dataOf<Record<string, { value: string; count: number }[]> & { sampledSpans: number }>(await harness.call({ path: 'spans.facets', token: apiKey }));
    expect(facets.names?.[0]).toEqual({ value: 'call-model', count: 2 });
    expect(facets.models).toEqual([
      { value: 'gpt-4o', count: 1 },
      { value: 'gpt-4o-mini', count: 1 },
      { value: 'text-embedding-3-small', count: 1 },
    ]);
    expect(facets.providers).toEqual([{ value: 'openai', count: 4 }]);
    expect(facets.tags).toEqual([
      { value: 'beta', count: 2 },
      { value: 'eu', count: 1 },
    ]);
    expect(facets.sampledSpans).toBe(4);
  });

  it('counts facets only inside the time range', async () => {
    const facets = dataOf<Record<string, unknown[]>>(
      await harness.call({ path: 'spans.facets', token: apiKey, input: { from: Date.now() - 7 * 86_400_000, to: Date.now() - 2 * 86_400_000 } }),
    );
    expect(facets).toEqual({ names: [], models: [], providers: [], tags: [], sampledSpans: 0 });
  });
});
