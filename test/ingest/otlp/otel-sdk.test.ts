import { type Context, context as otelContext, SpanStatusCode, trace } from '@opentelemetry/api';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spans } from '../../../server/store/schema/spans.ts';
import { type TestServer, startTestServer } from '../../helpers/server.ts';

describe('OTLP/HTTP from the real OpenTelemetry JS exporters', () => {
  let server: TestServer;
  let apiKey: string;
  let projectId: string;

  beforeAll(async () => {
    server = await startTestServer();
    ({ apiKey, projectId } = await server.createProjectWithKey('otel'));
  });
  afterAll(() => server.close());

  const exporters = {
    'protobuf': (compression: CompressionAlgorithm) =>
      new OTLPProtoTraceExporter({ url: `${server.baseUrl}/v1/traces`, headers: { authorization: `Bearer ${apiKey}` }, compression }),
    'json': (compression: CompressionAlgorithm) =>
      new OTLPJsonTraceExporter({ url: `${server.baseUrl}/v1/traces`, headers: { authorization: `Bearer ${apiKey}` }, compression }),
  };

  for (const [encoding, createExporter] of Object.entries(exporters)) {
    for (const compression of [CompressionAlgorithm.NONE, CompressionAlgorithm.GZIP]) {
      it(`stores a nested GenAI trace sent as ${encoding}, compression ${compression}`, async () => {
        const provider = new BasicTracerProvider({
          resource: resourceFromAttributes({ 'service.name': `svc-${encoding}-${compression}` }),
          spanProcessors: [new SimpleSpanProcessor(createExporter(compression))],
        });
        const tracer = provider.getTracer('loupe-fixture', '1.2.3');
        const root = tracer.startSpan('agent-run', { attributes: { 'user.id': 'alice', 'session.id': 's-1' } });
        const parentContext: Context = trace.setSpan(otelContext.active(), root);
        const llm = tracer.startSpan(
          'chat gpt-4o-mini',
          {
            attributes: {
              'gen_ai.operation.name': 'chat',
              'gen_ai.provider.name': 'openai',
              'gen_ai.request.model': 'gpt-4o-mini',
              'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
              'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]),
              'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Hello' }] }]),
              'gen_ai.usage.input_tokens': 12,
              'gen_ai.usage.output_tokens': 3,
              'http.route': '/chat',
              'custom.count': 4096,
              'custom.list': ['a', 'b'],
            },
          },
          parentContext,
        );
        llm.addEvent('retry', { attempt: 2 });
        llm.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
        llm.end();
        root.end();
        await provider.forceFlush();
        await provider.shutdown();

        const traceId = root.spanContext().traceId;
        const stored = await server.store.db.select().from(spans).where(eq(spans.traceId, traceId));
        expect(stored).toHaveLength(2);
        const storedRoot = stored.find((row) => row.spanId === root.spanContext().spanId);
        const storedLlm = stored.find((row) => row.spanId === llm.spanContext().spanId);
        expect(storedRoot).toMatchObject({
          projectId,
          spanId: root.spanContext().spanId,
          parentSpanId: null,
          name: 'agent-run',
          kind: 'span',
          userId: 'alice',
          sessionId: 's-1',
          source: 'otlp',
          resource: { 'service.name': `svc-${encoding}-${compression}` },
          scope: { name: 'loupe-fixture', version: '1.2.3' },
        });
        expect(storedLlm).toMatchObject({
          parentSpanId: root.spanContext().spanId,
          kind: 'llm',
          model: 'gpt-4o-mini-2024-07-18',
          provider: 'openai',
          status: 'error',
          statusMessage: 'rate limited',
          inputTokens: 12,
          outputTokens: 3,
          input: [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }],
          output: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello' }] }],
          convention: 'gen-ai',
          unmappedAttributes: ['http.route', 'custom.count', 'custom.list'],
          events: [{ name: 'retry', attributes: { attempt: 2 } }],
        });
        expect(storedLlm?.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 12, 'custom.list': ['a', 'b'] });
        const [seconds, nanoseconds] = (llm as unknown as ReadableSpan).startTime;
        const startNanoseconds = BigInt(seconds) * 1_000_000_000n + BigInt(nanoseconds);
        expect(storedLlm?.startTimeUnixNano).toBe(startNanoseconds);
      });
    }
  }
});
