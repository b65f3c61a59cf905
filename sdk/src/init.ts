// init(): sets up OpenTelemetry tracing that sends to Loupe, or hands back the processor for an existing setup.
import { type Tracer, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { LoupeExporter } from './exporter.ts';
import { LoupeSpanProcessor, type LoupeSpanProcessorOptions } from './processor.ts';

export type InitOptions = {
  /** Loupe's base URL (default LOUPE_ENDPOINT or http://localhost:3000). */
  endpoint?: string;
  /** A project API key (default LOUPE_API_KEY). */
  apiKey?: string;
  serviceName?: string;
  /** Send somewhere else, e.g. an InMemoryExporter in tests. */
  exporter?: SpanExporter;
  /** false: do not register a global tracer provider; add `processor` to your own provider instead. */
  registerGlobal?: boolean;
} & Omit<LoupeSpanProcessorOptions, 'exporter'>;

export type Loupe = {
  processor: LoupeSpanProcessor;
  tracer: Tracer;
  endpoint: string;
  apiKey: string;
  /** Sends every finished span now. */
  flush: () => Promise<void>;
  /** Flushes and stops; calling it again is harmless. */
  shutdown: () => Promise<void>;
};

let current: Loupe | undefined;

/** The active Loupe setup, for helpers that need the endpoint and key (score). */
export function currentLoupe(): Loupe | undefined {
  return current;
}

/**
 * Starts sending traces to Loupe.
 * @example
 * import { init, observe } from '@loupe/sdk';
 * const loupe = init({ apiKey: process.env.LOUPE_API_KEY });
 * await observe('answer-question', async () => callModel());
 * await loupe.shutdown();
 */
export function init(options: InitOptions = {}): Loupe {
  const endpoint = options.endpoint ?? process.env.LOUPE_ENDPOINT ?? 'http://localhost:3000';
  const apiKey = options.apiKey ?? process.env.LOUPE_API_KEY ?? '';
  if (!apiKey && !options.exporter) throw new Error('Loupe init: pass apiKey or set LOUPE_API_KEY');
  const processor = new LoupeSpanProcessor({
    ...options,
    exporter: options.exporter ?? new LoupeExporter({ endpoint, apiKey }),
  });
  let provider: NodeTracerProvider | undefined;
  if (options.registerGlobal !== false) {
    provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': options.serviceName ?? 'loupe-app' }),
      spanProcessors: [processor],
    });
    provider.register();
  }
  const shutdownOnce = provider ? provider.shutdown.bind(provider) : processor.shutdown.bind(processor);
  let shutdownPromise: Promise<void> | undefined;
  current = {
    processor,
    tracer: trace.getTracer('@loupe/sdk'),
    endpoint,
    apiKey,
    flush: () => processor.forceFlush(),
    shutdown: () => {
      shutdownPromise ??= shutdownOnce();
      return shutdownPromise;
    },
  };
  return current;
}
