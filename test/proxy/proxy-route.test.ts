import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockOpenAi, startMockOpenAi } from '../helpers/mock-openai.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { mockTarget, proxyClient, proxySpans, setRouting } from './proxy-helpers.ts';

describe('proxy route', () => {
  let server: TestServer;
  let mock: MockOpenAi;
  let project: { projectId: string; apiKey: string };
  let client: OpenAI;

  beforeAll(async () => {
    [server, mock] = await Promise.all([startTestServer(), startMockOpenAi()]);
    project = await server.createProjectWithKey('proxy');
    await setRouting(server, project.apiKey, { targets: [mockTarget(mock)] });
    client = proxyClient(server, project.apiKey);
  });
  afterAll(async () => {
    await Promise.all([server.close(), mock.close()]);
  });
  beforeEach(() => {
    mock.requests.length = 0;
  });

  it('answers a chat completion through the openai client and records it as a proxy span', async () => {
    const completion = await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi there' }], temperature: 0.2 },
      { headers: { 'x-loupe-user': 'alice', 'x-loupe-session': 's-1', 'x-loupe-tags': 'prod, beta', 'x-loupe-metadata-feature': 'search' } },
    );
    expect(completion.choices[0]?.message.content).toBe('Mocked answer.');
    expect(mock.requests[0]?.headers.authorization).toBe('Bearer sk-upstream');
    const [span] = await proxySpans(server, project.projectId);
    expect(span).toMatchObject({
      kind: 'llm',
      source: 'proxy',
      status: 'ok',
      model: 'gpt-4o-mini',
      provider: 'openai',
      input: [{ role: 'user', content: 'Hi there' }],
      output: { role: 'assistant', content: 'Mocked answer.' },
      inputTokens: 19,
      outputTokens: 7,
      cacheReadTokens: 4,
      userId: 'alice',
      sessionId: 's-1',
      tags: ['prod', 'beta'],
      metadata: { feature: 'search', target: 'mock', attempts: 1, cache: 'off' },
    });
    expect(span?.attributes).toMatchObject({ 'gen_ai.request.temperature': 0.2, 'http.response.status_code': 200 });
    expect(span?.costUsd).toBeGreaterThan(0);
    expect(span?.ttftMs).toBeGreaterThanOrEqual(0);
  });

  it('streams chunk by chunk, ends with [DONE], hides the usage chunk it added and still records usage', async () => {
    const response = await fetch(`${server.baseUrl}/proxy/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${project.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Stream please' }] }),
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const text = await response.text();
    const events = text.split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(text).not.toContain('"usage"');
    expect(events).toHaveLength(5);
    expect(mock.requests[0]?.body.stream_options).toEqual({ include_usage: true });
    const spans = await proxySpans(server, project.projectId);
    expect(spans.at(-1)).toMatchObject({ output: { role: 'assistant', content: 'Mocked stream.' }, inputTokens: 19, outputTokens: 7, status: 'ok' });
    expect(spans.at(-1)?.ttftMs).not.toBeNull();
  });

  it('keeps the usage chunk for a client that asked for it (the openai client, streaming)', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'With usage' }],
    });
    let content = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      content += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(content).toBe('Mocked stream.');
    expect(usage?.total_tokens).toBe(26);
  });

  it('relays an upstream error with its status and OpenAI error body, and records the failed span', async () => {
    const failure = await client.chat.completions.create({ model: 'rejected-model', messages: [{ role: 'user', content: 'x' }] }).catch((error) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(failure.status).toBe(400);
    expect(failure.error).toMatchObject({ message: 'The model rejected-model does not exist', code: 'model_not_found' });
    const span = (await proxySpans(server, project.projectId)).at(-1);
    expect(span).toMatchObject({ status: 'error', statusMessage: 'The model rejected-model does not exist', model: 'rejected-model' });
  });

  it('forwards embeddings and records an embedding span without the vectors', async () => {
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'embed me', encoding_format: 'float' });
    expect(result.data[0]?.embedding).toHaveLength(3);
    const span = (await proxySpans(server, project.projectId)).at(-1);
    expect(span).toMatchObject({ kind: 'embedding', input: 'embed me', output: { embeddings: 1, dimensions: 3 }, inputTokens: 5 });
  });

  it('forwards the caller provider key when the Loupe key comes as x-loupe-key and the target has none', async () => {
    const other = await server.createProjectWithKey('proxy-byok');
    await setRouting(server, other.apiKey, { targets: [{ name: 'byok', baseUrl: mock.baseUrl }] });
    const byok = new OpenAI({ baseURL: `${server.baseUrl}/proxy/v1`, apiKey: 'sk-caller-own', defaultHeaders: { 'x-loupe-key': other.apiKey }, maxRetries: 0 });
    await byok.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'mine' }] });
    expect(mock.requests.at(-1)?.headers.authorization).toBe('Bearer sk-caller-own');
    const missing = await proxyClient(server, other.apiKey).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }).catch((error) => error);
    expect(missing.status).toBe(400);
    expect(missing.message).toContain('has no apiKey');
  });

  it('nests the call under the caller trace when a traceparent is sent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'traced' }] },
      { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } },
    );
    const span = (await proxySpans(server, project.projectId)).at(-1);
    expect(span).toMatchObject({ traceId, parentSpanId: '00f067aa0ba902b7' });
  });

  it('refuses bad input, missing or invalid keys and unconfigured projects with OpenAI-shaped errors naming the problem', async () => {
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${server.baseUrl}/proxy/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const auth = { authorization: `Bearer ${project.apiKey}` };
    const cases = [
      { response: await post('{not json', auth), status: 400, message: 'body: not valid JSON' },
      { response: await post('{"messages":[{"role":"user","content":"x"}]}', auth), status: 400, message: 'model: required' },
      { response: await post('{"model":"gpt-4o-mini","messages":[]}', auth), status: 400, message: 'messages: required' },
      { response: await post('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}]}', {}), status: 401, message: 'Send a Loupe API key' },
      { response: await post('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}]}', { authorization: 'Bearer lp_nope' }), status: 401, message: 'invalid or revoked' },
    ];
    const unconfigured = await server.createProjectWithKey('proxy-off');
    cases.push({
      response: await post('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}]}', { authorization: `Bearer ${unconfigured.apiKey}` }),
      status: 404,
      message: 'The proxy is not enabled for this project',
    });
    for (const { response, status, message } of cases) {
      expect(response.status).toBe(status);
      const body = (await response.json()) as { error: { message: string; type: string; code: string } };
      expect(body.error.message).toContain(message);
      expect(body.error.type).toBeTruthy();
    }
  });
});
