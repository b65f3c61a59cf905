// models.prices.* (per-project price overrides) and models.unpriced (models seen with usage but no price).
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { defaultPrices } from '../../ingest/cost/default-prices.ts';
import { formatNanosecondsAsIso } from '../../lib/nanoseconds.ts';
import { deleteModelPrice, listModelPrices, listUnpricedModels, upsertModelPrice } from '../../store/queries/model-prices.ts';
import { projectProcedure, router } from '../trpc.ts';

const usdPerToken = z.number().finite().nonnegative().max(1);

const priceInput = z.object({
  modelPattern: z
    .string()
    .min(1)
    .max(200)
    .refine((pattern) => {
      try {
        new RegExp(pattern, 'i');
        return true;
      } catch {
        return false;
      }
    }, 'must be a valid regular expression (matched case-insensitively against the model name)'),
  inputPerToken: usdPerToken,
  outputPerToken: usdPerToken,
  cachedInputPerToken: usdPerToken.nullable().default(null),
  reasoningPerToken: usdPerToken.nullable().default(null),
});

export const modelsRouter = router({
  prices: router({
    /** The project's overrides, and the built-in table they take precedence over (USD per million tokens). */
    list: projectProcedure.query(async ({ ctx }) => ({
      project: await listModelPrices(ctx.db, ctx.projectId),
      builtIn: defaultPrices,
    })),
    upsert: projectProcedure.input(priceInput).mutation(({ ctx, input }) => upsertModelPrice(ctx.db, ctx.projectId, input)),
    delete: projectProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
      if (!(await deleteModelPrice(ctx.db, { projectId: ctx.projectId, id: input.id }))) {
        throw new TRPCError({ code: 'NOT_FOUND', message: 'id: no such price in this project' });
      }
      return { deleted: true };
    }),
  }),
  unpriced: projectProcedure.query(async ({ ctx }) => {
    const rows = await listUnpricedModels(ctx.db, ctx.projectId);
    return rows.map((row) => ({
      model: row.model,
      spans: row.spans,
      lastSeen: row.lastSeenUnixNano === null ? null : formatNanosecondsAsIso(BigInt(row.lastSeenUnixNano)),
    }));
  }),
});
