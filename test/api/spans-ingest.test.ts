import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spans } from '../../server/store/schema/spans.ts';
import { type TestApp, startTestApp } from '../helpers/app.ts';
import { buildSdkSpan, randomSpanId, randomTraceId } from '../helpers/spans.ts';

describe('spans.ingest', () => {
  let harness: TestApp;
  let apiKey: string;
  let projectId: string;

  beforeAll(async () => {
    harness = await startTestApp();
    ({ apiKey, projectId } = await harness.createProjectWithKey('ingest'));
  });
  afterAll(() => harness.close());

  const ingest = (batch: unknown[]) =>
    harness.call({ path: 'spans.ingest', type: 'mutation', input: { spans: batch }, token: apiKey });
  const storedRows = (traceId: string) =>
    harness.store.db.select().from(spans).where(eq(spans.traceId, traceId)).orderBy(spans.spanId);

  it('stores every field of a valid span, keeping nanosecond precision', async () => {
    const span = buildSdkSpan({
      startTimeUnixNano: '1764000000123456789',
      endTimeUnixNano: '1764000001123456790',
      startTime: undefined,
      endTime: undefined,
      traceId: 'ABCDEF0123456789ABCDEF0123456789',
      userId: 'user-1',
      sessionId: 'session-1',
      tags: ['prod', 'prod', 'beta'],
      metadata: { tenant: 'acme', tier: 2 },
      costUsd: 0.0125,
      ttftMs: 80.5,
      cacheReadTokens: 3,
    });
    const response = await ingest([span]);
    expect(response.status).toBe(200);
    expect(response.body.result?.data).toEqual({ accepted: 1, rejected: [] });

    const [row] = await storedRows('abcdef0123456789abcdef0123456789');
    expect(row).toMatchObject({
      projectId,
      spanId: span.spanId,
      startTimeUnixNano: 1764000000123456789n,
      endTimeUnixNano: 1764000001123456790n,
      durationMs: 1000.000001,
      model: 'gpt-4o-mini',
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: 15,
      cacheReadTokens: 3,
      costUsd: 0.0125,
      costProvenance: { source: 'client' },
      ttftMs: 80.5,
      userId: 'user-1',
      sessionId: 'session-1',
      tags: ['prod', 'beta'],
      metadata: { tenant: 'acme', tier: 2 },
      input: [{ role: 'user', content: 'Hello there' }],
      output: { role: 'assistant', content: 'General Kenobi' },
      source: 'sdk',
      status: 'ok',
    });
  });

  it('re-sent spans update the stored row and never duplicate it', async () => {
    const traceId = randomTraceId();
    const batch = [buildSdkSpan({ traceId }), buildSdkSpan({ traceId })];
    expect((await ingest(batch)).body.result?.data).toEqual({ accepted: 2, rejected: [] });
    const edited = batch.map((span) => ({ ...span, status: 'error', statusMessage: 'late failure', outputTokens: 99 }));
    expect((await ingest(edited)).body.result?.data).toEqual({ accepted: 2, rejected: [] });

    const rows = await storedRows(traceId);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatchObject({ status: 'error', statusMessage: 'late failure', outputTokens: 99, totalTokens: 109 });
  });

  it('keeps the last copy when one batch holds the same span twice', async () => {
    const first = buildSdkSpan({ name: 'first' });
    const response = await ingest([first, { ...first, name: 'second' }]);
    expect(response.body.result?.data).toEqual({ accepted: 2, rejected: [] });
    const rows = await storedRows(first.traceId);
    expect(rows.map((row) => row.name)).toEqual(['second']);
  });

  it('rejects invalid spans one by one with reasons while the valid ones land', async () => {
    const traceId = randomTraceId();
    const good = buildSdkSpan({ traceId });
    const batch = [
      buildSdkSpan({ traceId: 'not-hex' }),
      good,
      buildSdkSpan({ traceId, endTime: '2000-01-01T00:00:00Z' }),
      buildSdkSpan({ traceId, name: undefined, inputTokens: -1 }),
      buildSdkSpan({ traceId, startTime: 'yesterday' }),
      buildSdkSpan({ traceId, spanId: '0000000000000000' }),
      'not an object',
    ];
    const response = await ingest(batch);
    expect(response.status).toBe(200);
    const result = response.body.result?.data as { accepted: number; rejected: { index: number; reasons: string[] }[] };
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((rejection) => rejection.index)).toEqual([0, 2, 3, 4, 5, 6]);
    const reasonsAt = (index: number) => result.rejected.find((rejection) => rejection.index === index)?.reasons.join(' | ');
    expect(reasonsAt(0)).toContain('traceId: must be 32 hex characters');
    expect(reasonsAt(2)).toContain('endTimeUnixNano: must not be before the start time');
    expect(reasonsAt(3)).toMatch(/name: .*(string|received undefined)/i);
    expect(reasonsAt(3)).toContain('inputTokens:');
    expect(reasonsAt(4)).toContain('startTime: must be an ISO-8601 timestamp');
    expect(reasonsAt(5)).toContain('spanId: must not be all zeros');
    expect(result.rejected[0]).toMatchObject({ traceId: 'not-hex', spanId: batch[0] && (batch[0] as { spanId: string }).spanId });

    const rows = await storedRows(traceId);
    expect(rows.map((row) => row.spanId)).toEqual([good.spanId]);
  });

  it('stores payloads holding NUL characters instead of failing the batch', async () => {
    const span = buildSdkSpan({ input: 'a\u0000b', metadata: { 'k\u0000': 'v\u0000' } });
    expect((await ingest([span])).body.result?.data).toEqual({ accepted: 1, rejected: [] });
    const [row] = await storedRows(span.traceId);
    expect(row?.input).toBe('a\uFFFDb');
    expect(row?.metadata).toEqual({ 'k\uFFFD': 'v\uFFFD' });
  });

  it('answers 400 naming the field for an empty or oversized batch', async () => {
    const empty = await ingest([]);
    expect(empty.status).toBe(400);
    expect(empty.body.error?.message).toContain('spans:');

    const tooMany = Array.from({ length: 1001 }, () => buildSdkSpan());
    const oversized = await ingest(tooMany);
    expect(oversized.status).toBe(400);
    expect(oversized.body.error?.message).toMatch(/spans: .*1000/);
  });

  it('stores a full batch of 1,000 spans in one call', async () => {
    const traceId = randomTraceId();
    const batch = Array.from({ length: 1000 }, () => buildSdkSpan({ traceId, spanId: randomSpanId() }));
    expect((await ingest(batch)).body.result?.data).toEqual({ accepted: 1000, rejected: [] });
    const [count] = await harness.store.db
      .select({ count: sql<number>`count(*)::int` })
      .from(spans)
      .where(eq(spans.traceId, traceId));
    expect(count?.count).toBe(1000);
  });

  it('answers 401 without a key and with an unknown key, storing nothing', async () => {
    const span = buildSdkSpan();
    const anonymous = await harness.call({ path: 'spans.ingest', type: 'mutation', input: { spans: [span] } });
    expect(anonymous.status).toBe(401);
    const unknown = await harness.call({ path: 'spans.ingest', type: 'mutation', input: { spans: [span] }, token: 'lp_nope' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error?.message).toContain('invalid or revoked');
    expect(await storedRows(span.traceId)).toEqual([]);
  });
});
