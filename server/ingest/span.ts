// The normalized span: the one shape every input path (SDK, OTLP, proxy, import) produces before storage.
import { z } from 'zod';

export const spanKinds = [
  'llm',
  'embedding',
  'tool',
  'agent',
  'chain',
  'retriever',
  'evaluator',
  'guardrail',
  'span',
] as const;
export const spanStatuses = ['ok', 'error', 'unset'] as const;
export const spanSources = ['sdk', 'otlp', 'proxy', 'import'] as const;

export type SpanKind = (typeof spanKinds)[number];
export type SpanStatus = (typeof spanStatuses)[number];
export type SpanSource = (typeof spanSources)[number];

/** A trace id: 32 lowercase hex characters, not all zero (W3C trace context). */
export const traceIdSchema = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(
    z
      .string()
      .regex(/^[0-9a-f]{32}$/, 'must be 32 hex characters')
      .refine((value) => !/^0+$/.test(value), 'must not be all zeros'),
  );

/** A span id: 16 lowercase hex characters, not all zero. */
export const spanIdSchema = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(
    z
      .string()
      .regex(/^[0-9a-f]{16}$/, 'must be 16 hex characters')
      .refine((value) => !/^0+$/.test(value), 'must not be all zeros'),
  );

const tokenCount = z.number().int().nonnegative().max(2_147_483_647).nullable();

export const normalizedSpanSchema = z
  .object({
    traceId: traceIdSchema,
    spanId: spanIdSchema,
    parentSpanId: spanIdSchema.nullable(),
    name: z.string().min(1).max(1024),
    kind: z.enum(spanKinds),
    startTimeUnixNano: z.bigint().positive(),
    endTimeUnixNano: z.bigint().positive(),
    status: z.enum(spanStatuses),
    statusMessage: z.string().nullable(),
    model: z.string().max(512).nullable(),
    provider: z.string().max(512).nullable(),
    input: z.unknown(),
    output: z.unknown(),
    inputTokens: tokenCount,
    outputTokens: tokenCount,
    cacheReadTokens: tokenCount,
    reasoningTokens: tokenCount,
    costUsd: z.number().nonnegative().finite().nullable(),
    costProvenance: z.record(z.string(), z.unknown()).nullable(),
    ttftMs: z.number().nonnegative().finite().nullable(),
    userId: z.string().max(1024).nullable(),
    sessionId: z.string().max(1024).nullable(),
    tags: z.array(z.string().max(256)).max(100),
    metadata: z.record(z.string(), z.unknown()),
    attributes: z.record(z.string(), z.unknown()),
    events: z.array(z.unknown()),
    links: z.array(z.unknown()),
    resource: z.record(z.string(), z.unknown()),
    scope: z.record(z.string(), z.unknown()),
    source: z.enum(spanSources),
    convention: z.string().nullable(),
    unmappedAttributes: z.array(z.string()),
  })
  .refine((span) => span.endTimeUnixNano >= span.startTimeUnixNano, {
    message: 'must not be before the start time',
    path: ['endTimeUnixNano'],
  });

export type NormalizedSpan = z.output<typeof normalizedSpanSchema>;

/** A rejected span of a batch: its position, its ids when readable, and every reason it failed. */
export type SpanRejection = {
  index: number;
  traceId: string | null;
  spanId: string | null;
  reasons: string[];
};

/** Renders zod issues as `field: message` lines a client can act on. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    return field ? `${field}: ${issue.message}` : issue.message;
  });
}
