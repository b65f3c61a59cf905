import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { eq } from 'drizzle-orm';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spans } from '../../../server/store/schema/spans.ts';
import { type MockOpenAi, startMockOpenAi } from '../../helpers/mock-openai.ts';
import { createRecordingProvider } from '../../helpers/otel.ts';
import { type TestServer, startTestServer } from '../../helpers/server.ts';

describe('OpenInference OpenAI instrumentation over OTLP', () => {
  let server: TestServer;
  let mock: MockOpenAi;
  let apiKey: string;

  beforeAll(async () => {
    [server, mock] = await Promise.all([startTestServer(), startMockOpenAi()]);
    ({ apiKey } = await server.createProjectWithKey('openinference'));
  });
  afterAll(async () => {
    await Promise.all([server.close(), mock.close()]);
  });

  it('maps an instrumented chat completion (messages, model, usage, kind) and prices it', async () => {
    const recording = createRecordingProvider({ baseUrl: server.baseUrl, apiKey, serviceName: 'oi-app' });
    const instrumentation = new OpenAIInstrumentation({ tracerProvider: recording.provider });
    instrumentation.manuallyInstrument(OpenAI);
    const client = new OpenAI({ baseURL: mock.baseUrl, apiKey: 'sk-test' });
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Name a colour.' },
      ],
    });
    await recording.flush({ source: 'openinference', name: 'chat-completion' });
    instrumentation.disable();

    const [recorded] = recording.memory.getFinishedSpans();
    const [row] = await server.store.db.select().from(spans).where(eq(spans.spanId, recorded?.spanContext().spanId ?? ''));
    expect(row).toMatchObject({
      kind: 'llm',
      model: 'gpt-4o-mini',
      provider: 'openai',
      inputTokens: 19,
      outputTokens: 7,
      cacheReadTokens: 4,
      input: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Name a colour.' },
      ],
      output: [{ role: 'assistant', content: 'Mocked answer.' }],
      convention: 'openinference',
      source: 'otlp',
    });
    expect(row?.costUsd).toBeCloseTo(15 * 0.15e-6 + 4 * 0.075e-6 + 7 * 0.6e-6, 12);
    expect(row?.unmappedAttributes.filter((key) => key.startsWith('llm.'))).toEqual(['llm.invocation_parameters', 'llm.finish_reason']);
  });
});
