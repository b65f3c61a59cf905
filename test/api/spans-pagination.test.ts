import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, dataOf, startTestApp } from '../helpers/app.ts';
import { buildSdkSpan } from '../helpers/spans.ts';

type Page = { spans: { spanId: string }[]; nextCursor: string | null };

describe('spans.search pagination', () => {
  let harness: TestApp;
  let apiKey: string;

  beforeAll(async () => {
    harness = await startTestApp();
    ({ apiKey } = await harness.createProjectWithKey('pagination'));
  });
  afterAll(() => harness.close());

  const ingest = (batch: unknown[]) =>
    harness.call({ path: 'spans.ingest', type: 'mutation', input: { spans: batch }, token: apiKey });

  it.each(['desc', 'asc'])('returns every pre-existing span exactly once while inserts land between pages (%s)', async (order) => {
    const base = Date.now() - 3_600_000;
    // Many spans share one start time, so the tie-break on (trace_id, span_id) is exercised too.
    const existing = Array.from({ length: 120 }, (_, index) =>
      buildSdkSpan({ startTime: new Date(base + Math.floor(index / 4) * 1000).toISOString(), endTime: new Date(base + 200_000).toISOString() }),
    );
    expect((await ingest(existing)).body.result?.data).toMatchObject({ accepted: 120 });
    const from = base - 1;
    const to = base + 60_000;

    const seen: string[] = [];
    let cursor: string | null = null;
    let pageNumber = 0;
    do {
      const response = await harness.call({
        path: 'spans.search',
        input: { from, to, order, limit: 7, ...(cursor ? { cursor } : {}) },
        token: apiKey,
      });
      const page = response.body.result?.data as Page;
      seen.push(...page.spans.map((row) => row.spanId));
      cursor = page.nextCursor;
      pageNumber += 1;
      // Concurrent writers: new spans before, inside and after the range being paged.
      const offsets = [-5_000, pageNumber * 1_500, 30_000, 120_000];
      const concurrent = offsets.map((offset) =>
        buildSdkSpan({ startTime: new Date(base + offset).toISOString(), endTime: new Date(base + 200_000).toISOString() }),
      );
      await ingest(concurrent);
    } while (cursor);

    expect(new Set(seen).size).toBe(seen.length);
    const seenSet = new Set(seen);
    for (const span of existing) expect(seenSet.has(span.spanId)).toBe(true);
  });
});

describe('spans.search sorted by latency, cost or tokens', () => {
  let harness: TestApp;
  let apiKey: string;
  const base = Date.now() - 3_600_000;
  // Durations repeat (ties), some spans have no model and so no cost: they must come last, not vanish.
  const spans = Array.from({ length: 45 }, (_, index) =>
    buildSdkSpan(
      {
        startTime: new Date(base + index * 1000).toISOString(),
        endTime: new Date(base + index * 1000 + 100 + (index % 9) * 50).toISOString(),
        model: index % 5 === 0 ? undefined : 'gpt-4o-mini',
        inputTokens: 10 + (index % 7),
      },
    ),
  );

  beforeAll(async () => {
    harness = await startTestApp();
    ({ apiKey } = await harness.createProjectWithKey('sorting'));
    await harness.call({ path: 'spans.ingest', type: 'mutation', input: { spans }, token: apiKey });
  });
  afterAll(() => harness.close());

  type SortedPage = { spans: { spanId: string; durationMs: number; costUsd: number | null; totalTokens: number }[]; nextCursor: string | null };

  async function pageThrough(input: Record<string, unknown>) {
    const rows: SortedPage['spans'] = [];
    let cursor: string | null = null;
    do {
      const response = await harness.call({ path: 'spans.search', input: { from: base - 1, limit: 4, ...input, ...(cursor ? { cursor } : {}) }, token: apiKey });
      const page = response.body.result?.data as SortedPage;
      rows.push(...page.spans);
      cursor = page.nextCursor;
    } while (cursor);
    return rows;
  }

  it.each([
    ['latency', 'desc', (row: SortedPage['spans'][number]) => row.durationMs],
    ['latency', 'asc', (row: SortedPage['spans'][number]) => row.durationMs],
    ['cost', 'desc', (row: SortedPage['spans'][number]) => row.costUsd ?? -1],
    ['tokens', 'desc', (row: SortedPage['spans'][number]) => row.totalTokens],
  ] as const)('pages through every span exactly once by %s %s', async (sortBy, order, value) => {
    const rows = await pageThrough({ sortBy, order });
    expect(new Set(rows.map((row) => row.spanId)).size).toBe(spans.length);
    const values = rows.map(value);
    const expected = [...values].sort((left, right) => (order === 'desc' ? right - left : left - right));
    expect(values).toEqual(expected);
  });

  it('puts spans of unknown cost last when sorting by cost, descending', async () => {
    const rows = await pageThrough({ sortBy: 'cost', order: 'desc' });
    expect(rows.slice(-9).every((row) => row.costUsd === null)).toBe(true);
  });

  it('refuses a cursor made for another sort', async () => {
    const first = await harness.call({ path: 'spans.search', input: { from: base - 1, limit: 2, sortBy: 'latency' }, token: apiKey });
    const cursor = dataOf<SortedPage>(first).nextCursor;
    const response = await harness.call({ path: 'spans.search', input: { from: base - 1, limit: 2, sortBy: 'cost', cursor }, token: apiKey });
    expect(response.status).toBe(400);
    expect(response.body.error?.message).toContain('cursor: it was made for sortBy "latency"');
  });
});
