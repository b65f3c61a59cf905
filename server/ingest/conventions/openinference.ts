// OpenInference (Arize Phoenix): openinference.span.kind, llm.*, input.value/output.value, llm.*_messages.N.message.*.
import type { SpanKind } from '../span.ts';
import type { AttributeValue } from '../otlp/otlp-types.ts';
import { type AttributeReader, type ConventionMapper, parseJsonOrText, toTagList } from './convention.ts';

const kindBySpanKind: Record<string, SpanKind> = {
  LLM: 'llm',
  EMBEDDING: 'embedding',
  TOOL: 'tool',
  AGENT: 'agent',
  CHAIN: 'chain',
  RETRIEVER: 'retriever',
  RERANKER: 'retriever',
  EVALUATOR: 'evaluator',
  GUARDRAIL: 'guardrail',
};

export const openInferenceMapper: ConventionMapper = {
  name: 'openinference',
  detects: ({ attributes }) => 'openinference.span.kind' in attributes,
  map: (_input, reader) => {
    const spanKind = reader.string('openinference.span.kind')?.toUpperCase();
    const metadata = reader.json('metadata');
    // Both forms are read (and so count as mapped); the structured messages win over the raw value.
    reader.raw('llm.token_count.total'); // the sum of the two counts above
    const inputValue = readValue(reader, 'input');
    const outputValue = readValue(reader, 'output');
    return {
      kind: spanKind ? kindBySpanKind[spanKind] : undefined,
      model: reader.string('llm.model_name', 'embedding.model_name'),
      provider: reader.string('llm.provider', 'llm.system'),
      input: readMessages(reader, 'llm.input_messages') ?? inputValue,
      output: readMessages(reader, 'llm.output_messages') ?? outputValue,
      inputTokens: reader.count('llm.token_count.prompt'),
      outputTokens: reader.count('llm.token_count.completion'),
      cacheReadTokens: reader.count('llm.token_count.prompt_details.cache_read'),
      reasoningTokens: reader.count('llm.token_count.completion_details.reasoning'),
      userId: reader.string('user.id'),
      sessionId: reader.string('session.id'),
      tags: toTagList(reader.raw('tag.tags')),
      metadata: isRecord(metadata) ? metadata : undefined,
    };
  },
};

/** `prefix.N.message.role`, `.content` and `.contents.M.message_content.text` rebuilt as chat messages. */
function readMessages(reader: AttributeReader, prefix: string): unknown[] | undefined {
  const messages = reader.indexed(prefix).map((flat) => {
    const message: Record<string, AttributeValue> = {};
    const parts: string[] = [];
    for (const [key, value] of Object.entries(flat)) {
      const field = key.replace(/^message\./, '');
      if (/^contents\.\d+\.message_content\.text$/.test(field)) parts.push(String(value));
      else if (!field.startsWith('contents.')) message[field] = value;
    }
    if (message.content === undefined && parts.length > 0) message.content = parts.join('');
    return message;
  });
  return messages.length > 0 ? messages : undefined;
}

function readValue(reader: AttributeReader, prefix: 'input' | 'output'): unknown {
  const value = reader.string(`${prefix}.value`);
  const mimeType = reader.string(`${prefix}.mime_type`);
  if (value === undefined) return undefined;
  return mimeType === 'application/json' ? parseJsonOrText(value) : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
