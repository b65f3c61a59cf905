// spans.ingest (batched idempotent upsert with per-span rejects), spans.search (filtered keyset pages), spans.get,
// spans.facets (values for filter pickers) and spans.export.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { ingestSdkSpans } from '../../ingest/sdk/index.ts';
import { spanIdSchema, spanKinds, spanStatuses, traceIdSchema } from '../../ingest/span.ts';
import { millisecondsToNanoseconds, parseIsoToNanoseconds } from '../../lib/nanoseconds.ts';
import { csvHeader, exportFormats, toCsvLines, toJsonLines } from '../../ingest/file/export.ts';
import {
  type SearchOptions,
  type SpanCursor,
  type SpanSort,
  exportSpanPage,
  getSpan,
  listSpanFacets,
  scoreComparisons,
  searchSpans,
  spanSorts,
} from '../../store/queries/spans.ts';
import { projectProcedure, router } from '../trpc.ts';

export const maxSpansPerBatch = 1000;
/** Facets are suggestions: counting the newest 20,000 spans of a range keeps them fast at any volume. */
const facetSampleSize = 20_000;
const dayInNanoseconds = 86_400_000_000_000n;

/** ISO-8601 (ns precision kept) or epoch milliseconds, as nanoseconds. */
const instant = z.union([z.string(), z.number().finite().nonnegative()]).transform((value, context) => {
  const parsed = typeof value === 'number' ? millisecondsToNanoseconds(value) : parseIsoToNanoseconds(value);
  if (parsed === null) {
    context.addIssue({ code: 'custom', message: 'must be an ISO-8601 timestamp with a time zone or epoch milliseconds' });
    return z.NEVER;
  }
  return parsed;
});

function oneOrMany<Item extends z.ZodType<string>>(item: Item) {
  return z.union([item, z.array(item).max(100)]).transform((value) => (Array.isArray(value) ? value : [value]));
}

const nonNegative = z.number().finite().nonnegative().optional();

/** `{ name }`: spans with a score of that name; with `op` and `value`, one whose value compares so. */
const scoreCondition = z
  .object({
    name: z.string().min(1).max(200),
    op: z.enum(scoreComparisons).optional(),
    value: z.union([z.number().finite(), z.boolean(), z.string().min(1).max(500)]).optional(),
  })
  .superRefine((condition, context) => {
    if ((condition.op === undefined) !== (condition.value === undefined)) {
      context.addIssue({ code: 'custom', path: ['value'], message: 'give op and value together, or neither (any score of that name)' });
    } else if (condition.op !== undefined && condition.op !== '=' && typeof condition.value !== 'number') {
      context.addIssue({ code: 'custom', path: ['value'], message: `must be a number to compare with ${condition.op}` });
    }
  });

export const searchInput = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    name: z.string().min(1).optional(),
    kind: oneOrMany(z.enum(spanKinds)).optional(),
    model: oneOrMany(z.string().min(1)).optional(),
    provider: oneOrMany(z.string().min(1)).optional(),
    status: oneOrMany(z.enum(spanStatuses)).optional(),
    userId: z.string().min(1).optional(),
    sessionId: z.string().min(1).optional(),
    traceId: traceIdSchema.optional(),
    tags: z.array(z.string().min(1)).max(20).optional(),
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    minLatencyMs: nonNegative,
    maxLatencyMs: nonNegative,
    minCostUsd: nonNegative,
    maxCostUsd: nonNegative,
    minTokens: nonNegative,
    maxTokens: nonNegative,
    text: z.string().min(1).max(500).optional(),
    scores: z.array(scoreCondition).max(10).optional(),
    order: z.enum(['desc', 'asc']).default('desc'),
    sortBy: z.enum(spanSorts).optional(),
    limit: z.number().int().min(1).max(500).default(50),
    cursor: z.string().optional(),
  })
  .default({ order: 'desc', limit: 50 });

