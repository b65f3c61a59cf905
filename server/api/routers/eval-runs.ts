// evalRuns.*: preview an evaluator on sampled spans of a filter, start a posthoc or continuous run, list, get, cancel.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { storedDefinition } from '../../eval/evaluator-config.ts';
import { evaluateSpans } from '../../eval/evaluate-spans.ts';
import { toEvalInput } from '../../eval/score.ts';
import { cancelEvalRun, createEvalRun, findEvalRun, listEvalRuns, listRunFailures, toStoredFilter } from '../../store/queries/eval-runs.ts';
import { spanIdSchema, traceIdSchema } from '../../ingest/span.ts';
import type { Database } from '../../store/db.ts';
import { findEvaluatorVersion } from '../../store/queries/evaluators.ts';
import { exportSpanPage } from '../../store/queries/spans.ts';
import { projectProcedure, router } from '../trpc.ts';
import { notFound, requireEvals } from './evaluators.ts';
import { searchInput, toSearchOptions } from './spans.ts';

const evaluatorId = z.uuid({ error: 'must be an evaluator id' });
const runId = z.uuid({ error: 'must be a run id' });
/** Spans the preview picks from: the newest this many matching the filter. */
const previewPool = 500;

const target = z.object({
  evaluatorId,
  /** Default: the evaluator's latest version. */
  version: z.number().int().positive().optional(),
  /** A spans.search filter (from/to default to the last 24 hours; paging fields are ignored). */
  filter: searchInput,
});

export const evalRunsRouter = router({
  /** Scores up to `sample` spans picked at random from the filter's newest, without storing anything. */
  preview: projectProcedure
    .input(target.extend({ sample: z.number().int().min(1).max(50).default(5) }))
    .mutation(async ({ ctx, input }) => {
      const evals = requireEvals(ctx);
      const version = await findEvaluatorVersion(ctx.db, { projectId: ctx.projectId, ...input });
      if (!version) throw notFound(input.evaluatorId, input.version);
      const options = toSearchOptions(ctx.projectId, { ...input.filter, limit: previewPool, cursor: undefined });
      const { rows } = await exportSpanPage(ctx.db, { ...options, order: 'desc', sortBy: 'start', limit: previewPool });
      const picked = pickRandom(rows, input.sample);
      const results = await evaluateSpans({
        tenant: ctx.projectId,
        scoreName: version.name,
        definition: storedDefinition(version),
        inputs: picked.map(toEvalInput),
        engines: evals.engines,
      });
      return {
        matched: rows.length,
        results: picked.map((span, index) => ({ traceId: span.traceId, spanId: span.spanId, name: span.name, result: results[index] })),
      };
    }),

  create: projectProcedure
    .input(
      target.extend({
        mode: z.enum(['posthoc', 'continuous']).default('posthoc'),
        /** Share of matching spans scored, 0 < rate <= 1; sampling is deterministic per span. */
        samplingRate: z.number().gt(0).max(1).default(1),
        /** Posthoc: score at most this many (the newest). */
        maxSpans: z.number().int().positive().max(1_000_000).optional(),
        /** A dataset: exactly these spans (posthoc only; the filter is then ignored). */
        spans: z
          .array(z.object({ traceId: traceIdSchema, spanId: spanIdSchema }))
          .min(1)
          .max(10_000)
          .optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const evals = requireEvals(ctx);
      const version = await findEvaluatorVersion(ctx.db, { projectId: ctx.projectId, ...input });
      if (!version) throw notFound(input.evaluatorId, input.version);
      if (input.spans && input.mode === 'continuous') {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'spans: a continuous run takes new spans by filter, not a list of spans' });
      }
      const { filter } = toSearchOptions(ctx.projectId, { ...input.filter, cursor: undefined });
      const run = await createEvalRun(ctx.db, {
        projectId: ctx.projectId,
        evaluatorVersionId: version.id,
        mode: input.mode,
        filter: toStoredFilter(filter, input.spans),
        samplingRate: input.samplingRate,
        maxSpans: input.maxSpans ?? null,
        ...(input.mode === 'continuous' ? { status: 'running', startedAt: new Date(), watermark: new Date() } : {}),
      });
      if (input.mode === 'posthoc') await evals.queue.enqueueRun(run.id);
      return run;
    }),

  list: projectProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), evaluatorId: evaluatorId.optional() }).default({ limit: 50 }))
    .query(({ ctx, input }) => listEvalRuns(ctx.db, { projectId: ctx.projectId, ...input })),

  get: projectProcedure.input(z.object({ runId })).query(async ({ ctx, input }) => {
    const run = await requireRun(ctx.db, ctx.projectId, input.runId);
    return { ...run, failures: await listRunFailures(ctx.db, { runId: run.id, limit: 50 }) };
  }),

  /** Stops a queued or running run: no further spans are scored; what was scored stays. */
  cancel: projectProcedure.input(z.object({ runId })).mutation(async ({ ctx, input }) => {
    const run = await requireRun(ctx.db, ctx.projectId, input.runId);
    if (!(await cancelEvalRun(ctx.db, { projectId: ctx.projectId, runId: input.runId }))) {
      throw new TRPCError({ code: 'CONFLICT', message: `runId: the run already ended (${run.status})` });
    }
    return { id: run.id, status: 'cancelled' as const };
  }),
});

async function requireRun(db: Database, projectId: string, runId: string) {
  const run = await findEvalRun(db, { projectId, runId });
  if (!run) throw new TRPCError({ code: 'NOT_FOUND', message: `runId: no eval run ${runId} in this project` });
  return run;
}

function pickRandom<Item>(items: Item[], count: number): Item[] {
  const pool = [...items];
  for (let index = pool.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [pool[index], pool[other]] = [pool[other] as Item, pool[index] as Item];
  }
  return pool.slice(0, count);
}
