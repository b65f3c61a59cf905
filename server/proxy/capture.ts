// Turns a finished proxied call into spans: the call (source proxy) and, when there were several, one child per attempt.
import { randomBytes } from 'node:crypto';
import type { TokenUsage } from '../ingest/cost/price-book.ts';
import type { NormalizedSpan } from '../ingest/span.ts';
import { parseJsonObject } from '../lib/parse-json-object.ts';
import type { ProxyOperation, StreamPayload } from './providers/provider.ts';

type Json = Record<string, unknown>;

/** Who and what the caller said about the call: x-loupe-* headers and W3C traceparent. */
export type CallerContext = {
  traceId: string | null;
  parentSpanId: string | null;
  userId: string | null;
  sessionId: string | null;
  tags: string[];
  metadata: Record<string, string>;
};

export type AttemptRecord = {
  target: string;
  provider: string;
  model: string;
  startNs: bigint;
  endNs: bigint;
  /** Upstream HTTP status; null when no answer came (network error, timeout). */
  status: number | null;
  error: string | null;
};

export type ProxyCallRecord = {
  projectId: string;
  operation: ProxyOperation;
  request: Json;
  caller: CallerContext;
  startNs: bigint;
  endNs: bigint;
  ttftMs: number | null;
  attempts: AttemptRecord[];
  cache: 'hit' | 'miss' | 'bypass' | 'off';
  /** Status the client received, and the body in OpenAI's shape (JSON calls) or the stream's payloads. */
  status: number;
  body: Buffer | null;
  streamPayloads: StreamPayload[] | null;
  /** Why Loupe itself answered (budget, configuration), when it did. */
  refusal: string | null;
};

export type CallUsage = TokenUsage;

export type CallOutcome = CallUsage & { model: string | null; output: unknown; errorMessage: string | null };

/** Reads model, output, usage and error from the answer (JSON body or stream payloads). */
export function summarizeOutcome(record: ProxyCallRecord): CallOutcome {
  const answer = record.streamPayloads ? assembleStream(record.streamPayloads) : parseJsonObject(record.body);
  const usage = (answer?.usage ?? {}) as Json;
  const error = answer?.error as Json | undefined;
  const failed = record.status >= 400 || error !== undefined;
  return {
    model: typeof answer?.model === 'string' ? answer.model : null,
    output: failed ? null : outputOf(record.operation, answer),
    inputTokens: numberOrNull(usage.prompt_tokens),
    outputTokens: record.operation === 'embeddings' ? null : numberOrNull(usage.completion_tokens),
    cacheReadTokens: numberOrNull((usage.prompt_tokens_details as Json | undefined)?.cached_tokens),
    reasoningTokens: numberOrNull((usage.completion_tokens_details as Json | undefined)?.reasoning_tokens),
    errorMessage: failed ? (record.refusal ?? String(error?.message ?? `upstream answered ${record.status}`)) : null,
  };
}

/** The call span plus a child span per attempt when retries or fallbacks happened. */
export function toProxySpans(record: ProxyCallRecord, outcome: CallOutcome = summarizeOutcome(record)): NormalizedSpan[] {
  const traceId = record.caller.traceId ?? randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  const final = record.attempts.at(-1);
  const requestedModel = typeof record.request.model === 'string' ? record.request.model : null;
  const call: NormalizedSpan = {
    ...emptySpan(),
    traceId,
    spanId,
    parentSpanId: record.caller.parentSpanId,
    name: `${record.operation} ${requestedModel ?? ''}`.trim(),
    kind: record.operation === 'chat' ? 'llm' : 'embedding',
    startTimeUnixNano: record.startNs,
    endTimeUnixNano: record.endNs,
    status: outcome.errorMessage ? 'error' : 'ok',
    statusMessage: outcome.errorMessage,
    model: outcome.model ?? final?.model ?? requestedModel,
    provider: final?.provider ?? null,
    input: record.operation === 'chat' ? (record.request.messages ?? null) : (record.request.input ?? null),
    output: outcome.output,
    inputTokens: outcome.inputTokens,
    outputTokens: outcome.outputTokens,
    cacheReadTokens: outcome.cacheReadTokens,
    reasoningTokens: outcome.reasoningTokens,
    ttftMs: record.ttftMs,
    userId: record.caller.userId ?? (typeof record.request.user === 'string' ? record.request.user : null),
    sessionId: record.caller.sessionId,
    tags: record.caller.tags,
    metadata: { ...record.caller.metadata, cache: record.cache, attempts: record.attempts.length, ...(final ? { target: final.target } : {}) },
    attributes: requestAttributes(record),
    // A cache hit costs nothing; the usage shown is the original call's.
    ...(record.cache === 'hit' ? { costUsd: 0, costProvenance: { source: 'cache hit' } } : {}),
  };
  if (record.attempts.length < 2) return [call];
  return [call, ...record.attempts.map((attempt, index) => toAttemptSpan({ attempt, index, traceId, parentSpanId: spanId }))];
}

