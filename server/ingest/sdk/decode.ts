// The wire shape of an SDK span (tRPC spans.ingest): camelCase JSON, times as ISO, epoch ms or nanoseconds.
import { z } from 'zod';
import { spanIdSchema, spanKinds, spanStatuses, traceIdSchema } from '../span.ts';

/** A timestamp: ISO-8601 string (up to ns precision) or epoch milliseconds. */
const timestamp = z.union([z.string().min(1), z.number().finite().positive()]);
/** Epoch nanoseconds as a digit string (exact) or a number. */
const unixNano = z.union([z.string().regex(/^\d{1,20}$/, 'must be a string of digits'), z.number().int().positive()]);
const tokenCount = z.number().int().nonnegative().max(2_147_483_647).nullish();
const jsonObject = z.record(z.string(), z.unknown());

export const sdkSpanSchema = z
  .object({
    traceId: traceIdSchema,
    spanId: spanIdSchema,
    parentSpanId: spanIdSchema.nullish(),
    name: z.string().min(1).max(1024),
    kind: z.enum(spanKinds).default('span'),
    startTime: timestamp.optional(),
    endTime: timestamp.optional(),
    startTimeUnixNano: unixNano.optional(),
    endTimeUnixNano: unixNano.optional(),
    status: z.enum(spanStatuses).default('unset'),
    statusMessage: z.string().nullish(),
    model: z.string().max(512).nullish(),
    provider: z.string().max(512).nullish(),
    input: z.unknown().optional(),
    output: z.unknown().optional(),
    inputTokens: tokenCount,
    outputTokens: tokenCount,
    cacheReadTokens: tokenCount,
    reasoningTokens: tokenCount,
    costUsd: z.number().nonnegative().finite().nullish(),
    ttftMs: z.number().nonnegative().finite().nullish(),
    userId: z.string().max(1024).nullish(),
    sessionId: z.string().max(1024).nullish(),
    tags: z.array(z.string().min(1).max(256)).max(100).default([]),
    metadata: jsonObject.default({}),
    attributes: jsonObject.default({}),
    events: z.array(z.unknown()).default([]),
    links: z.array(z.unknown()).default([]),
    resource: jsonObject.default({}),
    scope: jsonObject.default({}),
  })
  .superRefine((span, context) => {
    for (const edge of ['start', 'end'] as const) {
      const hasIso = span[`${edge}Time`] !== undefined;
      const hasNano = span[`${edge}TimeUnixNano`] !== undefined;
      if (hasIso === hasNano) {
        context.addIssue({
          code: 'custom',
          path: [`${edge}Time`],
          message: `give exactly one of ${edge}Time and ${edge}TimeUnixNano`,
        });
      }
    }
  });

export type SdkSpan = z.output<typeof sdkSpanSchema>;
