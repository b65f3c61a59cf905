import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spans } from '../../../server/store/schema/spans.ts';
import { createRecordingProvider } from '../../helpers/otel.ts';
import { type TestServer, startTestServer } from '../../helpers/server.ts';

describe('OpenTelemetry GenAI semantic conventions over OTLP', () => {
  let server: TestServer;
  let apiKey: string;

  beforeAll(async () => {
    server = await startTestServer();
    ({ apiKey } = await server.createProjectWithKey('gen-ai'));
  });
  afterAll(() => server.close());

  async function storedSpan(spanId: string) {
    const [row] = await server.store.db.select().from(spans).where(eq(spans.spanId, spanId));
    return row;
  }

  it('maps the current attributes: messages, system instructions, provider.name, cache and reasoning tokens', async () => {
    const recording = createRecordingProvider({ baseUrl: server.baseUrl, apiKey, serviceName: 'genai-current' });
    const span = recording.provider.getTracer('genai').startSpan('chat o4-mini', {
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'o4-mini',
        'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'Be terse.' }]),
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: '2+2?' }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: '4' }], finish_reason: 'stop' }]),
        'gen_ai.usage.input_tokens': 40,
        'gen_ai.usage.output_tokens': 90,
        'gen_ai.usage.cache_read.input_tokens': 10,
        'gen_ai.usage.reasoning.output_tokens': 80,
        'gen_ai.conversation.id': 'conv-1',
      },
    });
    span.end();
    await recording.flush({ source: 'gen-ai', name: 'current' });
    const row = await storedSpan(span.spanContext().spanId);
    expect(row).toMatchObject({
      kind: 'llm',
      model: 'o4-mini',
      provider: 'openai',
      inputTokens: 40,
      outputTokens: 90,
      cacheReadTokens: 10,
      reasoningTokens: 80,
      sessionId: 'conv-1',
      input: [
        { role: 'system', parts: [{ type: 'text', content: 'Be terse.' }] },
        { role: 'user', parts: [{ type: 'text', content: '2+2?' }] },
      ],
      unmappedAttributes: [],
    });
    expect(row?.costUsd).toBeCloseTo(30 * 1.1e-6 + 10 * 0.275e-6 + 90 * 4.4e-6, 12);
  });

  it('maps the older attributes: gen_ai.system, indexed prompt/completion, prompt/completion token names', async () => {
    const recording = createRecordingProvider({ baseUrl: server.baseUrl, apiKey, serviceName: 'genai-legacy' });
    const span = recording.provider.getTracer('genai').startSpan('anthropic.chat', {
      attributes: {
        'gen_ai.system': 'anthropic',
        'gen_ai.request.model': 'claude-3-5-sonnet-20241022',
        'gen_ai.prompt.0.role': 'user',
        'gen_ai.prompt.0.content': 'Hello',
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.content': 'Hi!',
        'gen_ai.usage.prompt_tokens': 8,
        'gen_ai.usage.completion_tokens': 2,
      },
    });
    span.end();
    await recording.flush({ source: 'gen-ai', name: 'legacy-attributes' });
    expect(await storedSpan(span.spanContext().spanId)).toMatchObject({
      kind: 'llm',
      provider: 'anthropic',
      model: 'claude-3-5-sonnet-20241022',
      input: [{ role: 'user', content: 'Hello' }],
      output: [{ role: 'assistant', content: 'Hi!' }],
      inputTokens: 8,
      outputTokens: 2,
      unmappedAttributes: [],
    });
  });

  it('maps the older message events (gen_ai.user.message, gen_ai.choice)', async () => {
    const recording = createRecordingProvider({ baseUrl: server.baseUrl, apiKey, serviceName: 'genai-events' });
    const span = recording.provider.getTracer('genai').startSpan('chat', {
      attributes: { 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o' },
    });
    span.addEvent('gen_ai.system.message', { content: 'Be nice.' });
    span.addEvent('gen_ai.user.message', { content: 'Hey' });
    span.addEvent('gen_ai.choice', { index: 0, finish_reason: 'stop', message: JSON.stringify({ content: 'Hello!' }) });
    span.end();
    await recording.flush({ source: 'gen-ai', name: 'message-events' });
    const row = await storedSpan(span.spanContext().spanId);
    expect(row?.input).toEqual([
      { role: 'system', content: 'Be nice.' },
      { role: 'user', content: 'Hey' },
    ]);
    expect(row?.output).toEqual([{ index: 0, finish_reason: 'stop', message: JSON.stringify({ content: 'Hello!' }) }]);
  });
});
