// metrics.timeseries: requests, errors, latency and TTFT percentiles, tokens, cost and scores per time bucket.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { scoreTimeseries, spanTimeseries } from '../../store/queries/metrics.ts';
import { projectProcedure, router } from '../trpc.ts';
import { searchInput, toSearchOptions } from './spans.ts';

/** Bucket sizes the automatic choice picks from, in seconds. */
const bucketChoices = [60, 300, 900, 3600, 6 * 3600, 86_400, 7 * 86_400];
const targetBuckets = 120;
const maxBuckets = 2000;

/** The smallest standard bucket giving at most ~120 points over the range. */
export function chooseBucketSeconds(rangeSeconds: number): number {
  return bucketChoices.find((seconds) => rangeSeconds / seconds <= targetBuckets) ?? (bucketChoices.at(-1) as number);
}

export const metricsRouter = router({
  timeseries: projectProcedure
    .input(
      searchInput
        .unwrap()
        .omit({ order: true, sortBy: true, limit: true, cursor: true })
        .extend({ bucketSeconds: z.number().int().min(1).optional() })
        .default({}),
    )
    .query(async ({ ctx, input }) => {
      const { bucketSeconds: requested, ...filters } = input;
      const { filter } = toSearchOptions(ctx.projectId, { ...filters, order: 'desc', limit: 1 });
      const rangeSeconds = Number((filter.toUnixNano - filter.fromUnixNano) / 1_000_000_000n);
      const bucketSeconds = requested ?? chooseBucketSeconds(rangeSeconds);
      if (rangeSeconds / bucketSeconds > maxBuckets) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: `bucketSeconds: ${bucketSeconds} gives more than ${maxBuckets} buckets over this range` });
      }
      const [points, scores] = await Promise.all([
        spanTimeseries(ctx.db, { projectId: ctx.projectId, filter, bucketSeconds }),
        scoreTimeseries(ctx.db, { projectId: ctx.projectId, fromUnixNano: filter.fromUnixNano, toUnixNano: filter.toUnixNano, bucketSeconds }),
      ]);
      return { bucketSeconds, points, scores };
    }),
});
