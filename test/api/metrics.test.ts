import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, dataOf, startTestApp } from '../helpers/app.ts';
import { buildSdkSpan, randomTraceId } from '../helpers/spans.ts';

type Point = { bucket: string; requests: number; errors: number; errorRate: number | null; latencyP50: number | null; latencyP95: number | null; inputTokens: number; outputTokens: number; costUsd: number };
type Series = { bucketSeconds: number; points: Point[]; scores: { name: string; average: number; count: number }[] };

const hour = (index: number, offsetMs = 0) => new Date(Date.UTC(2025, 10, 24, index) + offsetMs).toISOString();
const timed = (startHour: number, offsetMs: number, durationMs: number) => ({
  startTime: hour(startHour, offsetMs),
  endTime: hour(startHour, offsetMs + durationMs),
});

describe('metrics.timeseries', () => {
  let harness: TestApp;
  let apiKey: string;

  beforeAll(async () => {
    harness = await startTestApp();
    ({ apiKey } = await harness.createProjectWithKey('metrics'));
    const traceId = randomTraceId();
    const parent = buildSdkSpan({ traceId, kind: 'chain', name: 'ai.generateText', inputTokens: 100, outputTokens: 50, ...timed(2, 0, 500) });
    const batch = [
      ...[100, 200, 300, 400].map((duration, index) =>
        buildSdkSpan({ status: index === 0 ? 'error' : 'ok', inputTokens: 10, outputTokens: 5, ...timed(0, index * 1000, duration) }),
      ),
      parent,
      buildSdkSpan({ traceId, parentSpanId: parent.spanId, kind: 'llm', model: 'claude-3-5-haiku', inputTokens: 100, outputTokens: 50, ...timed(2, 10, 400) }),
    ];
    expect(dataOf(await harness.call({ path: 'spans.ingest', type: 'mutation', input: { spans: batch }, token: apiKey }))).toMatchObject({ accepted: 6 });
  });
  afterAll(() => harness.close());

  const series = async (input: Record<string, unknown>) => dataOf<Series>(await harness.call({ path: 'metrics.timeseries', input, token: apiKey }));

  it('buckets requests, errors, latency percentiles, tokens and cost in SQL, with empty buckets present', async () => {
    const { points, bucketSeconds } = await series({ from: hour(0), to: hour(3), bucketSeconds: 3600 });
    expect(bucketSeconds).toBe(3600);
    expect(points.map((point) => point.bucket)).toEqual([hour(0), hour(1), hour(2)]);
    const [first, empty, third] = points;
    expect(first).toMatchObject({ requests: 4, errors: 1, errorRate: 0.25, latencyP50: 250, inputTokens: 40, outputTokens: 20 });
    expect(first?.latencyP95).toBeCloseTo(385, 6);
    expect(first?.costUsd).toBeCloseTo(4 * (10 * 0.15e-6 + 5 * 0.6e-6), 12);
    expect(empty).toMatchObject({ requests: 0, errors: 0, errorRate: null, latencyP50: null, inputTokens: 0, costUsd: 0 });
    // The chain parent repeats its child's usage: only the model span counts.
    expect(third).toMatchObject({ requests: 2, inputTokens: 100, outputTokens: 50 });
  });

  it('applies the span filters and picks a bucket size automatically', async () => {
    const filtered = await series({ from: hour(0), to: hour(3), model: 'claude-3-5-haiku' });
    expect(filtered.bucketSeconds).toBe(300);
    expect(filtered.points.reduce((sum, point) => sum + point.requests, 0)).toBe(1);
    expect((await series({})).bucketSeconds).toBe(900);
  });

  it.each([1234, 7 * 3600, 86_400])('puts every span in one of the listed buckets with %i-second buckets', async (bucketSeconds) => {
    const { points } = await series({ from: hour(0), to: hour(3), bucketSeconds });
    expect(points.reduce((sum, point) => sum + point.requests, 0)).toBe(6);
    expect(new Set(points.map((point) => point.bucket)).size).toBe(points.length);
  });

  it('charts score averages per name', async () => {
    const traceId = randomTraceId();
    for (const value of [1, 0.5]) {
      await harness.call({ path: 'scores.create', type: 'mutation', input: { traceId, name: 'accuracy', value }, token: apiKey });
    }
    const { scores } = await series({});
    expect(scores).toEqual([expect.objectContaining({ name: 'accuracy', average: 0.75, count: 2 })]);
  });

  it('refuses a bucket size that would produce too many points', async () => {
    const response = await harness.call({ path: 'metrics.timeseries', input: { bucketSeconds: 1 }, token: apiKey });
    expect(response.status).toBe(400);
    expect(response.body.error?.message).toContain('bucketSeconds:');
  });
});
