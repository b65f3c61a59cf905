// Anthropic Messages as an upstream: OpenAI chat requests, answers, errors and streams translated both ways.
import { parseJsonObject } from '../../lib/parse-json-object.ts';
import { type ChatBody, joinUrl, type ProviderAdapter, type StreamPayload } from './provider.ts';

type Json = Record<string, unknown>;
type Block = Json & { type: string };

const anthropicVersion = '2023-06-01';
const defaultMaxTokens = 4096;
const finishReasons: Record<string, string> = { end_turn: 'stop', stop_sequence: 'stop', max_tokens: 'length', tool_use: 'tool_calls' };

export const anthropicAdapter: ProviderAdapter = {
  buildRequest({ operation, body, target, callerAuthorization }) {
    if (operation !== 'chat') return { problem: `model: target "${target.name}" is Anthropic, which has no embeddings endpoint` };
    const apiKey = target.apiKey ?? /^Bearer\s+(\S+)/i.exec(callerAuthorization ?? '')?.[1];
    if (!apiKey) return { problem: `authorization: target "${target.name}" has no apiKey, so send the Anthropic key as Authorization: Bearer <key>` };
    return {
      url: joinUrl(target.baseUrl, '/messages'),
      headers: { ...target.headers, 'content-type': 'application/json', 'x-api-key': apiKey, 'anthropic-version': anthropicVersion },
      body: JSON.stringify(toMessagesRequest(body)),
    };
  },
  translateResponse({ status, body }) {
    const parsed = parseJsonObject(body);
    if (status >= 400 || parsed?.type === 'error') {
      const error = (parsed?.error ?? {}) as Json;
      const message = typeof error.message === 'string' ? error.message : body.toString('utf8').slice(0, 500);
      return Buffer.from(JSON.stringify({ error: { message, type: error.type ?? 'upstream_error', code: null } }));
    }
    return Buffer.from(JSON.stringify(toChatCompletion(parsed ?? {})));
  },
  createStreamTranslator: ({ includeUsage }) => createMessagesStreamTranslator(includeUsage),
};

/** OpenAI chat body -> Anthropic Messages body: system messages lifted, tool calls and results as blocks. */
export function toMessagesRequest(body: ChatBody): Json {
  const system: string[] = [];
  const messages: { role: 'user' | 'assistant'; content: Block[] }[] = [];
  const append = (role: 'user' | 'assistant', blocks: Block[]) => {
    const last = messages.at(-1);
    if (last?.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };
  for (const message of (body.messages as Json[] | undefined) ?? []) {
    if (message.role === 'system' || message.role === 'developer') system.push(textOf(message.content));
    else if (message.role === 'tool') append('user', [{ type: 'tool_result', tool_use_id: message.tool_call_id, content: textOf(message.content) }]);
    else if (message.role === 'assistant') append('assistant', [...toBlocks(message.content), ...toolUseBlocks(message.tool_calls)]);
    else append('user', toBlocks(message.content));
  }
  const stop = body.stop;
  return dropUndefined({
    model: body.model,
    system: system.length ? system.join('\n\n') : undefined,
    messages,
    max_tokens: body.max_completion_tokens ?? body.max_tokens ?? defaultMaxTokens,
    temperature: body.temperature,
    top_p: body.top_p,
    stop_sequences: typeof stop === 'string' ? [stop] : stop,
    stream: body.stream || undefined,
    tools: Array.isArray(body.tools) ? body.tools.map(toAnthropicTool) : undefined,
    tool_choice: toToolChoice(body.tool_choice),
    metadata: typeof body.user === 'string' ? { user_id: body.user } : undefined,
  });
}

function toChatCompletion(message: Json): Json {
  const blocks = (message.content as Block[] | undefined) ?? [];
  const text = blocks.filter((block) => block.type === 'text').map((block) => String(block.text)).join('');
  const toolCalls = blocks
    .filter((block) => block.type === 'tool_use')
    .map((block) => ({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } }));
  return {
    id: message.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: message.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text || null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
        finish_reason: finishReasons[String(message.stop_reason)] ?? 'stop',
        logprobs: null,
      },
    ],
    usage: toUsage((message.usage as Json | undefined) ?? {}),
  };
}

