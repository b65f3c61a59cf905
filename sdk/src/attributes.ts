// The span attributes the SDK writes: Loupe's own (read by Loupe's `loupe` convention) and OpenTelemetry GenAI.

export const loupeAttributes = {
  kind: 'loupe.span.kind',
  input: 'loupe.input',
  output: 'loupe.output',
  tags: 'loupe.tags',
  metadataPrefix: 'loupe.metadata.',
  ttftMs: 'loupe.ttft_ms',
  userId: 'user.id',
  sessionId: 'session.id',
} as const;

export type SpanKindName = 'llm' | 'embedding' | 'tool' | 'agent' | 'chain' | 'retriever' | 'evaluator' | 'guardrail' | 'span';

/** Attribute values must be primitives; anything else travels as JSON text. */
export function toAttributeValue(value: unknown): string | number | boolean {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value ?? null);
}
