// Converts a decoded SDK span into the normalized span, resolving its timestamps to nanoseconds.
import { millisecondsToNanoseconds, parseIsoToNanoseconds } from '../../lib/nanoseconds.ts';
import type { NormalizedSpan } from '../span.ts';
import type { SdkSpan } from './decode.ts';

/** Thrown for a span whose fields decode but cannot be interpreted; names the field. */
export class SpanFieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Maps an SDK span onto the normalized shape; the caller validates the result. */
export function sdkSpanToNormalized(span: SdkSpan): NormalizedSpan {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId ?? null,
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: resolveTime('startTime', span.startTime, span.startTimeUnixNano),
    endTimeUnixNano: resolveTime('endTime', span.endTime, span.endTimeUnixNano),
    status: span.status,
    statusMessage: span.statusMessage ?? null,
    model: span.model ?? null,
    provider: span.provider ?? null,
    input: span.input ?? null,
    output: span.output ?? null,
    inputTokens: span.inputTokens ?? null,
    outputTokens: span.outputTokens ?? null,
    cacheReadTokens: span.cacheReadTokens ?? null,
    reasoningTokens: span.reasoningTokens ?? null,
    costUsd: span.costUsd ?? null,
    costProvenance: span.costUsd == null ? null : { source: 'client' },
    ttftMs: span.ttftMs ?? null,
    userId: span.userId ?? null,
    sessionId: span.sessionId ?? null,
    tags: [...new Set(span.tags)],
    metadata: span.metadata,
    attributes: span.attributes,
    events: span.events,
    links: span.links,
    resource: span.resource,
    scope: span.scope,
    source: 'sdk',
    convention: 'loupe-sdk',
    unmappedAttributes: [],
  };
}

function resolveTime(field: string, time: string | number | undefined, unixNano: string | number | undefined): bigint {
  if (unixNano !== undefined) return BigInt(unixNano);
  if (typeof time === 'number') return millisecondsToNanoseconds(time);
  const parsed = time === undefined ? null : parseIsoToNanoseconds(time);
  if (parsed === null) throw new SpanFieldError(field, 'must be an ISO-8601 timestamp with a time zone or epoch milliseconds');
  return parsed;
}
