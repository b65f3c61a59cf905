// OpenLLMetry / Traceloop: traceloop.span.kind and entity input/output, association properties, llm.request.type.
// Its gen_ai.* attributes are left to the gen-ai mapper.
import type { SpanKind } from '../span.ts';
import { type ConventionMapper, hasKeyWithPrefix } from './convention.ts';

const kindByTraceloopKind: Record<string, SpanKind> = {
  workflow: 'chain',
  task: 'chain',
  agent: 'agent',
  tool: 'tool',
};

const kindByRequestType: Record<string, SpanKind> = {
  chat: 'llm',
  completion: 'llm',
  embedding: 'embedding',
  rerank: 'retriever',
};

export const openLlmetryMapper: ConventionMapper = {
  name: 'openllmetry',
  detects: ({ attributes }) => hasKeyWithPrefix(attributes, 'traceloop.') || 'llm.request.type' in attributes,
  map: (_input, reader) => {
    const traceloopKind = reader.string('traceloop.span.kind');
    const requestType = reader.string('llm.request.type');
    const properties = reader.withPrefix('traceloop.association.properties.');
    const { user_id: userId, userId: camelUserId, session_id: sessionId, sessionId: camelSessionId, ...metadata } = properties;
    reader.raw('traceloop.entity.name');
    reader.raw('traceloop.entity.path');
    reader.raw('traceloop.workflow.name');
    reader.raw('llm.usage.total_tokens');
    reader.raw('llm.is_streaming');
    return {
      kind: (traceloopKind && kindByTraceloopKind[traceloopKind]) || (requestType && kindByRequestType[requestType]) || undefined,
      input: unwrapEntity(reader.json('traceloop.entity.input'), 'inputs'),
      output: unwrapEntity(reader.json('traceloop.entity.output'), 'outputs'),
      userId: stringOrUndefined(userId ?? camelUserId),
      sessionId: stringOrUndefined(sessionId ?? camelSessionId),
      metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
    };
  },
};

/** Traceloop wraps entity payloads as {inputs: …} / {outputs: …} (plus args/kwargs); unwrap the common case. */
function unwrapEntity(value: unknown, key: string): unknown {
  if (typeof value === 'object' && value !== null && key in value && Object.keys(value).length === 1) {
    return (value as Record<string, unknown>)[key];
  }
  return value;
}

function stringOrUndefined(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}
