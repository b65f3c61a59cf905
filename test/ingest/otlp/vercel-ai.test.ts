import { generateText, simulateReadableStream, streamText } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spans } from '../../../server/store/schema/spans.ts';
import { createRecordingProvider } from '../../helpers/otel.ts';
import { type TestServer, startTestServer } from '../../helpers/server.ts';

const usage = {
  inputTokens: { total: 120, noCache: 100, cacheRead: 20, cacheWrite: 0 },
  outputTokens: { total: 30, text: 30, reasoning: 0 },
};

describe('Vercel AI SDK experimental_telemetry over OTLP', () => {
  let server: TestServer;
  let apiKey: string;

  beforeAll(async () => {
    server = await startTestServer();
    ({ apiKey } = await server.createProjectWithKey('vercel-ai'));
  });
  afterAll(() => server.close());

  async function storedTrace(traceId: string) {
    const rows = await server.store.db.select().from(spans).where(eq(spans.traceId, traceId));
    return Object.fromEntries(rows.map((row) => [row.name, row]));
  }

  it('maps generateText: parent chain with repeated usage, priced leaf llm span, metadata, user and session', async () => {
    const recording = createRecordingProvider({ baseUrl: server.baseUrl, apiKey, serviceName: 'vercel-app' });
    const model = new MockLanguageModelV3({
      provider: 'openai.chat',
      modelId: 'gpt-4o-mini',
      doGenerate: {
        content: [{ type: 'text', text: 'Paris is the capital of France.' }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage,
        warnings: [],
      },
    });
    await generateText({
      model,
      system: 'Answer briefly.',
      prompt: 'What is the capital of France?',
      experimental_telemetry: {
        isEnabled: true,
        functionId: 'capital-quiz',
        metadata: { userId: 'user-42', sessionId: 'session-9', tenant: 'acme' },
        tracer: recording.provider.getTracer('ai'),
      },
    });
    await recording.flush({ source: 'vercel-ai', name: 'generate-text' });

    const traceId = recording.memory.getFinishedSpans()[0]?.spanContext().traceId ?? '';
    const stored = await storedTrace(traceId);
    expect(Object.keys(stored).sort()).toEqual(['ai.generateText', 'ai.generateText.doGenerate']);
    const leaf = stored['ai.generateText.doGenerate'];
    expect(leaf).toMatchObject({
      kind: 'llm',
      model: 'gpt-4o-mini',
      provider: 'openai',
      inputTokens: 120,
      outputTokens: 30,
      cacheReadTokens: 20,
      output: 'Paris is the capital of France.',
      userId: 'user-42',
      sessionId: 'session-9',
      metadata: { tenant: 'acme' },
      convention: expect.stringContaining('vercel-ai'),
      source: 'otlp',
    });
    expect(JSON.stringify(leaf?.input)).toContain('What is the capital of France?');
    expect(leaf?.costUsd).toBeCloseTo(100 * 0.15e-6 + 20 * 0.075e-6 + 30 * 0.6e-6, 12);
    expect(leaf?.unmappedAttributes.filter((key) => key.startsWith('ai.usage') || key.startsWith('ai.prompt'))).toEqual([]);

    const parent = stored['ai.generateText'];
    expect(parent).toMatchObject({ kind: 'chain', inputTokens: 120, outputTokens: 30, costUsd: null });
    expect(parent?.output).toBe('Paris is the capital of France.');
  });

  it('maps streamText with time to first chunk', async () => {
    const recording = createRecordingProvider({ baseUrl: server.baseUrl, apiKey, serviceName: 'vercel-app' });
    const model = new MockLanguageModelV3({
      provider: 'anthropic.messages',
      modelId: 'claude-3-5-haiku-20241022',
      doStream: {
        stream: simulateReadableStream({
          initialDelayInMs: 30,
          chunkDelayInMs: 5,
          chunks: [
            { type: 'text-start', id: 't1' },
            { type: 'text-delta', id: 't1', delta: 'Hello' },
            { type: 'text-delta', id: 't1', delta: ' world' },
            { type: 'text-end', id: 't1' },
            { type: 'finish', finishReason: { unified: 'stop', raw: 'end_turn' }, usage },
          ],
        }),
      },
    });
    const result = streamText({
      model,
      prompt: 'Say hello',
      experimental_telemetry: { isEnabled: true, tracer: recording.provider.getTracer('ai') },
    });
    expect(await result.text).toBe('Hello world');
    await recording.flush({ source: 'vercel-ai', name: 'stream-text' });

    const traceId = recording.memory.getFinishedSpans()[0]?.spanContext().traceId ?? '';
    const leaf = (await storedTrace(traceId))['ai.streamText.doStream'];
    expect(leaf).toMatchObject({ kind: 'llm', model: 'claude-3-5-haiku-20241022', provider: 'anthropic', output: 'Hello world' });
    expect(leaf?.ttftMs).toBeGreaterThan(0);
    expect(leaf?.ttftMs).toBeLessThanOrEqual(leaf?.durationMs ?? 0);
  });
});
