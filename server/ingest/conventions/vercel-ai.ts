// Vercel AI SDK (experimental_telemetry): ai.* attributes; both promptTokens/completionTokens (v4) and
// inputTokens/outputTokens (v5+) names; usage repeated on the ai.generateText/streamText parent spans.
import type { SpanKind } from '../span.ts';
import { type AttributeReader, type ConventionMapper, hasKeyWithPrefix } from './convention.ts';

/** Only the provider call spans (doGenerate/doStream/doEmbed) are model spans; parents are chains. */
function kindOf(operationId: string | undefined): SpanKind | undefined {
  if (!operationId) return undefined;
  if (/\.do(Generate|Stream)$/.test(operationId)) return 'llm';
  if (/\.doEmbed$/.test(operationId)) return 'embedding';
  if (operationId === 'ai.toolCall') return 'tool';
  return 'chain';
}

export const vercelAiMapper: ConventionMapper = {
  name: 'vercel-ai',
  detects: ({ attributes }) => 'ai.operationId' in attributes || hasKeyWithPrefix(attributes, 'ai.'),
  map: (_input, reader) => {
    const metadata = reader.withPrefix('ai.telemetry.metadata.');
    const { userId, sessionId, ...rest } = metadata;
    const provider = reader.string('ai.model.provider');
    reader.raw('ai.telemetry.functionId');
    reader.raw('ai.settings.maxRetries');
    reader.raw('ai.response.finishReason');
    reader.raw('ai.response.id');
    reader.raw('ai.response.timestamp');
    // Breakdowns already inside the totals above (v6 reports them alongside).
    for (const key of ['totalTokens', 'inputTokenDetails.noCacheTokens', 'inputTokenDetails.cacheWriteTokens', 'outputTokenDetails.textTokens']) {
      reader.raw(`ai.usage.${key}`);
    }
    return {
      kind: kindOf(reader.string('ai.operationId')),
      model: reader.string('ai.response.model', 'ai.model.id'),
      provider: provider?.split('.')[0],
      input: readInput(reader),
      output:
        reader.json('ai.response.text', 'ai.response.object', 'ai.response.toolCalls', 'ai.toolCall.result', 'ai.toolCall.output', 'ai.result.text', 'ai.result.object'),
      inputTokens: reader.count('ai.usage.inputTokens', 'ai.usage.promptTokens'),
      outputTokens: reader.count('ai.usage.outputTokens', 'ai.usage.completionTokens'),
      cacheReadTokens: reader.count('ai.usage.inputTokenDetails.cacheReadTokens', 'ai.usage.cachedInputTokens'),
      reasoningTokens: reader.count('ai.usage.outputTokenDetails.reasoningTokens', 'ai.usage.reasoningTokens'),
      ttftMs: reader.number('ai.response.msToFirstChunk', 'ai.stream.msToFirstChunk'),
      userId: userId === undefined || userId === null ? undefined : String(userId),
      sessionId: sessionId === undefined || sessionId === null ? undefined : String(sessionId),
      metadata: Object.keys(rest).length > 0 ? rest : undefined,
    };
  },
};

function readInput(reader: AttributeReader): unknown {
  const messages = reader.json('ai.prompt.messages');
  if (messages !== undefined) return messages;
  const prompt = reader.json('ai.prompt');
  if (prompt !== undefined) return prompt;
  return reader.json('ai.toolCall.args', 'ai.toolCall.input', 'ai.values');
}
