import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockOpenAi, startMockOpenAi } from '../helpers/mock-openai.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { proxyClient, proxySpans, setRouting } from './proxy-helpers.ts';

const ask = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'route me' }] };

describe('proxy routing', () => {
  let server: TestServer;
  let primary: MockOpenAi;
  let secondary: MockOpenAi;

  beforeAll(async () => {
    [server, primary, secondary] = await Promise.all([startTestServer(), startMockOpenAi(), startMockOpenAi()]);
  });
  afterAll(async () => {
    await Promise.all([server.close(), primary.close(), secondary.close()]);
  });

  const project = async (name: string, routing: Record<string, unknown>) => {
    const created = await server.createProjectWithKey(name);
    await setRouting(server, created.apiKey, {
      targets: [
        { name: 'primary', baseUrl: primary.baseUrl, apiKey: 'sk-1' },
        { name: 'secondary', baseUrl: secondary.baseUrl, apiKey: 'sk-2' },
      ],
      ...routing,
    });
    return { ...created, client: proxyClient(server, created.apiKey) };
  };

  it('retries a 429 after the Retry-After it names, then succeeds, with one child span per attempt', async () => {
    const { client, projectId } = await project('retry', { retry: { maxRetries: 2, baseDelayMs: 1 } });
    primary.fail({ status: 429, headers: { 'retry-after': '0.3' } });
    const started = Date.now();
    const response = await client.chat.completions.create(ask).withResponse();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.response.headers.get('x-loupe-target')).toBe('primary');
    const [call, first, second] = await proxySpans(server, projectId);
    expect(call).toMatchObject({ status: 'ok', metadata: { attempts: 2, target: 'primary' }, outputTokens: 7 });
    expect(first).toMatchObject({ parentSpanId: call?.spanId, status: 'error', name: 'attempt 1 primary', attributes: { 'http.response.status_code': 429 } });
    expect(second).toMatchObject({ parentSpanId: call?.spanId, status: 'ok', name: 'attempt 2 primary' });
  });

  it('falls back to the next target when retries run out on 5xx, and relays a 4xx without retrying', async () => {
    const { client, projectId } = await project('fallback', { retry: { maxRetries: 1, baseDelayMs: 1 } });
    primary.fail({ status: 503 }, { status: 502 });
    const response = await client.chat.completions.create(ask).withResponse();
    expect(response.response.headers.get('x-loupe-target')).toBe('secondary');
    const spans = await proxySpans(server, projectId);
    expect(spans.map((span) => span.name)).toEqual(['chat gpt-4o-mini', 'attempt 1 primary', 'attempt 2 primary', 'attempt 3 secondary']);

    primary.fail({ status: 401, body: { error: { message: 'bad key', type: 'invalid_request_error', code: 'invalid_api_key' } } });
    const before = secondary.requests.length;
    const failure = await client.chat.completions.create(ask).catch((error) => error);
    expect(failure.status).toBe(401);
    expect(secondary.requests.length).toBe(before);
  });

  it('skips to the fallback when Retry-After is longer than maxDelayMs, and answers 502 naming each failure when all fail', async () => {
    const { client } = await project('long-wait', { retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 1000 } });
    primary.fail({ status: 429, headers: { 'retry-after': '120' } });
    const started = Date.now();
    await client.chat.completions.create(ask);
    expect(Date.now() - started).toBeLessThan(1000);

    const { client: failing } = await project('all-fail', { retry: { maxRetries: 0 } });
    primary.fail({ status: 500 });
    secondary.fail({ status: 503 });
    const failure = await failing.chat.completions.create(ask).catch((error) => error);
    expect(failure.status).toBe(503);
  });

  it('times out a slow first token and moves on; answers 504 when every target is too slow', async () => {
    const { client, projectId } = await project('timeouts', { retry: { maxRetries: 0 }, timeouts: { requestMs: 5000, firstTokenMs: 150 } });
    primary.fail({ delayMs: 1000 });
    const response = await client.chat.completions.create(ask).withResponse();
    expect(response.response.headers.get('x-loupe-target')).toBe('secondary');
    const spans = await proxySpans(server, projectId);
    expect(spans[1]).toMatchObject({ status: 'error', statusMessage: 'no first token within 150 ms' });

    primary.fail({ delayMs: 1000 });
    secondary.fail({ delayMs: 1000 });
    const failure = await client.chat.completions.create(ask).catch((error) => error);
    expect(failure.status).toBe(504);
    expect(failure.error.code).toBe('upstream_timeout');
  });

  it('routes on metadata headers and model, and balances by weight', async () => {
    const { client } = await project('rules', {
      targets: [
        { name: 'primary', baseUrl: primary.baseUrl, apiKey: 'sk-1', weight: 3 },
        { name: 'secondary', baseUrl: secondary.baseUrl, apiKey: 'sk-2', weight: 1, models: { 'gpt-4o-mini': 'renamed-model' } },
      ],
      rules: [
        { when: { metadata: { tier: 'premium' } }, targets: ['secondary'] },
        { when: { model: '^balanced-' }, targets: ['primary', 'secondary'], strategy: 'loadbalance' },
      ],
    });
    const premium = await client.chat.completions.create(ask, { headers: { 'x-loupe-metadata-tier': 'premium' } }).withResponse();
    expect(premium.response.headers.get('x-loupe-target')).toBe('secondary');
    expect(secondary.requests.at(-1)?.body.model).toBe('renamed-model');
    const standard = await client.chat.completions.create(ask).withResponse();
    expect(standard.response.headers.get('x-loupe-target')).toBe('primary');

    const counts: Record<string, number> = { primary: 0, secondary: 0 };
    for (let index = 0; index < 200; index += 1) {
      const balanced = await client.chat.completions.create({ ...ask, model: 'balanced-model' }).withResponse();
      const target = balanced.response.headers.get('x-loupe-target') ?? '';
      counts[target] = (counts[target] ?? 0) + 1;
    }
    // Weight 3:1 -> about 150:50; the bounds hold with overwhelming probability.
    expect(counts.primary).toBeGreaterThan(110);
    expect(counts.secondary).toBeGreaterThan(20);
  });
});
