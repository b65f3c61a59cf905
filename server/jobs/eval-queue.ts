// The eval job queue on pg-boss (PostgreSQL, or PGlite through an executeSql adapter): planning jobs cut a run into
// chunk jobs of spans; workers score chunks (retrying with backoff); a loop samples new spans for continuous runs.
import { PgBoss } from 'pg-boss';
import type { EvalEngines } from '../eval/evaluate-spans.ts';
import { RetryLaterError, processChunk } from '../eval/runner.ts';
import type { Store } from '../store/db.ts';
import { getEvaluatorVersion } from '../store/queries/evaluators.ts';
import {
  type EvalRun,
  type SpanKey,
  failEvalRun,
  finishEmptyRun,
  listActiveContinuousRuns,
  listUnplannedRuns,
  listQueuedSpans,
  planPosthocRun,
  readEvalRun,
  recordChunk,
  sampleNewSpans,
} from '../store/queries/eval-runs.ts';

const planQueue = 'loupe-eval-plan';
const chunkQueue = 'loupe-eval-chunk';
/** Spans per chunk job: 500 for code and matchers, 20 for LLM judges (a retried chunk repeats fewer calls). */
const codeChunkSize = 500;
const judgeChunkSize = 20;
/** Chunk jobs one process scores at once. */
const chunkConcurrency = 2;
/** How often pg-boss looks for jobs whose worker stopped sending heartbeats (a killed `loupe worker`, a crashed server). */
const superviseSeconds = 5;

export type EvalQueueOptions = {
  store: Store;
  engines: EvalEngines;
  /** Process jobs here (servers and `loupe worker`); false only enqueues. */
  work: boolean;
  /** How often continuous runs look for new spans. */
  continuousPollMs?: number;
  /** Seconds before a chunk whose judge was rate limited is tried again (doubling each time). */
  retryDelaySeconds?: number;
  onError?: (error: Error) => void;
};

export type EvalQueue = {
  /** Queues a created posthoc run for planning (continuous runs are picked up by the sampling loop). */
  enqueueRun: (runId: string) => Promise<void>;
  /** Samples continuous runs now instead of at the next poll (tests, and right after a run is created). */
  sampleContinuousRuns: () => Promise<void>;
  close: () => Promise<void>;
};

type ChunkData = { runId: string; spans: [string, string][] };

