// Recognizes chat-shaped payloads (OpenAI, GenAI parts, Anthropic content blocks, choices) as role + text messages.

export type ChatMessage = { role: string; text: string; extra: string | null };

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null && !Array.isArray(value);

function textOfPart(part: unknown): string {
  if (typeof part === 'string') return part;
  if (!isObject(part)) return JSON.stringify(part);
  if (typeof part.text === 'string') return part.text;
  if (typeof part.content === 'string') return part.content;
  return JSON.stringify(part, null, 2);
}

function textOf(content: unknown): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map(textOfPart).join('\n');
  return textOfPart(content);
}

function toMessage(value: unknown): ChatMessage | null {
  if (!isObject(value)) return null;
  const inner = isObject(value.message) ? value.message : value;
  if (typeof inner.role !== 'string') return null;
  const { role, content, parts, text, ...rest } = inner;
  const body = content ?? parts ?? text;
  const calls = rest.tool_calls ?? rest.toolCalls ?? rest.function_call;
  return { role, text: textOf(body), extra: calls === undefined ? null : JSON.stringify(calls, null, 2) };
}

/** The payload as chat messages, or null when it is not a conversation. */
export function toChatMessages(payload: unknown): ChatMessage[] | null {
  if (isObject(payload) && Array.isArray(payload.messages)) return toChatMessages(payload.messages);
  if (isObject(payload) && Array.isArray(payload.choices)) return toChatMessages(payload.choices);
  const items = Array.isArray(payload) ? payload : [payload];
  if (items.length === 0) return null;
  const messages = items.map(toMessage);
  return messages.every((message) => message !== null) ? (messages as ChatMessage[]) : null;
}
