import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf } from '../helpers/app.ts';
import { type MockOpenAi, startMockOpenAi } from '../helpers/mock-openai.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { mockTarget, proxyClient, proxySpans, setRouting } from './proxy-helpers.ts';

const ask = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'cache me' }] };

describe('proxy cache and budgets', () => {
  let server: TestServer;
  let mock: MockOpenAi;

  beforeAll(async () => {
    [server, mock] = await Promise.all([startTestServer(), startMockOpenAi()]);
  });
  afterAll(async () => {
    await Promise.all([server.close(), mock.close()]);
  });

  it('answers an identical request from the cache (JSON and replayed stream), never across projects', async () => {
    const first = await server.createProjectWithKey('cache-a');
    const second = await server.createProjectWithKey('cache-b');
    for (const project of [first, second]) await setRouting(server, project.apiKey, { targets: [mockTarget(mock)], cache: { enabled: true, ttlSeconds: 60 } });
    const client = proxyClient(server, first.apiKey);
    const before = mock.requests.length;
    const miss = await client.chat.completions.create(ask).withResponse();
    // Same body with keys in another order: the canonical body is the key.
    const hit = await client.chat.completions.create({ messages: ask.messages, model: ask.model }).withResponse();
    expect([miss.response.headers.get('x-loupe-cache'), hit.response.headers.get('x-loupe-cache')]).toEqual(['miss', 'hit']);
    expect(hit.data).toEqual(miss.data);
    expect(mock.requests.length - before).toBe(1);

    const streamed = async () => {
      const response = await fetch(`${server.baseUrl}/proxy/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${first.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...ask, stream: true }),
      });
      return { cache: response.headers.get('x-loupe-cache'), text: await response.text() };
    };
    const [streamMiss, streamHit] = [await streamed(), await streamed()];
    expect([streamMiss.cache, streamHit.cache]).toEqual(['miss', 'hit']);
    expect(streamHit.text).toBe(streamMiss.text);
    expect(streamHit.text).not.toContain('"usage"');

    const other = await proxyClient(server, second.apiKey).chat.completions.create(ask).withResponse();
    expect(other.response.headers.get('x-loupe-cache')).toBe('miss');
    const bypass = await client.chat.completions.create(ask, { headers: { 'x-loupe-cache': 'off' } }).withResponse();
    expect(bypass.response.headers.get('x-loupe-cache')).toBe('bypass');

    const spans = await proxySpans(server, first.projectId);
    const hits = spans.filter((span) => (span.metadata as { cache?: string }).cache === 'hit');
    expect(hits).toHaveLength(2);
    expect(hits.every((span) => span.costUsd === 0 && span.inputTokens === 19)).toBe(true);
  });

  it('lets exactly maxRequests of 100 concurrent calls through and refuses the rest with 429 and Retry-After', async () => {
    const { apiKey, projectId } = await server.createProjectWithKey('budget-requests');
    await setRouting(server, apiKey, { targets: [mockTarget(mock)], budgets: [{ window: 'hour', maxRequests: 37 }] });
    mock.setLatency({ answerMs: 20 });
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        fetch(`${server.baseUrl}/proxy/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(ask),
        }),
      ),
    );
    mock.setLatency({});
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(37);
    expect(statuses.filter((status) => status === 429)).toHaveLength(63);
    const refused = responses.find((response) => response.status === 429);
    if (!refused) throw new Error('expected a refused call');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'budget_exceeded' });
    await server.proxy.callLog.flush();
    const usage = dataOf<{ window: string; requests: number; tokens: number }[]>(await server.call({ path: 'proxy.usage', token: apiKey }));
    expect(usage).toEqual([expect.objectContaining({ window: 'hour', requests: 37, tokens: 37 * 26 })]);
    expect((await proxySpans(server, projectId)).filter((span) => span.status === 'error')).toHaveLength(63);
  });

  it('never spends past a cost budget under 100 concurrent calls: reserved up front, settled to the actual cost', async () => {
    const { apiKey } = await server.createProjectWithKey('budget-cost');
    // gpt-4o-mini list price; the mock's answer (19 in, 7 out) costs a known amount.
    await setRouting(server, apiKey, { targets: [mockTarget(mock)], budgets: [{ window: 'day', maxCostUsd: 0.0005 }] });
    const body = JSON.stringify({ ...ask, max_tokens: 50 });
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        fetch(`${server.baseUrl}/proxy/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body }),
      ),
    );
    const succeeded = responses.filter((response) => response.status === 200).length;
    expect(succeeded).toBeGreaterThan(0);
    expect(succeeded).toBeLessThan(100);
    await server.proxy.callLog.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [usage] = dataOf<{ costUsd: number; requests: number }[]>(await server.call({ path: 'proxy.usage', token: apiKey }));
    expect(usage?.requests).toBe(succeeded);
    expect(usage?.costUsd).toBeLessThanOrEqual(0.0005);
    expect(usage?.costUsd).toBeGreaterThan(0);

    const unpriced = await proxyClient(server, apiKey).chat.completions.create({ ...ask, model: 'no-such-model-xyz' }).catch((error) => error);
    expect(unpriced.status).toBe(400);
    expect(unpriced.message).toContain('has no price');
  });

  it('keeps routing per project: a key cannot read or change another project, masked keys stay stored', async () => {
    const owner = await server.createProjectWithKey('routing-owner');
    const stranger = await server.createProjectWithKey('routing-stranger');
    await setRouting(server, owner.apiKey, { targets: [mockTarget(mock, { apiKey: 'sk-secret-1234' })] });
    const shown = dataOf<{ source: string; config: { targets: { apiKey: string }[] } }>(await server.call({ path: 'proxy.config.get', token: owner.apiKey }));
    expect(shown).toMatchObject({ source: 'api', config: { targets: [{ apiKey: '…1234' }] } });
    expect(dataOf(await server.call({ path: 'proxy.config.get', token: stranger.apiKey }))).toBeNull();

    await setRouting(server, owner.apiKey, shown.config);
    await proxyClient(server, owner.apiKey).chat.completions.create(ask);
    expect(mock.requests.at(-1)?.headers.authorization).toBe('Bearer sk-secret-1234');

    const invalid = await server.call({ path: 'proxy.config.set', type: 'mutation', token: owner.apiKey, input: { targets: [{ name: 'a', baseUrl: 'nope' }] } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error?.message).toContain('targets.0.baseUrl');
  });
});

describe('proxy routing from the file', () => {
  it('uses LOUPE_PROXY_CONFIG routing by project name and refuses changes through tRPC', async () => {
    const mock = await startMockOpenAi();
    const { routingConfigSchema } = await import('../../server/proxy/routing-config.ts');
    const server = await startTestServer({ proxyRouting: { 'file-project': routingConfigSchema.parse({ targets: [mockTarget(mock)] }) } });
    try {
      const { apiKey } = await server.createProjectWithKey('file-project');
      const answer = await proxyClient(server, apiKey).chat.completions.create(ask);
      expect(answer.choices[0]?.message.content).toBe('Mocked answer.');
      const refused = await server.call({ path: 'proxy.config.set', type: 'mutation', token: apiKey, input: { targets: [mockTarget(mock)] } });
      expect(refused.status).toBe(409);
      expect(dataOf<{ source: string }>(await server.call({ path: 'proxy.config.get', token: apiKey })).source).toBe('file');
    } finally {
      await Promise.all([server.close(), mock.close()]);
    }
  });
});
