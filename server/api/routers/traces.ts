// traces.get: every span of one trace, with payloads, scoped to the caller's project.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { traceIdSchema } from '../../ingest/span.ts';
import { getTraceSpans } from '../../store/queries/spans.ts';
import { projectProcedure, router } from '../trpc.ts';

export const tracesRouter = router({
  get: projectProcedure.input(z.object({ traceId: traceIdSchema })).query(async ({ ctx, input }) => {
    const spans = await getTraceSpans(ctx.db, { projectId: ctx.projectId, traceId: input.traceId });
    if (spans.length === 0) {
      throw new TRPCError({ code: 'NOT_FOUND', message: `traceId: no trace ${input.traceId} in this project` });
    }
    return { traceId: input.traceId, spans };
  }),
});
