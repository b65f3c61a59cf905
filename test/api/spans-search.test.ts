import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.ts';
import { buildSdkSpan, randomSpanId, randomTraceId } from '../helpers/spans.ts';

type SearchRow = Record<string, unknown> & { spanId: string; name: string };
type SearchPage = { spans: SearchRow[]; nextCursor: string | null };

describe('spans.search', () => {
  let harness: TestApp;
  let apiKey: string;
  const traceId = randomTraceId();
  const seeded = {
    plain: buildSdkSpan({ traceId, name: 'plain' }, { minutesAgo: 10, durationMs: 100 }),
    failing: buildSdkSpan(
      { traceId, name: 'failing', status: 'error', statusMessage: 'boom', model: 'claude-3-5-sonnet', provider: 'anthropic' },
      { minutesAgo: 9, durationMs: 2_000 },
    ),
    tagged: buildSdkSpan(
      { name: 'tagged', kind: 'tool', tags: ['prod', 'beta'], metadata: { tenant: 'acme', tier: 2, vip: true } },
      { minutesAgo: 8 },
    ),
    userSpan: buildSdkSpan({ name: 'user-span', userId: 'alice', sessionId: 'session-7' }, { minutesAgo: 7 }),
    costly: buildSdkSpan({ name: 'costly', costUsd: 1.5, inputTokens: 5000, outputTokens: 1000 }, { minutesAgo: 6 }),
    texty: buildSdkSpan(
      {
        name: 'texty',
        input: [{ role: 'user', content: 'Where is the "quoted" 100%_done\nanswer?' }],
        output: 'The zebra crossing',
      },
      { minutesAgo: 5 },
    ),
    old: buildSdkSpan({ name: 'old' }, { minutesAgo: 60 * 30 }),
  };

  beforeAll(async () => {
    harness = await startTestApp();
    ({ apiKey } = await harness.createProjectWithKey('search'));
    const response = await harness.call({
      path: 'spans.ingest',
      type: 'mutation',
      input: { spans: Object.values(seeded) },
      token: apiKey,
    });
    expect(response.body.result?.data).toMatchObject({ accepted: 7 });
    const scores = [
      { traceId: seeded.texty.traceId, spanId: seeded.texty.spanId, name: 'quality', value: 0.2 },
      { traceId: seeded.costly.traceId, spanId: seeded.costly.spanId, name: 'quality', value: 0.9 },
      { traceId: seeded.tagged.traceId, spanId: seeded.tagged.spanId, name: 'tone', value: 'rude' },
      { traceId: seeded.userSpan.traceId, spanId: seeded.userSpan.spanId, name: 'helpful', value: false },
      // About the whole trace of "plain" and "failing".
      { traceId, name: 'resolved', value: true },
    ];
    for (const score of scores) {
      const created = await harness.call({ path: 'scores.create', type: 'mutation', input: score, token: apiKey });
      expect(created.status, JSON.stringify(created.body)).toBe(200);
    }
  });
  afterAll(() => harness.close());

  async function search(input: Record<string, unknown> = {}): Promise<SearchPage> {
    const response = await harness.call({ path: 'spans.search', input, token: apiKey });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.result?.data as SearchPage;
  }
  const names = async (input: Record<string, unknown>) => (await search(input)).spans.map((row) => row.name).sort();

  it('defaults to the last 24 hours, newest first', async () => {
    const page = await search();
    expect(page.spans.map((row) => row.name)).toEqual(['texty', 'costly', 'user-span', 'tagged', 'failing', 'plain']);
    expect(page.nextCursor).toBeNull();
  });

  it('takes an explicit time range as ISO or epoch milliseconds, oldest first on request', async () => {
    const from = Date.now() - 31 * 3_600_000;
    const page = await search({ from, to: new Date().toISOString(), order: 'asc' });
    expect(page.spans[0]?.name).toBe('old');
    expect(page.spans).toHaveLength(7);
  });

  it.each([
    [{ name: 'plain' }, ['plain']],
    [{ kind: 'tool' }, ['tagged']],
    [{ model: 'claude-3-5-sonnet' }, ['failing']],
    [{ provider: ['anthropic'] }, ['failing']],
    [{ status: 'error' }, ['failing']],
    [{ userId: 'alice' }, ['user-span']],
    [{ sessionId: 'session-7' }, ['user-span']],
    [{ traceId }, ['failing', 'plain']],
    [{ tags: ['prod'] }, ['tagged']],
    [{ tags: ['prod', 'nope'] }, []],
    [{ metadata: { tenant: 'acme', vip: true } }, ['tagged']],
    [{ metadata: { tier: 3 } }, []],
    [{ minLatencyMs: 1_000 }, ['failing']],
    [{ maxLatencyMs: 150 }, ['plain']],
    [{ minCostUsd: 1 }, ['costly']],
    [{ maxCostUsd: 0.0001 }, ['plain', 'tagged', 'texty', 'user-span']],
    [{ minTokens: 1000 }, ['costly']],
    [{ maxTokens: 15, name: 'plain' }, ['plain']],
    [{ text: 'zebra' }, ['texty']],
    [{ text: '"quoted" 100%_done\nanswer' }, ['texty']],
    [{ text: '100%' }, ['texty']],
    [{ text: 'General Kenobi' }, ['costly', 'failing', 'plain', 'tagged', 'user-span']],
    [{ scores: [{ name: 'quality' }] }, ['costly', 'texty']],
    [{ scores: [{ name: 'quality', op: '<', value: 0.5 }] }, ['texty']],
    [{ scores: [{ name: 'quality', op: '>=', value: 0.9 }] }, ['costly']],
    [{ scores: [{ name: 'quality', op: '>', value: 0.1 }, { name: 'quality', op: '<=', value: 0.2 }] }, ['texty']],
    [{ scores: [{ name: 'quality', op: '=', value: 0.5 }] }, []],
    [{ scores: [{ name: 'tone', op: '=', value: 'rude' }] }, ['tagged']],
    [{ scores: [{ name: 'helpful', op: '=', value: false }] }, ['user-span']],
    [{ scores: [{ name: 'helpful', op: '=', value: true }] }, []],
    [{ scores: [{ name: 'resolved', op: '=', value: true }] }, ['failing', 'plain']],
    [{ scores: [{ name: 'resolved' }], status: 'error' }, ['failing']],
  ])('filters by %j', async (filter, expected) => {
    expect(await names(filter)).toEqual(expected);
  });

  it('returns compact rows: previews instead of payloads, times as exact strings', async () => {
    const longInput = 'x'.repeat(5_000);
    const span = buildSdkSpan({ name: 'long', input: longInput, output: { text: 'y'.repeat(5_000) } });
    await harness.call({ path: 'spans.ingest', type: 'mutation', input: { spans: [span] }, token: apiKey });
    const [row] = (await search({ name: 'long' })).spans;
    expect(row).not.toHaveProperty('input');
    expect(row).not.toHaveProperty('attributes');
    expect(row?.inputPreview).toBe('x'.repeat(200));
    expect(String(row?.outputPreview)).toHaveLength(200);
    expect(row?.startTimeUnixNano).toMatch(/^\d{19}$/);
    expect(row?.startTime).toBe(span.startTime.replace('Z', '000000Z'));
  });

  it.each([
    ['an OpenAI conversation', [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: 'What is 2+2?' }], { role: 'assistant', content: '4' }],
    ['GenAI parts', [{ role: 'user', parts: [{ type: 'text', content: 'What is 2+2?' }] }], [{ role: 'assistant', parts: [{ type: 'text', content: '4' }] }]],
    ['choices', [{ message: { role: 'user', content: 'What is 2+2?' } }], { message: { role: 'assistant', content: '4' } }],
  ])('previews %s by the text of its last message', async (_shape, input, output) => {
    const name = `preview-${randomSpanId()}`;
    // Three days back: outside the default 24 hours that the other searches here count on.
    const span = buildSdkSpan({ name, input, output }, { minutesAgo: 3 * 24 * 60 });
    await harness.call({ path: 'spans.ingest', type: 'mutation', input: { spans: [span] }, token: apiKey });
    const [row] = (await search({ name, from: Date.now() - 4 * 86_400_000 })).spans;
    expect(row?.inputPreview).toBe('What is 2+2?');
    expect(row?.outputPreview).toBe('4');
  });

  it('pages with a cursor, each span exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: SearchPage = await search({ limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.spans.map((row) => row.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['long', 'texty', 'costly', 'user-span', 'tagged', 'failing', 'plain']);
  });

  it("matches scores of the key's project only, even on the same trace and span ids", async () => {
    const other = await harness.createProjectWithKey('search-other');
    const input = { traceId: seeded.plain.traceId, spanId: seeded.plain.spanId, name: 'leak', value: 1 };
    expect((await harness.call({ path: 'scores.create', type: 'mutation', input, token: other.apiKey })).status).toBe(200);
    expect(await names({ scores: [{ name: 'leak' }] })).toEqual([]);
  });

  it('answers 400 naming the field for bad input', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ cursor: 'garbage' }, 'cursor:'],
      [{ limit: 501 }, 'limit:'],
      [{ from: 'last tuesday' }, 'from:'],
      [{ from: Date.now(), to: Date.now() - 1000 }, 'from: must be before to'],
      [{ kind: 'robot' }, 'kind'],
      [{ traceId: 'xyz' }, 'traceId:'],
      [{ scores: [{ name: 'quality', op: '<' }] }, 'scores.0.value: give op and value together'],
      [{ scores: [{ name: 'tone', op: '>', value: 'rude' }] }, 'scores.0.value: must be a number to compare with >'],
      [{ scores: [{ name: 'quality', op: '~', value: 1 }] }, 'scores.0.op'],
      [{ scores: [{ name: '' }] }, 'scores.0.name'],
    ];
    for (const [input, field] of cases) {
      const response = await harness.call({ path: 'spans.search', input, token: apiKey });
      expect(response.status, JSON.stringify(input)).toBe(400);
      expect(response.body.error?.message).toContain(field);
    }
  });
});