function toAttemptSpan(options: { attempt: AttemptRecord; index: number; traceId: string; parentSpanId: string }): NormalizedSpan {
  const { attempt, index } = options;
  const failed = attempt.error !== null || attempt.status === null || attempt.status >= 400;
  return {
    ...emptySpan(),
    traceId: options.traceId,
    spanId: randomBytes(8).toString('hex'),
    parentSpanId: options.parentSpanId,
    name: `attempt ${index + 1} ${attempt.target}`,
    kind: 'span',
    startTimeUnixNano: attempt.startNs,
    endTimeUnixNano: attempt.endNs,
    status: failed ? 'error' : 'ok',
    statusMessage: failed ? (attempt.error ?? `upstream answered ${attempt.status}`) : null,
    model: attempt.model,
    provider: attempt.provider,
    metadata: { target: attempt.target, attempt: index + 1 },
    attributes: { 'http.response.status_code': attempt.status, 'loupe.proxy.target': attempt.target },
  };
}

function emptySpan(): NormalizedSpan {
  return {
    traceId: '',
    spanId: '',
    parentSpanId: null,
    name: 'proxy',
    kind: 'span',
    startTimeUnixNano: 1n,
    endTimeUnixNano: 1n,
    status: 'unset',
    statusMessage: null,
    model: null,
    provider: null,
    input: null,
    output: null,
    inputTokens: null,
    outputTokens: null,
    cacheReadTokens: null,
    reasoningTokens: null,
    costUsd: null,
    costProvenance: null,
    ttftMs: null,
    userId: null,
    sessionId: null,
    tags: [],
    metadata: {},
    attributes: {},
    events: [],
    links: [],
    resource: {},
    scope: { name: 'loupe-proxy' },
    source: 'proxy',
    convention: null,
    unmappedAttributes: [],
  };
}

/** Request parameters other than the payload, as gen_ai.request.* attributes. */
function requestAttributes(record: ProxyCallRecord): Json {
  const attributes: Json = { 'http.response.status_code': record.status, 'loupe.proxy.cache': record.cache };
  for (const [key, value] of Object.entries(record.request)) {
    if (key === 'messages' || key === 'input' || key === 'tools') continue;
    attributes[`gen_ai.request.${key}`] = value;
  }
  if (Array.isArray(record.request.tools)) attributes['gen_ai.request.tools'] = record.request.tools;
  return attributes;
}

function outputOf(operation: ProxyOperation, answer: Json | null): unknown {
  if (!answer) return null;
  if (operation === 'embeddings') {
    const data = (answer.data as { embedding?: unknown[] }[] | undefined) ?? [];
    return { embeddings: data.length, dimensions: Array.isArray(data[0]?.embedding) ? data[0].embedding.length : null };
  }
  const choices = (answer.choices as { message?: unknown }[] | undefined) ?? [];
  return choices.length === 1 ? (choices[0]?.message ?? null) : choices.map((choice) => choice.message ?? null);
}

/** Folds stream chunks into one completion: text, tool calls, finish reason, usage, model. */
function assembleStream(payloads: StreamPayload[]): Json {
  let content = '';
  let model: unknown;
  let usage: unknown;
  let error: unknown;
  const toolCalls: { id?: unknown; type: string; function: { name: string; arguments: string } }[] = [];
  for (const { data } of payloads) {
    if (data === '[DONE]') continue;
    const chunk = parseJsonObject(Buffer.from(data));
    if (!chunk) continue;
    model ??= chunk.model;
    if (chunk.usage) usage = chunk.usage;
    if (chunk.error) error = chunk.error;
    const delta = ((chunk.choices as { delta?: Json }[] | undefined)?.[0]?.delta ?? {}) as Json;
    if (typeof delta.content === 'string') content += delta.content;
    for (const call of (delta.tool_calls as Json[] | undefined) ?? []) {
      const index = Number(call.index ?? 0);
      const fn = (call.function ?? {}) as Json;
      toolCalls[index] ??= { id: call.id, type: 'function', function: { name: '', arguments: '' } };
      const target = toolCalls[index];
      if (call.id) target.id = call.id;
      if (typeof fn.name === 'string') target.function.name += fn.name;
      if (typeof fn.arguments === 'string') target.function.arguments += fn.arguments;
    }
  }
  const message = { role: 'assistant', content: content || null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) };
  return { model, usage, ...(error ? { error } : {}), choices: [{ message }] };
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