export const spansRouter = router({
  ingest: projectProcedure
    .input(z.object({ spans: z.array(z.unknown()).min(1).max(maxSpansPerBatch) }))
    .mutation(({ ctx, input }) => ingestSdkSpans(ctx.db, ctx.projectId, input.spans)),

  search: projectProcedure.input(searchInput).query(async ({ ctx, input }) => {
    const options = toSearchOptions(ctx.projectId, input);
    const page = await searchSpans(ctx.db, options);
    return {
      spans: page.rows,
      nextCursor: page.next ? encodeCursor(page.next, options) : null,
      range: { from: options.filter.fromUnixNano.toString(), to: options.filter.toUnixNano.toString() },
    };
  }),

  get: projectProcedure.input(z.object({ traceId: traceIdSchema, spanId: spanIdSchema })).query(async ({ ctx, input }) => {
    const span = await getSpan(ctx.db, { projectId: ctx.projectId, ...input });
    if (!span) {
      throw new TRPCError({ code: 'NOT_FOUND', message: `spanId: no span ${input.spanId} in trace ${input.traceId} of this project` });
    }
    return span;
  }),

  /** The most frequent names, models, providers and tags among the newest 20,000 spans of a range (default: the last 24 h). */
  facets: projectProcedure
    .input(
      z
        .object({ from: instant.optional(), to: instant.optional(), limit: z.number().int().min(1).max(500).default(100) })
        .default({ limit: 100 }),
    )
    .query(({ ctx, input }) => {
      const { filter } = toSearchOptions(ctx.projectId, { from: input.from, to: input.to, order: 'desc', limit: 1 });
      return listSpanFacets(ctx.db, {
        projectId: ctx.projectId,
        fromUnixNano: filter.fromUnixNano,
        toUnixNano: filter.toUnixNano,
        limit: input.limit,
        sampleSize: facetSampleSize,
      });
    }),

  /** A page of a search as Loupe JSONL (re-importable) or CSV; follow nextCursor for the rest. */
  export: projectProcedure
    .input(
      z.object({
        filter: searchInput.unwrap().omit({ limit: true }).default({ order: 'desc' }),
        format: z.enum(exportFormats).default('jsonl'),
        limit: z.number().int().min(1).max(1000).default(1000),
      }),
    )
    .query(async ({ ctx, input }) => {
      const options = toSearchOptions(ctx.projectId, { ...input.filter, limit: input.limit });
      const page = await exportSpanPage(ctx.db, options);
      const content =
        input.format === 'csv'
          ? `${input.filter.cursor ? '' : csvHeader()}${toCsvLines(page.rows)}`
          : toJsonLines(page.rows);
      return { format: input.format, count: page.rows.length, content, nextCursor: page.next ? encodeCursor(page.next, options) : null };
    }),
});

/** Resolves the time range (default: the last 24 hours) and decodes the cursor of a search input. */
export function toSearchOptions(projectId: string, input: z.output<typeof searchInput>): SearchOptions {
  const { from, to, kind, model, provider, status, order, sortBy, limit, cursor, ...rest } = input;
  const toUnixNano = to ?? millisecondsToNanoseconds(Date.now());
  const fromUnixNano = from ?? toUnixNano - dayInNanoseconds;
  if (fromUnixNano >= toUnixNano) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'from: must be before to' });
  }
  return {
    projectId,
    filter: { ...rest, fromUnixNano, toUnixNano, kinds: kind, models: model, providers: provider, statuses: status },
    order,
    sortBy,
    limit,
    after: cursor === undefined ? undefined : decodeCursor(cursor, { order, sortBy: sortBy ?? 'start' }),
  };
}

function encodeCursor(cursor: SpanCursor, options: { order: string; sortBy?: SpanSort | undefined }): string {
  const parts = [cursor.startTimeUnixNano.toString(), cursor.traceId, cursor.spanId, options.order];
  if (options.sortBy && options.sortBy !== 'start') parts.push(options.sortBy, cursor.sortValue ?? '-1');
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

function decodeCursor(encoded: string, options: { order: string; sortBy: SpanSort }): SpanCursor {
  const invalid = new TRPCError({ code: 'BAD_REQUEST', message: 'cursor: not a cursor returned by spans.search' });
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  const timeCursor = z.tuple([z.string().regex(/^\d{1,20}$/), z.string(), z.string(), z.string()]);
  const parsed = z
    .union([timeCursor, timeCursor.rest(z.string()).refine((tuple) => tuple.length === 6 && /^-?\d+(\.\d+)?$/.test(tuple[5] ?? ''))])
    .safeParse(parts);
  if (!parsed.success) throw invalid;
  const [start, traceId, spanId, cursorOrder, cursorSort = 'start', sortValue] = parsed.data;
  if (cursorOrder !== options.order) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `cursor: it was made for order "${cursorOrder}"` });
  }
  if (cursorSort !== options.sortBy) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `cursor: it was made for sortBy "${cursorSort}"` });
  }
  return { startTimeUnixNano: BigInt(start), traceId, spanId, sortValue };
}
