// Scores one chunk of a run's spans: skips spans the version already scored, evaluates the rest, and records outcomes;
// rate-limited judge calls stay queued for the job's retry until its last attempt, then count as failed.
import type { Database } from '../store/db.ts';
import { type ChunkResult, type EvalRun, type SpanKey, failEvalRun, listScoredSpans, readEvalRun, recordChunk } from '../store/queries/eval-runs.ts';
import { getEvaluatorVersion } from '../store/queries/evaluators.ts';
import { getSpansByKeys } from '../store/queries/spans.ts';
import { type EvaluatorDefinition, storedDefinition } from './evaluator-config.ts';
import { type EvalEngines, evaluateSpans } from './evaluate-spans.ts';
import { toEvalInput } from './score.ts';

/** Thrown so the queue tries the chunk again later (with backoff): some spans could not be judged yet. */
export class RetryLaterError extends Error {}

export type ChunkOptions = { db: Database; engines: EvalEngines; runId: string; keys: SpanKey[]; lastAttempt: boolean };

/** Spans scored and recorded together within a chunk: progress moves, and a cancel takes effect, this often. */
const sliceSize = 100;

export async function processChunk(options: ChunkOptions): Promise<void> {
  const { db, keys } = options;
  let run = await readEvalRun(db, options.runId);
  if (run?.status !== 'running') return;
  const version = await getEvaluatorVersion(db, { projectId: run.projectId, versionId: run.evaluatorVersionId });
  if (!version) return failEvalRun(db, run.id, 'the evaluator version no longer exists');
  const already = new Set(
    (await listScoredSpans(db, { projectId: run.projectId, evaluatorVersionId: version.id, keys })).map(keyOf),
  );
  let pending: ChunkResult[] = keys.filter((key) => already.has(keyOf(key))).map((key) => ({ ...key, status: 'skipped' }));
  const spans = await getSpansByKeys(db, { projectId: run.projectId, keys: keys.filter((key) => !already.has(keyOf(key))) });
  const found = new Set(spans.map(keyOf));
  for (const key of keys) {
    if (!already.has(keyOf(key)) && !found.has(keyOf(key))) pending.push({ ...key, status: 'failed', error: 'the span no longer exists' });
  }
  const definition = storedDefinition(version);
  let retryLater: string | null = null;
  for (let start = 0; start < spans.length || pending.length > 0; start += sliceSize) {
    if (start > 0) run = await readEvalRun(db, options.runId);
    if (run?.status !== 'running') return;
    const outcome = await scoreSlice({
      ...options,
      run,
      scoreName: version.name,
      definition,
      spans: spans.slice(start, start + sliceSize),
      results: pending,
    });
    pending = [];
    if (outcome.fatal) return;
    retryLater ??= outcome.retryLater;
  }
  if (retryLater) throw new RetryLaterError(retryLater);
}

type SliceOptions = ChunkOptions & {
  run: EvalRun;
  scoreName: string;
  definition: EvaluatorDefinition;
  spans: Awaited<ReturnType<typeof getSpansByKeys>>;
  /** Outcomes already known (skipped, missing spans), recorded with this slice's. */
  results: ChunkResult[];
};

/** Evaluates a slice of spans and records its outcomes; says whether the run had to stop. */
async function scoreSlice(options: SliceOptions): Promise<{ retryLater: string | null; fatal: boolean }> {
  const { db, run, spans } = options;
  const results = [...options.results];
  const evaluations = await evaluateSpans({
    tenant: run.projectId,
    scoreName: options.scoreName,
    definition: options.definition,
    inputs: spans.map(toEvalInput),
    engines: options.engines,
  });
  let retryLater: string | null = null;
  evaluations.forEach((evaluation, index) => {
    const { traceId, spanId } = spans[index] as SpanKey;
    if (evaluation.ok) results.push({ traceId, spanId, status: 'scored', scores: evaluation.scores });
    else if (evaluation.retryable && !options.lastAttempt) retryLater = evaluation.error;
    else results.push({ traceId, spanId, status: 'failed', error: evaluation.error });
  });
  const fatal = evaluations.find((evaluation) => !evaluation.ok && evaluation.fatal);
  // A fatal problem ends the run first, so recording this slice cannot mark it done.
  if (fatal && !fatal.ok) await failEvalRun(db, run.id, fatal.error);
  await recordChunk(db, run, results);
  return { retryLater, fatal: Boolean(fatal) };
}

const keyOf = (key: { traceId: string; spanId: string | null }) => `${key.traceId}/${key.spanId}`;
