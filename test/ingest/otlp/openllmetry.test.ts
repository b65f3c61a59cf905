import * as traceloop from '@traceloop/node-server-sdk';
import { eq } from 'drizzle-orm';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spans } from '../../../server/store/schema/spans.ts';
import { type MockOpenAi, startMockOpenAi } from '../../helpers/mock-openai.ts';
import { recordOtlpFixtures } from '../../helpers/otel.ts';
import { type TestServer, startTestServer } from '../../helpers/server.ts';

// Traceloop's SDK installs global OpenTelemetry state, so it has this test file (a separate process) to itself.
describe('OpenLLMetry (@traceloop/node-server-sdk) exporting to Loupe', () => {
  let server: TestServer;
  let mock: MockOpenAi;
  let apiKey: string;

  beforeAll(async () => {
    [server, mock] = await Promise.all([startTestServer(), startMockOpenAi()]);
    ({ apiKey } = await server.createProjectWithKey('openllmetry'));
    traceloop.initialize({
      appName: 'traceloop-app',
      baseUrl: server.baseUrl,
      apiKey,
      disableBatch: true,
      silenceInitializationMessage: true,
      traceloopSyncEnabled: false,
      // Traceloop's typings resolve openai as CommonJS; the class is the same at run time.
      instrumentModules: { openAI: OpenAI as never },
    });
  });
  afterAll(async () => {
    await Promise.all([server.close(), mock.close()]);
  });

  it('stores a workflow with an OpenAI chat span, association properties as user, session and metadata', async () => {
    const client = new OpenAI({ baseURL: mock.baseUrl, apiKey: 'sk-test' });
    await traceloop.withAssociationProperties({ user_id: 'user-7', session_id: 'sess-3', plan: 'pro' }, () =>
      traceloop.withWorkflow({ name: 'answer_question' }, () =>
        client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Ping?' }] }),
      ),
    );
    await traceloop.forceFlush();
    recordOtlpFixtures(server.otlpBodies, { source: 'openllmetry', name: 'workflow-chat' });

    const rows = await server.store.db.select().from(spans).where(eq(spans.source, 'otlp'));
    const workflow = rows.find((row) => row.name === 'answer_question.workflow');
    const chat = rows.find((row) => row.kind === 'llm');
    expect(workflow).toMatchObject({ kind: 'chain', userId: 'user-7', sessionId: 'sess-3', metadata: { plan: 'pro' } });
    expect(workflow?.convention).toContain('openllmetry');
    expect(chat).toMatchObject({
      traceId: workflow?.traceId,
      parentSpanId: workflow?.spanId,
      model: 'gpt-4o-mini',
      provider: 'openai',
      inputTokens: 19,
      outputTokens: 7,
      userId: 'user-7',
      sessionId: 'sess-3',
      resource: expect.objectContaining({ 'service.name': 'traceloop-app' }),
    });
    expect(chat?.convention).toContain('gen-ai');
    expect(JSON.stringify(chat?.input)).toContain('Ping?');
    expect(JSON.stringify(chat?.output)).toContain('Mocked answer.');
    expect(chat?.costUsd).toBeGreaterThan(0);
  });
});
