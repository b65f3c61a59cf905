// OpenTelemetry GenAI semantic conventions: current gen_ai.input/output.messages and provider.name, and the
// older gen_ai.prompt.N / gen_ai.completion.N, gen_ai.system, prompt/completion token names and message events.
import type { SpanKind } from '../span.ts';
import { type AttributeReader, type ConventionMapper, type MapperInput, hasKeyWithPrefix } from './convention.ts';

const kindByOperation: Record<string, SpanKind> = {
  chat: 'llm',
  text_completion: 'llm',
  generate_content: 'llm',
  embeddings: 'embedding',
  execute_tool: 'tool',
  invoke_agent: 'agent',
  create_agent: 'agent',
};

const messageEvents = new Set(['gen_ai.system.message', 'gen_ai.user.message', 'gen_ai.assistant.message', 'gen_ai.tool.message']);

export const genAiMapper: ConventionMapper = {
  name: 'gen-ai',
  detects: ({ attributes, events }) =>
    hasKeyWithPrefix(attributes, 'gen_ai.') || events.some((event) => event.name.startsWith('gen_ai.')),
  map: (input, reader) => {
    const operation = reader.string('gen_ai.operation.name');
    const model = reader.string('gen_ai.response.model', 'gen_ai.request.model');
    return {
      kind: (operation && kindByOperation[operation]) || (model ? 'llm' : undefined),
      model,
      provider: reader.string('gen_ai.provider.name', 'gen_ai.system'),
      input: readInput(input, reader),
      output: readOutput(input, reader),
      inputTokens: reader.count('gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'),
      outputTokens: reader.count('gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens'),
      cacheReadTokens:
        reader.count('gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens'),
      reasoningTokens: reader.count('gen_ai.usage.reasoning_tokens', 'gen_ai.usage.reasoning.output_tokens'),
      sessionId: reader.string('gen_ai.conversation.id'),
    };
  },
};

function readInput({ events }: MapperInput, reader: AttributeReader): unknown {
  const messages = reader.json('gen_ai.input.messages');
  const instructions = reader.json('gen_ai.system_instructions');
  if (messages !== undefined) {
    return instructions === undefined ? messages : [{ role: 'system', parts: instructions }, ...[messages].flat()];
  }
  const legacy = reader.indexed('gen_ai.prompt');
  if (legacy.length > 0) return legacy;
  const toolArguments = reader.json('gen_ai.tool.call.arguments');
  if (toolArguments !== undefined) return toolArguments;
  const eventMessages = events
    .filter((event) => messageEvents.has(event.name))
    .map((event) => ({ role: event.name.split('.')[1], ...event.attributes }));
  return eventMessages.length > 0 ? eventMessages : (reader.json('gen_ai.prompt') ?? undefined);
}

function readOutput({ events }: MapperInput, reader: AttributeReader): unknown {
  const messages = reader.json('gen_ai.output.messages');
  if (messages !== undefined) return messages;
  const legacy = reader.indexed('gen_ai.completion');
  if (legacy.length > 0) return legacy;
  const toolResult = reader.json('gen_ai.tool.call.result');
  if (toolResult !== undefined) return toolResult;
  const choices = events.filter((event) => event.name === 'gen_ai.choice').map((event) => event.attributes);
  return choices.length > 0 ? choices : (reader.json('gen_ai.completion') ?? undefined);
}
