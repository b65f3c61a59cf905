import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.ts';
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
