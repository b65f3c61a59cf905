import { LangfuseSpanProcessor } from '@langfuse/otel';
import { propagateAttributes, setLangfuseTracerProvider, startActiveObservation, startObservation } from '@langfuse/tracing';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spans } from '../../../server/store/schema/spans.ts';
import { createRecordingProvider, recordOtlpFixtures } from '../../helpers/otel.ts';
import { type TestServer, startTestServer } from '../../helpers/server.ts';

describe('Langfuse JS SDK exporting to the Langfuse-compatible OTLP path', () => {
  let server: TestServer;
  let apiKey: string;

  beforeAll(async () => {
    server = await startTestServer();
    ({ apiKey } = await server.createProjectWithKey('langfuse'));
  });
  afterAll(() => server.close());

  it('stores a trace with a generation: type, model, usage, client cost, user, session, tags, metadata', async () => {
    createRecordingProvider({ baseUrl: server.baseUrl, apiKey, serviceName: 'unused' }); // registers the context manager
    const processor = new LangfuseSpanProcessor({
      publicKey: 'pk-lf-local',
      secretKey: apiKey,
      baseUrl: server.baseUrl,
      exportMode: 'immediate',
    });
    const provider = new BasicTracerProvider({ spanProcessors: [processor] });
    setLangfuseTracerProvider(provider);

    await propagateAttributes({ userId: 'lf-user', sessionId: 'lf-session', tags: ['beta'], metadata: { plan: 'pro' } }, () =>
      startActiveObservation('rag-pipeline', async (span) => {
        span.update({ input: { question: 'What is Loupe?' } });
        const generation = startObservation(
          'answer',
          { model: 'gpt-4o', input: [{ role: 'user', content: 'What is Loupe?' }] },
          { asType: 'generation' },
        );
        generation.update({
          output: { role: 'assistant', content: 'An LLM observability tool.' },
          usageDetails: { input: 50, output: 10 },
          costDetails: { total: 0.0042 },
        });
        generation.end();
        span.update({ output: 'An LLM observability tool.' });
      }),
    );
    await provider.forceFlush();
    recordOtlpFixtures(server.otlpBodies, { source: 'langfuse', name: 'generation' });

    const rows = await server.store.db.select().from(spans).where(eq(spans.source, 'otlp'));
    const pipeline = rows.find((row) => row.name === 'rag-pipeline');
    const answer = rows.find((row) => row.name === 'answer');
    expect(pipeline).toMatchObject({ kind: 'span', input: { question: 'What is Loupe?' }, output: 'An LLM observability tool.' });
    expect(answer).toMatchObject({
      parentSpanId: pipeline?.spanId,
      kind: 'llm',
      model: 'gpt-4o',
      inputTokens: 50,
      outputTokens: 10,
      costUsd: 0.0042,
      costProvenance: { source: 'client' },
      userId: 'lf-user',
      sessionId: 'lf-session',
      tags: ['beta'],
      metadata: { plan: 'pro' },
      output: { role: 'assistant', content: 'An LLM observability tool.' },
      convention: 'langfuse',
    });
    await provider.shutdown();
  });
});
