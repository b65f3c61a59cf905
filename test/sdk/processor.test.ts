import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExportResultCode } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { InMemoryExporter, LoupeExporter, LoupeSpanProcessor } from '../../sdk/src/index.ts';

/** An exporter that holds every export until released, to fill the processor's queue. */
function stalledExporter() {
  const pending: (() => void)[] = [];
  const exported: ReadableSpan[] = [];
  const exporter: SpanExporter = {
    export: (spans, callback) => {
      pending.push(() => {
        exported.push(...spans);
        callback({ code: ExportResultCode.SUCCESS });
      });
    },
    shutdown: async () => {},
  };
  return { exporter, exported, release: () => {
      for (const resolve of pending.splice(0)) resolve();
    },
  };
}

async function startStatusServer(statuses: { status: number; retryAfter?: string }[]) {
  const seen: number[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const next = statuses.shift() ?? { status: 200 };
      seen.push(Date.now());
      response.writeHead(next.status, next.retryAfter ? { 'retry-after': next.retryAfter } : {});
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => server.close() };
}

describe('LoupeSpanProcessor', () => {
  it('drops and counts spans beyond the bounded queue, and exports the rest on flush', async () => {
    const { exporter, exported, release } = stalledExporter();
    const processor = new LoupeSpanProcessor({ exporter, maxQueueSize: 5, maxExportBatchSize: 5, scheduledDelayMillis: 60_000 });
    const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('t');
    for (let index = 0; index < 12; index += 1) tracer.startSpan(`span-${index}`).end();
    // 5 went out in a (stalled) batch, 5 more fill the queue again, 2 are dropped.
    expect(processor.getStats()).toMatchObject({ dropped: 2, queued: 5 });
    const flushed = processor.forceFlush();
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    await flushed;
    expect(exported).toHaveLength(10);
    expect(processor.getStats()).toMatchObject({ exported: 10, dropped: 2, queued: 0 });
  });

  it('shuts down once: later calls share the first, and spans ending afterwards are ignored', async () => {
    const exporter = new InMemoryExporter();
    const processor = new LoupeSpanProcessor({ exporter, mode: 'immediate' });
    const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('t');
    tracer.startSpan('before').end();
    const first = processor.shutdown();
    expect(processor.shutdown()).toBe(first);
    await first;
    tracer.startSpan('after').end();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['before']);
  });

  it('joins an existing OpenTelemetry setup without taking spans from its other processors', async () => {
    const existing = new InMemorySpanExporter();
    const loupe = new InMemoryExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(existing), new LoupeSpanProcessor({ exporter: loupe, mode: 'immediate' })],
    });
    provider.getTracer('t').startSpan('shared').end();
    await provider.forceFlush();
    expect(existing.getFinishedSpans().map((span) => span.name)).toEqual(['shared']);
    expect(loupe.getFinishedSpans().map((span) => span.name)).toEqual(['shared']);
  });
});

describe('LoupeExporter', () => {
  const exportOne = (exporter: LoupeExporter) => {
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())] });
    const span = tracerProvider.getTracer('t').startSpan('x');
    span.end();
    return new Promise<number>((resolve) => exporter.export([span as unknown as ReadableSpan], (result) => resolve(result.code)));
  };

  it('retries 503 and 429 honouring Retry-After, then succeeds', async () => {
    const server = await startStatusServer([{ status: 503, retryAfter: '1' }, { status: 429, retryAfter: '0' }]);
    const code = await exportOne(new LoupeExporter({ endpoint: server.url, apiKey: 'k', initialBackoffMs: 10 }));
    server.close();
    expect(code).toBe(ExportResultCode.SUCCESS);
    expect(server.seen).toHaveLength(3);
    expect((server.seen[1] ?? 0) - (server.seen[0] ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('does not retry other failures such as 400 or 401', async () => {
    const server = await startStatusServer([{ status: 400 }, { status: 200 }]);
    const code = await exportOne(new LoupeExporter({ endpoint: server.url, apiKey: 'k', initialBackoffMs: 10 }));
    server.close();
    expect(code).toBe(ExportResultCode.FAILED);
    expect(server.seen).toHaveLength(1);
  });
});
