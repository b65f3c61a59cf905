import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spans } from '../../server/store/schema/spans.ts';
import { type TestApp, dataOf, startTestApp } from '../helpers/app.ts';
import { buildSdkSpan } from '../helpers/spans.ts';

describe('span cost', () => {
  let harness: TestApp;
  let projectA: { apiKey: string };
  let projectB: { apiKey: string };

  beforeAll(async () => {
    harness = await startTestApp();
    projectA = await harness.createProjectWithKey('cost-a');
    projectB = await harness.createProjectWithKey('cost-b');
  });
  afterAll(() => harness.close());

  async function ingestOne(apiKey: string, overrides: Record<string, unknown>) {
    const span = buildSdkSpan({ costUsd: undefined, ...overrides });
    const response = await harness.call({ path: 'spans.ingest', type: 'mutation', input: { spans: [span] }, token: apiKey });
    expect(dataOf(response)).toMatchObject({ accepted: 1 });
    const [row] = await harness.store.db.select().from(spans).where(eq(spans.spanId, span.spanId));
    return row;
  }

  it('prices a known model from the built-in table, counting cached input and reasoning within the totals', async () => {
    const row = await ingestOne(projectA.apiKey, {
      model: 'gpt-4o-mini',
      inputTokens: 1000,
      cacheReadTokens: 200,
      outputTokens: 500,
      reasoningTokens: 100,
    });
    expect(row?.costUsd).toBeCloseTo(800 * 0.15e-6 + 200 * 0.075e-6 + 500 * 0.6e-6, 12);
    expect(row?.costProvenance).toMatchObject({
      source: 'price-table',
      priceId: 'openai/gpt-4o-mini',
      tokens: { input: 1000, output: 500, cacheRead: 200, reasoning: 100 },
      ratesPerToken: { input: 0.15e-6, output: 0.6e-6, cachedInput: 0.075e-6, reasoning: null },
    });
  });

  it.each([
    ['openai/gpt-4o-2024-08-06', 'openai/gpt-4o'],
    ['claude-3-5-sonnet-20241022', 'anthropic/claude-sonnet'],
    ['models/gemini-2.5-flash', 'google/gemini-2.5-flash'],
    ['GPT-4.1-mini', 'openai/gpt-4.1-mini'],
  ])('matches %s to the %s price', async (model, priceId) => {
    const row = await ingestOne(projectA.apiKey, { model });
    expect(row?.costProvenance).toMatchObject({ priceId });
    expect(row?.costUsd).toBeGreaterThan(0);
  });

  it('leaves cost null, not 0, for an unknown model or missing usage, and lists the unknown model', async () => {
    expect((await ingestOne(projectA.apiKey, { model: 'house-llm-7b' }))?.costUsd).toBeNull();
    const noUsage = await ingestOne(projectA.apiKey, { model: 'gpt-4o', inputTokens: null, outputTokens: null });
    expect(noUsage?.costUsd).toBeNull();
    const unpriced = dataOf<{ model: string; spans: number }[]>(await harness.call({ path: 'models.unpriced', token: projectA.apiKey }));
    expect(unpriced).toEqual([expect.objectContaining({ model: 'house-llm-7b', spans: 1 })]);
  });

  it('keeps a cost the client sent and never prices aggregate (chain) spans', async () => {
    const clientCost = await ingestOne(projectA.apiKey, { model: 'gpt-4o', costUsd: 0.5 });
    expect(clientCost).toMatchObject({ costUsd: 0.5, costProvenance: { source: 'client' } });
    expect((await ingestOne(projectA.apiKey, { model: 'gpt-4o', kind: 'chain' }))?.costUsd).toBeNull();
  });

  it('applies a project override ahead of the built-in table, in that project only', async () => {
    const upsert = (pattern: string, inputPerToken: number) =>
      harness.call({
        path: 'models.prices.upsert',
        type: 'mutation',
        input: { modelPattern: pattern, inputPerToken, outputPerToken: 0.000002 },
        token: projectA.apiKey,
      });
    expect((await upsert('^house-llm', 0.000001)).status).toBe(200);
    expect((await upsert('^gpt-4o$', 0.00001)).status).toBe(200);

    const house = await ingestOne(projectA.apiKey, { model: 'house-llm-7b', inputTokens: 100, outputTokens: 10 });
    expect(house?.costUsd).toBeCloseTo(100 * 0.000001 + 10 * 0.000002, 12);
    expect(house?.costProvenance).toMatchObject({ source: 'project-price', pattern: '^house-llm' });
    const overridden = await ingestOne(projectA.apiKey, { model: 'gpt-4o', inputTokens: 100, outputTokens: 0 });
    expect(overridden?.costUsd).toBeCloseTo(0.001, 12);

    const otherProject = await ingestOne(projectB.apiKey, { model: 'house-llm-7b' });
    expect(otherProject?.costUsd).toBeNull();
    const listed = dataOf<{ project: unknown[] }>(await harness.call({ path: 'models.prices.list', token: projectB.apiKey }));
    expect(listed.project).toEqual([]);
  });

  it('rejects an invalid pattern naming the field', async () => {
    const response = await harness.call({
      path: 'models.prices.upsert',
      type: 'mutation',
      input: { modelPattern: '(unclosed', inputPerToken: 0, outputPerToken: 0 },
      token: projectA.apiKey,
    });
    expect(response.status).toBe(400);
    expect(response.body.error?.message).toContain('modelPattern: must be a valid regular expression');
  });
});
