import { context as otelContext, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { decodeJsonRequest } from '../../../server/ingest/otlp/decode-json.ts';
import { decodeProtobufRequest, exportTraceServiceRequest } from '../../../server/ingest/otlp/decode-protobuf.ts';

/** Spans from the real OTel SDK covering every field the exporter writes. */
async function recordSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'wire', 'service.instance.count': 3 }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('wire-scope', '0.0.1');
  const linked = tracer.startSpan('linked');
  linked.end();
  const parent = tracer.startSpan('parent', { kind: SpanKind.SERVER });
  const child = tracer.startSpan(
    'child',
    {
      kind: SpanKind.CLIENT,
      attributes: { text: 'héllo', flag: true, count: -42, ratio: 0.25, names: ['a', 'b'], numbers: [1, 2.5] },
      links: [{ context: linked.spanContext(), attributes: { why: 'retry-of' } }],
    },
    trace.setSpan(otelContext.active(), parent),
  );
  child.addEvent('tick', { index: 1 });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'bad' });
  child.end();
  parent.setStatus({ code: SpanStatusCode.OK });
  parent.end();
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

describe('OTLP message definitions', () => {
  it('re-encode the exporter’s protobuf bytes byte for byte', async () => {
    const bytes = ProtobufTraceSerializer.serializeRequest(await recordSpans());
    if (!bytes) throw new Error('serializer returned nothing');
    const reencoded = exportTraceServiceRequest.encode(exportTraceServiceRequest.decode(bytes)).finish();
    expect(Buffer.from(reencoded).equals(Buffer.from(bytes))).toBe(true);
  });

  it('decode protobuf and JSON from the same spans to the same request', async () => {
    const recorded = await recordSpans();
    const fromProtobuf = decodeProtobufRequest(ProtobufTraceSerializer.serializeRequest(recorded) as Uint8Array);
    const jsonBytes = JsonTraceSerializer.serializeRequest(recorded) as Uint8Array;
    const fromJson = decodeJsonRequest(Buffer.from(jsonBytes).toString('utf8'));
    expect(fromJson).toEqual(fromProtobuf);

    const spans = fromProtobuf[0]?.scopeSpans[0]?.spans ?? [];
    const child = spans.find((span) => span.name === 'child');
    expect(child).toMatchObject({
      kind: 3,
      attributes: { text: 'héllo', flag: true, count: -42, ratio: 0.25, names: ['a', 'b'], numbers: [1, 2.5] },
      events: [{ name: 'tick', attributes: { index: 1 } }],
      links: [{ attributes: { why: 'retry-of' } }],
      status: { code: 2, message: 'bad' },
    });
    expect(child?.parentSpanId).toMatch(/^[0-9a-f]{16}$/);
    expect(fromProtobuf[0]?.resource).toMatchObject({ 'service.name': 'wire', 'service.instance.count': 3 });
    expect(fromProtobuf[0]?.scopeSpans[0]?.scope).toMatchObject({ name: 'wire-scope', version: '0.0.1' });
  });
});
