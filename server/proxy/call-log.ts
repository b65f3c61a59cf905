// The proxy's asynchronous span writer: a bounded queue flushed in batches; when full it drops and counts.
import { writeSpans } from '../ingest/write.ts';
import type { Database } from '../store/db.ts';
import { type CallOutcome, type ProxyCallRecord, summarizeOutcome, toProxySpans } from './capture.ts';

export type CallLogStats = { queued: number; written: number; dropped: number; failedWrites: number };

type Entry = { record: ProxyCallRecord; onOutcome: ((outcome: CallOutcome) => void) | undefined };

export type CallLogOptions = { db: Database; maxQueued?: number; batchSize?: number; flushIntervalMs?: number };

export type CallLog = {
  /** Queues a finished call; never waits on the database. `onOutcome` runs even when the span is dropped. */
  record: (record: ProxyCallRecord, onOutcome?: (outcome: CallOutcome) => void) => void;
  /** Resolves once everything queued before the call is written (tests, shutdown). */
  flush: () => Promise<void>;
  stats: () => CallLogStats;
  close: () => Promise<void>;
};

export function createCallLog(options: CallLogOptions): CallLog {
  const maxQueued = options.maxQueued ?? 10_000;
  const batchSize = options.batchSize ?? 500;
  const flushIntervalMs = options.flushIntervalMs ?? 100;
  const stats: CallLogStats = { queued: 0, written: 0, dropped: 0, failedWrites: 0 };
  let queue: Entry[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const writeBatch = async (batch: Entry[]) => {
    const byProject = new Map<string, ReturnType<typeof toProxySpans>>();
    for (const { record, onOutcome } of batch) {
      const outcome = summarizeOutcome(record);
      onOutcome?.(outcome);
      const spans = byProject.get(record.projectId) ?? [];
      spans.push(...toProxySpans(record, outcome));
      byProject.set(record.projectId, spans);
    }
    for (const [projectId, spans] of byProject) {
      try {
        await writeSpans(options.db, projectId, spans);
        stats.written += spans.length;
      } catch (error) {
        stats.failedWrites += spans.length;
        console.error(`proxy: could not store ${spans.length} spans of project ${projectId}:`, (error as Error).message);
      }
    }
  };

  const drain = (): Promise<void> => {
    timer = undefined;
    writing = writing.then(async () => {
      while (queue.length > 0) {
        const batch = queue.slice(0, batchSize);
        queue = queue.slice(batch.length);
        stats.queued = queue.length;
        await writeBatch(batch);
      }
    });
    return writing;
  };

  return {
    record(record, onOutcome) {
      if (queue.length >= maxQueued) {
        stats.dropped += 1;
        onOutcome?.(summarizeOutcome(record));
        return;
      }
      queue.push({ record, onOutcome });
      stats.queued = queue.length;
      if (queue.length >= batchSize) void drain();
      else timer ??= setTimeout(() => void drain(), flushIntervalMs);
    },
    flush: async () => {
      if (timer) clearTimeout(timer);
      await drain();
    },
    stats: () => ({ ...stats }),
    close: async () => {
      if (timer) clearTimeout(timer);
      await drain();
    },
  };
}
