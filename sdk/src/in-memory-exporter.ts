// Keeps finished spans in memory, for users' own tests: pass it to init({ exporter }).
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * A SpanExporter that stores spans instead of sending them.
 * @example
 * const exporter = new InMemoryExporter();
 * const loupe = init({ exporter, mode: 'immediate' });
 * await observe('step', async () => 42);
 * expect(exporter.getFinishedSpans()[0]?.name).toBe('step');
 */
export class InMemoryExporter implements SpanExporter {
  private spans: ReadableSpan[] = [];
  private stopped = false;

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('the exporter is shut down') });
      return;
    }
    this.spans.push(...spans);
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  getFinishedSpans(): ReadableSpan[] {
    return [...this.spans];
  }

  reset(): void {
    this.spans = [];
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
  }

  async forceFlush(): Promise<void> {}
}