export async function startEvalQueue(options: EvalQueueOptions): Promise<EvalQueue> {
  const { store } = options;
  const chunkSizeFor = async (run: EvalRun) => {
    const version = await getEvaluatorVersion(store.db, { projectId: run.projectId, versionId: run.evaluatorVersionId });
    return version?.kind === 'llm_judge' ? judgeChunkSize : codeChunkSize;
  };
  const onError = options.onError ?? ((error: Error) => console.error(`eval queue: ${error.message}`));
  const boss = new PgBoss(bossConnection(store));
  boss.on('error', onError);
  await boss.start();
  // Heartbeats: a job whose worker died (killed `loupe worker`, crashed server) is retried once it has sent none for
  // this long. PGlite serves every query over one connection, where a long write could hold up a live job's heartbeat.
  const heartbeatSeconds = 'url' in store.queueConnection ? 10 : 30;
  // exclusive + singletonKey (the run id): one planning job per run queued or active, however often it is re-sent.
  const planOptions = { retryLimit: 3, retryDelay: 5, retryBackoff: true, heartbeatSeconds };
  const chunkOptions = { retryLimit: 6, retryDelay: options.retryDelaySeconds ?? 10, retryBackoff: true, retryDelayMax: 600, expireInSeconds: 3600, heartbeatSeconds };
  await boss.createQueue(planQueue, { policy: 'exclusive', ...planOptions });
  await boss.createQueue(chunkQueue, chunkOptions);
  // createQueue leaves an existing queue as it was: bring one made by an earlier version up to these options.
  await boss.updateQueue(planQueue, planOptions);
  await boss.updateQueue(chunkQueue, chunkOptions);
  const workerIds: string[] = [];

  const enqueueChunks = async (runId: string, keys: SpanKey[], chunkSize: number) => {
    for (let start = 0; start < keys.length; start += chunkSize * 100) {
      const jobs = [];
      for (let offset = start; offset < Math.min(keys.length, start + chunkSize * 100); offset += chunkSize) {
        const spans = keys.slice(offset, offset + chunkSize).map((key): [string, string] => [key.traceId, key.spanId]);
        jobs.push({ data: { runId, spans } satisfies ChunkData });
      }
      await boss.insert(chunkQueue, jobs);
    }
    for (const id of workerIds) boss.notifyWorker(id);
  };

  const planRun = async (runId: string, lastAttempt: boolean) => {
    try {
      const run = await readEvalRun(store.db, runId);
      if (run?.mode !== 'posthoc' || (run.status !== 'queued' && run.status !== 'running')) return;
      if (run.status === 'queued' && (await planPosthocRun(store.db, run)) === 0) return finishEmptyRun(store.db, runId);
      const chunkSize = await chunkSizeFor(run);
      let after: SpanKey | null = null;
      for (;;) {
        const page = await listQueuedSpans(store.db, { runId, after, limit: chunkSize * 100 });
        if (page.length === 0) break;
        await enqueueChunks(runId, page, chunkSize);
        after = page.at(-1) ?? null;
      }
    } catch (error) {
      if (lastAttempt) await failEvalRun(store.db, runId, `planning failed: ${(error as Error).message}`);
      throw error;
    }
  };

  let sampling: Promise<void> | null = null;
  const sampleContinuousRuns = () => {
    sampling ??= (async () => {
      try {
        for (const run of await listActiveContinuousRuns(store.db)) {
          const keys = await sampleNewSpans(store.db, run, { overlapMs: 5000, limit: 10_000 });
          if (keys.length > 0) await enqueueChunks(run.id, keys, await chunkSizeFor(run));
        }
        // A run acknowledged but never planned (the server stopped between the two writes) is planned now.
        for (const run of await listUnplannedRuns(store.db, { olderThanMs: 60_000 })) {
          await boss.send(planQueue, { runId: run.id }, { singletonKey: run.id });
        }
      } finally {
        sampling = null;
      }
    })();
    return sampling;
  };

  let sampler: NodeJS.Timeout | null = null;
  if (options.work) {
    workerIds.push(
      await boss.work<{ runId: string }>(planQueue, { pollingIntervalSeconds: 0.5, includeMetadata: true }, async ([job]) => {
        if (job) await planRun(job.data.runId, job.retryCount >= job.retryLimit);
      }),
    );
    let chunkWorkerId: string | undefined;
    const chunkWorker = await boss.work<ChunkData>(
        chunkQueue,
        { pollingIntervalSeconds: 0.5, includeMetadata: true, batchSize: 1, localConcurrency: chunkConcurrency },
        async ([job]) => {
          if (!job) return;
          const keys = job.data.spans.map(([traceId, spanId]) => ({ traceId, spanId }));
          const lastAttempt = job.retryCount >= job.retryLimit;
          try {
            await processChunk({ db: store.db, engines: options.engines, runId: job.data.runId, keys, lastAttempt });
          } catch (error) {
            if (!(error instanceof RetryLaterError)) onError(error as Error);
            // Out of attempts: the spans still queued count as failed, so the run can end instead of waiting forever.
            if (lastAttempt) await failQueuedSpans(store, job.data.runId, keys, (error as Error).message);
            throw error;
          }
          // pg-boss waits a polling interval even after a fetch that found work; a run's next chunk should not wait.
          if (chunkWorkerId) boss.notifyWorker(chunkWorkerId);
        },
      );
    chunkWorkerId = chunkWorker;
    workerIds.push(chunkWorker);
    sampler = setInterval(() => void sampleContinuousRuns().catch(onError), options.continuousPollMs ?? 2000);
    sampler.unref();
  }

  return {
    async enqueueRun(runId) {
      await boss.send(planQueue, { runId }, { singletonKey: runId });
      for (const id of workerIds) boss.notifyWorker(id);
    },
    sampleContinuousRuns,
    async close() {
      if (sampler) clearInterval(sampler);
      await sampling?.catch(() => {});
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}

async function failQueuedSpans(store: Store, runId: string, keys: SpanKey[], reason: string): Promise<void> {
  const run = await readEvalRun(store.db, runId);
  if (run) await recordChunk(store.db, run, keys.map((key) => ({ ...key, status: 'failed', error: `gave up after retries: ${reason}` })));
}

/** pg-boss opens its own pool on PostgreSQL; on PGlite it shares the one embedded connection. */
function bossConnection(store: Store): ConstructorParameters<typeof PgBoss>[0] {
  const connection = store.queueConnection;
  const supervision = { schedule: false, superviseIntervalSeconds: superviseSeconds, monitorIntervalSeconds: superviseSeconds };
  if ('url' in connection) return { connectionString: connection.url, max: 4, ...supervision };
  const pglite = connection.pglite;
  return {
    ...supervision,
    db: {
      async executeSql(text: string, values?: unknown[]) {
        if (values && values.length > 0) return pglite.query(text, values);
        const results = await pglite.exec(text);
        return results.at(-1) ?? { rows: [] };
      },
    },
  };
}
