// Sends spans to Loupe as OTLP/JSON over HTTP, retrying only 429/502/503/504 and honouring Retry-After.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

export type LoupeExporterOptions = {
  /** Loupe's base URL, e.g. http://localhost:3000. */
  endpoint: string;
  apiKey: string;
  /** Attempts per batch including the first (default 5). */
  maxAttempts?: number;
  /** First backoff when the server gives no Retry-After (default 500 ms; doubles, with jitter). */
  initialBackoffMs?: number;
  /** Longest single wait honoured (default 30 s). */
  maxBackoffMs?: number;
};

const retryableStatuses = new Set([429, 502, 503, 504]);

/** Parses Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * An OpenTelemetry SpanExporter for Loupe's OTLP endpoint.
 * @example
 * const exporter = new LoupeExporter({ endpoint: 'http://localhost:3000', apiKey: process.env.LOUPE_API_KEY! });
 */
export class LoupeExporter implements SpanExporter {
  private readonly url: string;
  private stopped = false;

  constructor(private readonly options: LoupeExporterOptions) {
    this.url = `${options.endpoint.replace(/\/+$/, '')}/v1/traces`;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('the exporter is shut down') });
      return;
    }
    this.send(spans).then(resultCallback, (error: Error) => resultCallback({ code: ExportResultCode.FAILED, error }));
  }

  private async send(spans: ReadableSpan[]): Promise<ExportResult> {
    const body = JsonTraceSerializer.serializeRequest(spans);
    if (!body) return { code: ExportResultCode.FAILED, error: new Error('could not serialize spans') };
    const maxAttempts = this.options.maxAttempts ?? 5;
    let backoff = this.options.initialBackoffMs ?? 500;
    for (let attempt = 1; ; attempt += 1) {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.apiKey}` },
        body,
      });
      await response.arrayBuffer();
      if (response.ok) return { code: ExportResultCode.SUCCESS };
      if (!retryableStatuses.has(response.status) || attempt >= maxAttempts) {
        return { code: ExportResultCode.FAILED, error: new Error(`Loupe answered ${response.status} to an export of ${spans.length} spans`) };
      }
      const wait = parseRetryAfter(response.headers.get('retry-after')) ?? backoff * (0.5 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, this.options.maxBackoffMs ?? 30_000)));
      backoff *= 2;
    }
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
  }

  async forceFlush(): Promise<void> {}
}