/** Anthropic counts cached input apart from input_tokens; OpenAI counts it within prompt_tokens. */
function toUsage(usage: Json): Json {
  const cached = Number(usage.cache_read_input_tokens ?? 0);
  const prompt = Number(usage.input_tokens ?? 0) + cached + Number(usage.cache_creation_input_tokens ?? 0);
  const completion = Number(usage.output_tokens ?? 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, prompt_tokens_details: { cached_tokens: cached } };
}

function createMessagesStreamTranslator(includeUsage: boolean) {
  let base: Json = { id: 'msg', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: '' };
  let usage: Json = {};
  const toolIndexes = new Map<number, number>();
  const chunk = (delta: Json, finishReason: string | null = null): StreamPayload => ({
    data: JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finishReason }] }),
    hidden: false,
  });
  return {
    push(event: { event: string | null; data: string }): StreamPayload[] {
      const payload = parseJsonObject(Buffer.from(event.data)) ?? {};
      switch (payload.type) {
        case 'message_start': {
          const message = (payload.message ?? {}) as Json;
          base = { ...base, id: message.id, model: message.model };
          usage = { ...((message.usage as Json | undefined) ?? {}) };
          return [chunk({ role: 'assistant', content: '' })];
        }
        case 'content_block_start': {
          const block = (payload.content_block ?? {}) as Block;
          if (block.type !== 'tool_use') return [];
          const index = toolIndexes.size;
          toolIndexes.set(Number(payload.index), index);
          return [chunk({ tool_calls: [{ index, id: block.id, type: 'function', function: { name: block.name, arguments: '' } }] })];
        }
        case 'content_block_delta': {
          const delta = (payload.delta ?? {}) as Json;
          if (delta.type === 'text_delta') return [chunk({ content: delta.text })];
          if (delta.type === 'input_json_delta') {
            const index = toolIndexes.get(Number(payload.index)) ?? 0;
            return [chunk({ tool_calls: [{ index, function: { arguments: delta.partial_json } }] })];
          }
          return [];
        }
        case 'message_delta': {
          usage = { ...usage, ...((payload.usage as Json | undefined) ?? {}) };
          const stopReason = String((payload.delta as Json | undefined)?.stop_reason ?? '');
          return [chunk({}, finishReasons[stopReason] ?? 'stop')];
        }
        case 'message_stop':
          return [
            { data: JSON.stringify({ ...base, choices: [], usage: toUsage(usage) }), hidden: !includeUsage },
            { data: '[DONE]', hidden: false },
          ];
        case 'error': {
          const error = (payload.error ?? {}) as Json;
          return [{ data: JSON.stringify({ error: { message: error.message, type: error.type, code: null } }), hidden: false }];
        }
        default:
          return [];
      }
    },
    end: () => [],
  };
}

function toBlocks(content: unknown): Block[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  if (!Array.isArray(content)) return [];
  return content.flatMap((part: Json): Block[] => {
    if (part.type === 'text') return [{ type: 'text', text: String(part.text ?? '') }];
    if (part.type === 'image_url') {
      const url = String((part.image_url as Json | undefined)?.url ?? '');
      const inline = /^data:([^;]+);base64,(.*)$/s.exec(url);
      return [{ type: 'image', source: inline ? { type: 'base64', media_type: inline[1], data: inline[2] } : { type: 'url', url } }];
    }
    return [];
  });
}

function toolUseBlocks(toolCalls: unknown): Block[] {
  if (!Array.isArray(toolCalls)) return [];
  return toolCalls.map((call: Json) => {
    const fn = (call.function ?? {}) as Json;
    return { type: 'tool_use', id: call.id, name: fn.name, input: parseJsonObject(Buffer.from(String(fn.arguments ?? '{}'))) ?? {} };
  });
}

function toAnthropicTool(tool: Json): Json {
  const fn = (tool.function ?? {}) as Json;
  return dropUndefined({ name: fn.name, description: fn.description, input_schema: fn.parameters ?? { type: 'object', properties: {} } });
}

function toToolChoice(choice: unknown): Json | undefined {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'required') return { type: 'any' };
  const name = (choice as { function?: { name?: string } } | undefined)?.function?.name;
  return name ? { type: 'tool', name } : undefined;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part: Json) => (part.type === 'text' ? String(part.text ?? '') : '')).join('');
}

function dropUndefined(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}
