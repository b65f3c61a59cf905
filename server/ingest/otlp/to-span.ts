// Converts one decoded OTLP span (with its resource and scope) into the normalized span via the convention mappers.
import { applyConventions } from '../conventions/index.ts';
import type { NormalizedSpan, SpanStatus } from '../span.ts';
import type { OtlpScope, OtlpSpan, Attributes } from './otlp-types.ts';

const statusByCode: Record<number, SpanStatus> = { 0: 'unset', 1: 'ok', 2: 'error' };

/** Builds the normalized span; the caller validates it. The original attributes are always kept. */
export function otlpSpanToNormalized(span: OtlpSpan, context: { resource: Attributes; scope: OtlpScope }): NormalizedSpan {
  const { fields, convention, unmappedAttributes } = applyConventions(span);
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId || null,
    name: span.name,
    kind: fields.kind ?? 'span',
    startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano,
    status: statusByCode[span.status.code] ?? 'unset',
    statusMessage: span.status.message || null,
    model: fields.model ?? null,
    provider: fields.provider ?? null,
    input: fields.input ?? null,
    output: fields.output ?? null,
    inputTokens: fields.inputTokens ?? null,
    outputTokens: fields.outputTokens ?? null,
    cacheReadTokens: fields.cacheReadTokens ?? null,
    reasoningTokens: fields.reasoningTokens ?? null,
    costUsd: fields.costUsd ?? null,
    costProvenance: fields.costUsd == null ? null : { source: 'client', convention },
    ttftMs: fields.ttftMs ?? null,
    userId: fields.userId ?? null,
    sessionId: fields.sessionId ?? null,
    tags: fields.tags ?? [],
    metadata: fields.metadata ?? {},
    attributes: span.attributes,
    events: span.events.map((event) => ({ ...event, timeUnixNano: event.timeUnixNano.toString() })),
    links: span.links,
    resource: context.resource,
    scope: { name: context.scope.name, version: context.scope.version, attributes: context.scope.attributes },
    source: 'otlp',
    convention,
    unmappedAttributes,
  };
}
