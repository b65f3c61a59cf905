// scores.create (client-side scores from the SDK or API) and scores.listForTrace.
import { z } from 'zod';
import { spanIdSchema, traceIdSchema } from '../../ingest/span.ts';
import { createScore, listTraceScores, scoreValueColumns } from '../../store/queries/scores.ts';
import { projectProcedure, router } from '../trpc.ts';

export const scoresRouter = router({
  create: projectProcedure
    .input(
      z.object({
        traceId: traceIdSchema,
        spanId: spanIdSchema.optional(),
        name: z.string().min(1).max(200),
        value: z.union([z.number().finite(), z.boolean(), z.string().min(1).max(200)]),
        comment: z.string().max(10_000).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      createScore(ctx.db, {
        projectId: ctx.projectId,
        traceId: input.traceId,
        spanId: input.spanId ?? null,
        name: input.name,
        ...scoreValueColumns(input.value),
        comment: input.comment ?? null,
        source: 'sdk',
      }),
    ),

  listForTrace: projectProcedure
    .input(z.object({ traceId: traceIdSchema }))
    .query(({ ctx, input }) => listTraceScores(ctx.db, { projectId: ctx.projectId, traceId: input.traceId })),
});
