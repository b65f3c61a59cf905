// Loupe's span processor, modelled on OpenTelemetry's BatchSpanProcessor: a bounded queue that drops and counts
// when full, timed batches, forceFlush, a single shutdown, and an "immediate" mode for serverless functions.
import type { Context } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { loupeAttributes } from './attributes.ts';
import { readContextAttributes } from './context.ts';

export type LoupeSpanProcessorOptions = {
  exporter: SpanExporter;
  /** `batch` (default) exports on a timer or when a batch fills; `immediate` exports each span as it ends. */
  mode?: 'batch' | 'immediate';
  /** Spans held at most; beyond this, new spans are dropped and counted (default 2048). */
  maxQueueSize?: number;
  maxExportBatchSize?: number;
  scheduledDelayMillis?: number;
};

export type ProcessorStats = { queued: number; exported: number; dropped: number; failed: number };

/**
 * Add it to your own tracer provider to send spans to Loupe alongside your other exporters.
 * @example
 * new NodeTracerProvider({ spanProcessors: [existingProcessor, new LoupeSpanProcessor({ exporter: new LoupeExporter({ endpoint, apiKey }) })] });
 */
export class LoupeSpanProcessor implements SpanProcessor {
  private readonly queue: ReadableSpan[] = [];
  /** One export at a time, as in OpenTelemetry's BatchSpanProcessor: spans wait in the bounded queue meanwhile. */
  private exporting: Promise<void> | undefined;
  private readonly stats: ProcessorStats = { queued: 0, exported: 0, dropped: 0, failed: 0 };
  private timer: NodeJS.Timeout | undefined;
  private shutdownPromise: Promise<void> | undefined;
  private readonly maxQueueSize: number;
  private readonly maxExportBatchSize: number;
  private readonly scheduledDelayMillis: number;

  constructor(private readonly options: LoupeSpanProcessorOptions) {
    this.maxQueueSize = options.maxQueueSize ?? 2048;
    this.maxExportBatchSize = Math.min(options.maxExportBatchSize ?? 512, this.maxQueueSize);
    this.scheduledDelayMillis = options.scheduledDelayMillis ?? 1000;
  }

  onStart(span: Span, parentContext: Context): void {
    const { userId, sessionId, tags, metadata } = readContextAttributes(parentContext);
    if (userId) span.setAttribute(loupeAttributes.userId, userId);
    if (sessionId) span.setAttribute(loupeAttributes.sessionId, sessionId);
    if (tags?.length) span.setAttribute(loupeAttributes.tags, tags);
    for (const [key, value] of Object.entries(metadata ?? {})) span.setAttribute(`${loupeAttributes.metadataPrefix}${key}`, value);
  }

  onEnd(span: ReadableSpan): void {
    if (this.shutdownPromise) return;
    if (this.queue.length >= this.maxQueueSize) {
      this.stats.dropped += 1;
      return;
    }
    this.queue.push(span);
    if (this.options.mode === 'immediate' || this.queue.length >= this.maxExportBatchSize) this.exportNext();
    else this.timer ??= setTimeout(() => this.exportNext(), this.scheduledDelayMillis).unref();
  }

  /** Counters since start: spans waiting, exported, dropped because the queue was full, and failed exports. */
  getStats(): ProcessorStats {
    return { ...this.stats, queued: this.queue.length };
  }

  async forceFlush(): Promise<void> {
    while (this.queue.length > 0 || this.exporting) {
      if (!this.exporting) this.exportNext();
      await this.exporting;
    }
    await this.options.exporter.forceFlush?.();
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.forceFlush().then(() => this.options.exporter.shutdown());
    return this.shutdownPromise;
  }

  private exportNext(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.exporting) return;
    const batch = this.queue.splice(0, this.maxExportBatchSize);
    if (batch.length === 0) return;
    this.exporting = new Promise<void>((resolve) => {
      this.options.exporter.export(batch, (result) => {
        if (result.code === ExportResultCode.SUCCESS) this.stats.exported += batch.length;
        else this.stats.failed += batch.length;
        resolve();
      });
    }).then(() => {
      this.exporting = undefined;
      if (this.queue.length === 0) return;
      if (this.options.mode === 'immediate' || this.queue.length >= this.maxExportBatchSize) this.exportNext();
      else this.timer ??= setTimeout(() => this.exportNext(), this.scheduledDelayMillis).unref();
    });
  }
}
