// OpenTelemetry wiring for tests: spans go to Loupe over real OTLP/HTTP and are kept in memory, so a test can
// assert what was stored and (with LOUPE_RECORD_FIXTURES=1) record the exact OTLP JSON as a fixture.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

export const fixturesDirectory = path.resolve(import.meta.dirname, '../fixtures');

let contextManagerRegistered = false;

/** Parent/child links need an active-context manager, as instrumented apps register one. */
function registerContextManager(): void {
  if (contextManagerRegistered) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerRegistered = true;
}

export function createRecordingProvider(options: { baseUrl: string; apiKey: string; serviceName: string }) {
  registerContextManager();
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [
      new SimpleSpanProcessor(
        new OTLPTraceExporter({ url: `${options.baseUrl}/v1/traces`, headers: { authorization: `Bearer ${options.apiKey}` } }),
      ),
      new SimpleSpanProcessor(memory),
    ],
  });
  return {
    provider,
    memory,
    /** Flushes the OTLP export; with LOUPE_RECORD_FIXTURES=1 also writes test/fixtures/<source>/<name>.json. */
    async flush(fixture?: { source: string; name: string }) {
      await provider.forceFlush();
      if (fixture && process.env.LOUPE_RECORD_FIXTURES === '1') {
        const json = JsonTraceSerializer.serializeRequest(memory.getFinishedSpans()) as Uint8Array;
        const directory = path.join(fixturesDirectory, fixture.source);
        mkdirSync(directory, { recursive: true });
        const pretty = JSON.stringify(JSON.parse(Buffer.from(json).toString('utf8')), null, 2);
        writeFileSync(path.join(directory, `${fixture.name}.json`), `${pretty}\n`);
      }
    },
  };
}

/** With LOUPE_RECORD_FIXTURES=1, saves raw OTLP bodies as test/fixtures/<source>/<name>.<n>.bin (protobuf) or .json. */
export function recordOtlpFixtures(bodies: { contentType: string; body: Uint8Array }[], fixture: { source: string; name: string }): void {
  if (process.env.LOUPE_RECORD_FIXTURES !== '1') return;
  const directory = path.join(fixturesDirectory, fixture.source);
  mkdirSync(directory, { recursive: true });
  bodies.forEach((entry, index) => {
    const extension = entry.contentType.includes('protobuf') ? 'bin' : 'json';
    writeFileSync(path.join(directory, `${fixture.name}.${index}.${extension}`), entry.body);
  });
}
