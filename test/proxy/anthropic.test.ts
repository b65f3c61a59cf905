import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMessagesRequest } from '../../server/proxy/providers/anthropic.ts';
import { type MockOpenAi, startMockOpenAi } from '../helpers/mock-openai.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { proxyClient, proxySpans, setRouting } from './proxy-helpers.ts';

describe('proxy to Anthropic Messages', () => {
  let server: TestServer;
  let mock: MockOpenAi;
  let project: { projectId: string; apiKey: string };

  beforeAll(async () => {
    [server, mock] = await Promise.all([startTestServer(), startMockOpenAi()]);
    project = await server.createProjectWithKey('anthropic');
    await setRouting(server, project.apiKey, {
      targets: [{ name: 'claude', provider: 'anthropic', baseUrl: mock.baseUrl, apiKey: 'sk-ant-test', models: { 'gpt-4o': 'claude-sonnet-4-5' } }],
    });
  });
  afterAll(async () => {
    await Promise.all([server.close(), mock.close()]);
  });

  it('translates an OpenAI chat call to Messages and the answer back, with Anthropic headers and usage', async () => {
    const client = proxyClient(server, project.apiKey);
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
    });
    expect(completion.choices[0]).toMatchObject({ message: { role: 'assistant', content: 'Claude says hi.' }, finish_reason: 'stop' });
    expect(completion.usage).toMatchObject({ prompt_tokens: 15, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 3 } });
    const sent = mock.requests.at(-1);
    expect(sent?.path).toBe('/v1/messages');
    expect(sent?.headers).toMatchObject({ 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' });
    expect(sent?.body).toMatchObject({ model: 'claude-sonnet-4-5', system: 'Be brief.', max_tokens: 4096, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }] });
    const span = (await proxySpans(server, project.projectId)).at(-1);
    expect(span).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-5', inputTokens: 15, outputTokens: 5, cacheReadTokens: 3, status: 'ok' });
  });

  it('turns the Messages event stream into OpenAI chunks ending in [DONE], usage recorded but hidden', async () => {
    const client = proxyClient(server, project.apiKey);
    const stream = await client.chat.completions.create({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'Stream' }] });
    let content = '';
    let finish: string | null | undefined;
    let sawUsage = false;
    for await (const chunk of stream) {
      content += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) sawUsage = true;
    }
    expect({ content, finish, sawUsage }).toEqual({ content: 'Claude streams.', finish: 'stop', sawUsage: false });
    const span = (await proxySpans(server, project.projectId)).at(-1);
    expect(span).toMatchObject({ output: { role: 'assistant', content: 'Claude streams.' }, inputTokens: 12, outputTokens: 6 });
  });

  it('relays an Anthropic error as an OpenAI error with the same status', async () => {
    mock.fail({ status: 529, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });
    const failure = await proxyClient(server, project.apiKey).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }).catch((error) => error);
    expect(failure.status).toBe(529);
    expect(failure.error).toMatchObject({ message: 'Overloaded', type: 'overloaded_error' });
  });

  it('maps tool definitions, tool calls and tool results to Messages blocks', () => {
    const request = toMessagesRequest({
      model: 'claude',
      tools: [{ type: 'function', function: { name: 'weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      tool_choice: 'required',
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '3°C' },
      ],
    });
    expect(request).toMatchObject({
      tools: [{ name: 'weather', description: 'Weather', input_schema: { type: 'object' } }],
      tool_choice: { type: 'any' },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Oslo?' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Oslo' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: '3°C' }] },
      ],
    });
  });
});
