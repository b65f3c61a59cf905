// traces.get: every span of one trace, with payloads or (payloads: false) as a light outline, in the caller's project.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { traceIdSchema } from '../../ingest/span.ts';
import { getTraceOutline, getTraceSpans } from '../../store/queries/spans.ts';
import { projectProcedure, router } from '../trpc.ts';

export const tracesRouter = router({
  get: projectProcedure
    .input(z.object({ traceId: traceIdSchema, payloads: z.boolean().default(true) }))
    .query(async ({ ctx, input }) => {
      const options = { projectId: ctx.projectId, traceId: input.traceId };
      const spans = input.payloads ? await getTraceSpans(ctx.db, options) : await getTraceOutline(ctx.db, options);
      if (spans.length === 0) {
        throw new TRPCError({ code: 'NOT_FOUND', message: `traceId: no trace ${input.traceId} in this project` });
      }
      return { traceId: input.traceId, spans };
    }),
});
