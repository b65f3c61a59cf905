// The decoded OTLP trace request, the same whether it arrived as protobuf or JSON.

export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

export type OtlpEvent = { timeUnixNano: bigint; name: string; attributes: Attributes };
export type OtlpLink = { traceId: string; spanId: string; traceState: string; attributes: Attributes };

export type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  name: string;
  /** OTLP SpanKind number: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Attributes;
  events: OtlpEvent[];
  links: OtlpLink[];
  /** OTLP StatusCode number: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
  /** Fields that could not be read (JSON only); a span with problems is rejected, not stored. */
  problems?: string[];
};

export type OtlpScope = { name: string; version: string; attributes: Attributes };
export type OtlpScopeSpans = { scope: OtlpScope; spans: OtlpSpan[] };
export type OtlpResourceSpans = { resource: Attributes; scopeSpans: OtlpScopeSpans[] };

/** Thrown when a request body cannot be decoded at all; the message names the problem. */
export class OtlpDecodeError extends Error {}
