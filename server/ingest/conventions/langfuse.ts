// Langfuse SDK attributes: langfuse.observation.*, langfuse.trace.*, user and session ids, usage and cost details.
import type { SpanKind } from '../span.ts';
import { type ConventionMapper, hasKeyWithPrefix, toTagList } from './convention.ts';

const kindByObservationType: Record<string, SpanKind> = {
  generation: 'llm',
  embedding: 'embedding',
  agent: 'agent',
  tool: 'tool',
  chain: 'chain',
  retriever: 'retriever',
  evaluator: 'evaluator',
  guardrail: 'guardrail',
  span: 'span',
  event: 'span',
};

export const langfuseMapper: ConventionMapper = {
  name: 'langfuse',
  detects: ({ attributes }) => hasKeyWithPrefix(attributes, 'langfuse.'),
  map: (_input, reader) => {
    const usage = asRecord(reader.json('langfuse.observation.usage_details'));
    const cost = asRecord(reader.json('langfuse.observation.cost_details'));
    const metadata = {
      ...reader.withPrefix('langfuse.trace.metadata.'),
      ...reader.withPrefix('langfuse.observation.metadata.'),
    };
    const observationType = reader.string('langfuse.observation.type');
    reader.raw('langfuse.trace.name');
    reader.raw('langfuse.observation.level');
    reader.raw('langfuse.observation.model.parameters');
    return {
      kind: observationType ? kindByObservationType[observationType] : undefined,
      model: reader.string('langfuse.observation.model.name'),
      input: reader.json('langfuse.observation.input', 'langfuse.trace.input'),
      output: reader.json('langfuse.observation.output', 'langfuse.trace.output'),
      inputTokens: toCount(usage?.input ?? usage?.prompt_tokens ?? usage?.input_tokens),
      outputTokens: toCount(usage?.output ?? usage?.completion_tokens ?? usage?.output_tokens),
      costUsd: typeof cost?.total === 'number' ? cost.total : undefined,
      userId: reader.string('langfuse.user.id', 'user.id'),
      sessionId: reader.string('langfuse.session.id', 'session.id'),
      tags: toTagList(reader.raw('langfuse.trace.tags')),
      metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
    };
  },
};

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function toCount(value: unknown): number | undefined {
  return Number.isInteger(value) && (value as number) >= 0 ? (value as number) : undefined;
}
