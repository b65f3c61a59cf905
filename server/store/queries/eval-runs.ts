// Eval run queries: create, list, read and cancel runs; plan a run by recording the spans it will score (queued
// outcomes); record a chunk's scores and outcomes with the run's counters in one transaction.
import { type SQL, type SQLWrapper, and, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../db.ts';
import { evalOutcomes } from '../schema/eval-outcomes.ts';
import { evalRuns } from '../schema/eval-runs.ts';
import { evaluatorVersions } from '../schema/evaluator-versions.ts';
import { evaluators } from '../schema/evaluators.ts';
import { scores } from '../schema/scores.ts';
import { spans } from '../schema/spans.ts';
import { scoreValueColumns } from './scores.ts';
import { type SpanFilter, buildFilterConditions, keepSpanKeys, spanKeysCondition } from './spans.ts';

export type EvalRun = typeof evalRuns.$inferSelect;
export type SpanKey = { traceId: string; spanId: string };
/**
 * A SpanFilter as stored in eval_runs.filter: nanoseconds as digit strings; `spans`, a dataset run's explicit spans
 * (the other fields are then ignored).
 */
export type StoredFilter = Omit<SpanFilter, 'fromUnixNano' | 'toUnixNano'> & { fromUnixNano: string; toUnixNano: string; spans?: SpanKey[] };

export function toStoredFilter(filter: SpanFilter, spanKeys?: SpanKey[]): StoredFilter {
  return {
    ...filter,
    fromUnixNano: filter.fromUnixNano.toString(),
    toUnixNano: filter.toUnixNano.toString(),
    ...(spanKeys ? { spans: spanKeys } : {}),
  };
}

function fromStoredFilter(stored: StoredFilter): SpanFilter {
  const { spans: _spans, ...filter } = stored;
  return { ...filter, fromUnixNano: BigInt(stored.fromUnixNano), toUnixNano: BigInt(stored.toUnixNano) };
}

/** A run's span conditions: its explicit spans (one jsonb parameter, however many), or its search filter. */
function runSpanConditions(stored: StoredFilter): (SQL | undefined)[] {
  if (!stored.spans) return buildFilterConditions(fromStoredFilter(stored));
  const keys = JSON.stringify(stored.spans.map((key) => [key.traceId, key.spanId]));
  return [sql`(${spans.traceId}, ${spans.spanId}) in (select key->>0, key->>1 from jsonb_array_elements(${keys}::jsonb) as key)`];
}

export async function createEvalRun(db: Database, values: typeof evalRuns.$inferInsert): Promise<EvalRun> {
  const [run] = await db.insert(evalRuns).values(values).returning();
  if (!run) throw new Error('the eval run insert returned no row');
  return run;
}

/** Runs with their evaluator's id, name, version and kind (flatten each row with flattenRun). */
function selectRuns(db: Database) {
  return db
    .select({
      run: evalRuns,
      evaluatorId: evaluators.id,
      evaluatorName: evaluators.name,
      version: evaluatorVersions.version,
      kind: evaluatorVersions.kind,
    })
    .from(evalRuns)
    .innerJoin(evaluatorVersions, eq(evaluatorVersions.id, evalRuns.evaluatorVersionId))
    .innerJoin(evaluators, eq(evaluators.id, evaluatorVersions.evaluatorId));
}

export async function listEvalRuns(db: Database, options: { projectId: string; limit: number; evaluatorId?: string | undefined }) {
  const rows = await selectRuns(db)
    .where(and(eq(evalRuns.projectId, options.projectId), options.evaluatorId ? eq(evaluators.id, options.evaluatorId) : undefined))
    .orderBy(desc(evalRuns.createdAt))
    .limit(options.limit);
  return rows.map(flattenRun);
}

export async function findEvalRun(db: Database, options: { projectId: string; runId: string }) {
  const [row] = await selectRuns(db).where(and(eq(evalRuns.projectId, options.projectId), eq(evalRuns.id, options.runId)));
  return row ? flattenRun(row) : null;
}

function flattenRun(row: { run: EvalRun; evaluatorId: string; evaluatorName: string; version: number; kind: string }) {
  const { run, ...evaluator } = row;
  return { ...run, ...evaluator };
}

/** Reads a run for a worker (any project); null when it is gone. */
export async function readEvalRun(db: Database, runId: string): Promise<EvalRun | null> {
  const [run] = await db.select().from(evalRuns).where(eq(evalRuns.id, runId));
  return run ?? null;
}

/** Stops a queued or running run; false when it had already ended. */
export async function cancelEvalRun(db: Database, options: { projectId: string; runId: string }): Promise<boolean> {
  const cancelled = await db
    .update(evalRuns)
    .set({ status: 'cancelled', finishedAt: new Date() })
    .where(and(eq(evalRuns.projectId, options.projectId), eq(evalRuns.id, options.runId), inArray(evalRuns.status, ['queued', 'running'])))
    .returning({ id: evalRuns.id });
  return cancelled.length > 0;
}

export async function failEvalRun(db: Database, runId: string, error: string): Promise<void> {
  await db
    .update(evalRuns)
    .set({ status: 'failed', error, finishedAt: new Date() })
    .where(and(eq(evalRuns.id, runId), inArray(evalRuns.status, ['queued', 'running'])));
}

/** Deterministic sampling: the same span is in or out of a sample at a rate every time it is considered. */
function sampledCondition(rate: number): SQL | undefined {
  if (rate >= 1) return undefined;
  return sql`(hashtext(${spans.traceId} || ${spans.spanId}) & 1048575) < ${Math.floor(rate * 1_048_576)}`;
}

/**
 * Records the spans a posthoc run scores (filter, sampling, newest first up to maxSpans) as queued outcomes and marks
 * the run running with its total. Returns the total.
 */
export async function planPosthocRun(db: Database, run: EvalRun): Promise<number> {
  const selection = db
    .select({ traceId: spans.traceId, spanId: spans.spanId })
    .from(spans)
    .where(and(eq(spans.projectId, run.projectId), ...runSpanConditions(run.filter as StoredFilter), sampledCondition(run.samplingRate)))
    .orderBy(desc(spans.startTimeUnixNano))
    .limit(run.maxSpans ?? 1_000_000);
  return db.transaction(async (transaction) => {
    const inserted = rowsOf<SpanRow>(await transaction.execute(insertOutcomes(run.id, selection)));
    await transaction
      .update(evalRuns)
      .set({ status: 'running', total: inserted.length, startedAt: new Date() })
      .where(and(eq(evalRuns.id, run.id), eq(evalRuns.status, 'queued')));
    return inserted.length;
  });
}

/**
 * Queues the spans stored since a continuous run's watermark (minus an overlap for late commits) that match its filter
 * and sample; returns only spans it had not taken before, and moves the watermark on.
 */
export async function sampleNewSpans(db: Database, run: EvalRun, options: { overlapMs: number; limit: number }): Promise<SpanKey[]> {
  const filter = fromStoredFilter(run.filter as StoredFilter);
  const now = new Date();
  const since = new Date((run.watermark ?? run.createdAt).getTime() - options.overlapMs);
  const selection = db
    .select({ traceId: spans.traceId, spanId: spans.spanId })
    .from(spans)
    .where(
      and(
        eq(spans.projectId, run.projectId),
        gt(spans.createdAt, since),
        ...buildFilterConditions({ ...filter, fromUnixNano: 0n, toUnixNano: 2n ** 63n - 1n }),
        sampledCondition(run.samplingRate),
      ),
    )
    .limit(options.limit);
  return db.transaction(async (transaction) => {
    const inserted = rowsOf<SpanRow>(await transaction.execute(insertOutcomes(run.id, selection)));
    await transaction
      .update(evalRuns)
      .set({ total: sql`${evalRuns.total} + ${inserted.length}`, watermark: now, startedAt: sql`coalesce(${evalRuns.startedAt}, now())` })
      .where(eq(evalRuns.id, run.id));
    return inserted.map((row) => ({ traceId: row.trace_id, spanId: row.span_id }));
  });
}

type SpanRow = { trace_id: string; span_id: string };

/** Queues the selected spans in a run; returns those it had not queued before. */
function insertOutcomes(runId: string, selection: SQLWrapper): SQL {
  return sql`insert into eval_outcomes (run_id, trace_id, span_id)
    select ${runId}::uuid, selected.trace_id, selected.span_id from (${selection}) as selected
    on conflict do nothing returning trace_id, span_id`;
}

/** One page of a run's queued spans in key order, for cutting the run into jobs. */
export async function listQueuedSpans(db: Database, options: { runId: string; after: SpanKey | null; limit: number }): Promise<SpanKey[]> {
  const after = options.after;
  return db
    .select({ traceId: evalOutcomes.traceId, spanId: evalOutcomes.spanId })
    .from(evalOutcomes)
    .where(
      and(
        eq(evalOutcomes.runId, options.runId),
        eq(evalOutcomes.status, 'queued'),
        after ? sql`(${evalOutcomes.traceId}, ${evalOutcomes.spanId}) > (${after.traceId}, ${after.spanId})` : undefined,
      ),
    )
    .orderBy(evalOutcomes.traceId, evalOutcomes.spanId)
    .limit(options.limit);
}

/** Of these spans, those the evaluator version has already scored (in any run). */
export async function listScoredSpans(db: Database, options: { projectId: string; evaluatorVersionId: string; keys: SpanKey[] }) {
  if (options.keys.length === 0) return [];
  const rows = await db
    .selectDistinct({ traceId: scores.traceId, spanId: scores.spanId })
    .from(scores)
    .where(
      and(
        eq(scores.projectId, options.projectId),
        eq(scores.evaluatorVersionId, options.evaluatorVersionId),
        spanKeysCondition(scores.traceId, scores.spanId, options.keys),
      ),
    );
  return keepSpanKeys(rows, options.keys);
}

export type ChunkResult = SpanKey & (
  | { status: 'scored'; scores: { name: string; value: number | boolean | string; comment: string | null }[] }
  | { status: 'skipped' }
  | { status: 'failed'; error: string }
);

/**
 * Writes a chunk's outcome in one transaction: only spans still queued in this run change (a retried job counts nothing
 * twice), their scores are inserted (never twice per version and span), counters move, and a posthoc run whose every
 * span has an outcome is done.
 */
export async function recordChunk(db: Database, run: EvalRun, results: ChunkResult[]): Promise<void> {
  if (results.length === 0) return;
  await db.transaction(async (transaction) => {
    const values = sql.join(
      results.map((result) => sql`(${result.traceId}, ${result.spanId}, ${result.status}, ${result.status === 'failed' ? result.error : null})`),
      sql`, `,
    );
    const updated = rowsOf<{ trace_id: string; span_id: string; status: string }>(
      await transaction.execute(sql`
        update eval_outcomes as o set status = u.status, error = u.error, updated_at = now()
        from (values ${values}) as u(trace_id, span_id, status, error)
        where o.run_id = ${run.id} and o.trace_id = u.trace_id and o.span_id = u.span_id and o.status = 'queued'
        returning o.trace_id, o.span_id, o.status`),
    );
    const changed = new Set(updated.map((row) => `${row.trace_id}/${row.span_id}`));
    const rows = results.flatMap((result) =>
      result.status === 'scored' && changed.has(`${result.traceId}/${result.spanId}`)
        ? result.scores.map((score) => ({
            projectId: run.projectId,
            traceId: result.traceId,
            spanId: result.spanId,
            name: score.name,
            ...scoreValueColumns(score.value),
            comment: score.comment,
            source: 'eval',
            evaluatorVersionId: run.evaluatorVersionId,
            evalRunId: run.id,
          }))
        : [],
    );
    if (rows.length > 0) await transaction.insert(scores).values(rows).onConflictDoNothing();
    const count = (status: string) => updated.filter((row) => row.status === status).length;
    const processed = count('scored') + count('failed') + count('skipped');
    // One statement moves the counters and, when this was a posthoc run's last span, ends it.
    const completes = sql`${evalRuns.mode} = 'posthoc' and ${evalRuns.status} = 'running' and ${evalRuns.scored} + ${evalRuns.failed} + ${evalRuns.skipped} + ${processed} >= ${evalRuns.total}`;
    await transaction
      .update(evalRuns)
      .set({
        scored: sql`${evalRuns.scored} + ${count('scored')}`,
        failed: sql`${evalRuns.failed} + ${count('failed')}`,
        skipped: sql`${evalRuns.skipped} + ${count('skipped')}`,
        status: sql`case when ${completes} then 'done' else ${evalRuns.status} end`,
        finishedAt: sql`case when ${completes} then now() else ${evalRuns.finishedAt} end`,
      })
      .where(eq(evalRuns.id, run.id));
  });
}

/** A posthoc run with nothing to score ends as soon as it is planned. */
export async function finishEmptyRun(db: Database, runId: string): Promise<void> {
  await db
    .update(evalRuns)
    .set({ status: 'done', finishedAt: new Date() })
    .where(and(eq(evalRuns.id, runId), eq(evalRuns.status, 'running'), eq(evalRuns.total, 0)));
}

/** Continuous runs still taking new spans (every project: the sampling loop serves them all). */
export async function listActiveContinuousRuns(db: Database): Promise<EvalRun[]> {
  return db.select().from(evalRuns).where(and(eq(evalRuns.mode, 'continuous'), eq(evalRuns.status, 'running')));
}

/** Posthoc runs still queued well after they were created: their planning job was never sent or got lost. */
export async function listUnplannedRuns(db: Database, options: { olderThanMs: number }): Promise<EvalRun[]> {
  return db
    .select()
    .from(evalRuns)
    .where(
      and(eq(evalRuns.mode, 'posthoc'), eq(evalRuns.status, 'queued'), lt(evalRuns.createdAt, new Date(Date.now() - options.olderThanMs))),
    )
    .limit(100);
}

/** The span failures of a run with their reasons, for the run's detail view. */
export async function listRunFailures(db: Database, options: { runId: string; limit: number }) {
  return db
    .select({ traceId: evalOutcomes.traceId, spanId: evalOutcomes.spanId, error: evalOutcomes.error })
    .from(evalOutcomes)
    .where(and(eq(evalOutcomes.runId, options.runId), eq(evalOutcomes.status, 'failed')))
    .limit(options.limit);
}
