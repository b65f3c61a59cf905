// Sends a call to its planned targets: retries 429/5xx with backoff (honouring Retry-After), falls back in order,
// enforces request and first-token timeouts, and passes streams through event by event.
import type { Agent, Dispatcher } from 'undici';
import { nowNanoseconds } from '../lib/nanoseconds.ts';
import type { AttemptRecord } from './capture.ts';
import { anthropicAdapter } from './providers/anthropic.ts';
import { openAiAdapter } from './providers/openai.ts';
import type { ChatBody, ProviderAdapter, ProxyOperation, StreamPayload } from './providers/provider.ts';
import { readRetryAfterMs, retryDelayMs } from '../lib/retry-after.ts';
import type { RoutingConfig, RoutingTarget } from './routing-config.ts';
import { createSseSplitter } from './sse.ts';

const adapters: Record<RoutingTarget['provider'], ProviderAdapter> = { openai: openAiAdapter, anthropic: anthropicAdapter };

/** Upstream headers worth relaying: request ids, rate-limit state, processing time. */
const relayedHeader = /^(x-request-id|request-id|openai-[\w-]+|anthropic-[\w-]+|x-ratelimit-[\w-]+|retry-after(-ms)?)$/;

export type ForwardOptions = {
  dispatcher: Agent;
  config: RoutingConfig;
  targets: RoutingTarget[];
  operation: ProxyOperation;
  body: ChatBody;
  stream: boolean;
  /** The client asked for the usage chunk; otherwise it is recorded and hidden. */
  includeUsage: boolean;
  callerAuthorization: string | null;
  clientSignal: AbortSignal;
  /** Every attempt is appended here as it happens. */
  attempts: AttemptRecord[];
};

export type StreamSource = {
  first: StreamPayload[];
  /** The next payloads, or null at the end; throws when the upstream fails mid-stream. */
  next: () => Promise<StreamPayload[] | null>;
  cancel: (reason: string) => void;
};

export type ForwardResult =
  | { kind: 'answer'; status: number; body: Buffer; headers: Record<string, string>; target: RoutingTarget }
  | { kind: 'stream'; status: number; headers: Record<string, string>; source: StreamSource; target: RoutingTarget }
  | { kind: 'failed'; status: number; message: string; code: string };

type AttemptOutcome =
  | Extract<ForwardResult, { kind: 'answer' | 'stream' }>
  | { kind: 'refused'; message: string }
  | { kind: 'failure'; message: string; timedOut: boolean };

export async function forwardCall(options: ForwardOptions): Promise<ForwardResult> {
  const { retry } = options.config;
  let last: AttemptOutcome | null = null;
  for (const target of options.targets) {
    for (let attemptIndex = 0; ; attemptIndex += 1) {
      const outcome = await attempt(options, target);
      if (outcome.kind === 'refused') {
        last ??= outcome;
        break;
      }
      if (outcome.kind === 'stream') return outcome;
      if (outcome.kind === 'answer' && !retry.statuses.includes(outcome.status)) return outcome;
      last = outcome;
      if (options.clientSignal.aborted) return { kind: 'failed', status: 499, message: 'The client closed the connection', code: 'client_closed' };
      if (attemptIndex >= retry.maxRetries) break;
      const retryAfterMs = outcome.kind === 'answer' ? readRetryAfterMs(outcome.headers) : null;
      const delay = retryDelayMs({ retry: attemptIndex, baseDelayMs: retry.baseDelayMs, retryAfterMs });
      if (delay > retry.maxDelayMs) break;
      await sleep(delay, options.clientSignal);
    }
  }
  if (last?.kind === 'answer') return last;
  if (last?.kind === 'refused' && options.attempts.length === 0) return { kind: 'failed', status: 400, message: last.message, code: 'missing_provider_key' };
  const tried = options.attempts.map((item) => `${item.target}: ${item.error ?? item.status}`).join('; ');
  const timedOut = last?.kind === 'failure' && last.timedOut;
  return { kind: 'failed', status: timedOut ? 504 : 502, message: `Every upstream failed (${tried})`, code: timedOut ? 'upstream_timeout' : 'upstream_unavailable' };
}

async function attempt(options: ForwardOptions, target: RoutingTarget): Promise<AttemptOutcome> {
  const adapter = adapters[target.provider];
  const model = target.models[options.body.model] ?? options.body.model;
  const request = adapter.buildRequest({ operation: options.operation, body: { ...options.body, model }, target, callerAuthorization: options.callerAuthorization });
  if ('problem' in request) return { kind: 'refused', message: request.problem };
  const record: AttemptRecord = { target: target.name, provider: target.provider, model, startNs: nowNanoseconds(), endNs: 0n, status: null, error: null };
  options.attempts.push(record);
  const { timeouts } = options.config;
  const controller = new AbortController();
  const abort = (reason: string) => controller.abort(new Error(reason));
  const onClientAbort = () => abort('the client closed the connection');
  options.clientSignal.addEventListener('abort', onClientAbort, { once: true });
  const requestTimer = setTimeout(() => abort(`no complete answer within ${timeouts.requestMs} ms`), timeouts.requestMs);
  const firstTokenTimer = setTimeout(() => abort(`no first token within ${timeouts.firstTokenMs} ms`), timeouts.firstTokenMs);
  const finish = (error: unknown = null) => {
    clearTimeout(requestTimer);
    clearTimeout(firstTokenTimer);
    options.clientSignal.removeEventListener('abort', onClientAbort);
    record.endNs = nowNanoseconds();
    if (error) record.error = describeError(error, controller.signal);
  };
  try {
    const url = new URL(request.url);
    const response = await options.dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
    });
    record.status = response.statusCode;
    const headers = relayHeaders(response.headers);
    if (!options.stream || response.statusCode >= 300) {
      const raw = Buffer.from(await response.body.arrayBuffer());
      finish();
      return { kind: 'answer', status: response.statusCode, body: adapter.translateResponse({ status: response.statusCode, body: raw, operation: options.operation }), headers, target };
    }
    const read = createStreamReader(response.body, adapter.createStreamTranslator({ includeUsage: options.includeUsage }));
    const first = (await read()) ?? [];
    clearTimeout(firstTokenTimer);
    const source: StreamSource = {
      first,
      next: async () => {
        try {
          const payloads = await read();
          if (payloads === null) finish();
          return payloads;
        } catch (error) {
          finish(error);
          throw new Error(record.error ?? 'the upstream stream failed');
        }
      },
      cancel: (reason) => {
        abort(reason);
        finish(new Error(reason));
      },
    };
    return { kind: 'stream', status: response.statusCode, headers, source, target };
  } catch (error) {
    finish(error);
    return { kind: 'failure', message: record.error ?? 'upstream failed', timedOut: /within \d+ ms/.test(record.error ?? '') };
  }
}

/** Reads upstream SSE until at least one OpenAI payload is ready; null once the stream ended. */
function createStreamReader(body: Dispatcher.ResponseData['body'], translator: ReturnType<ProviderAdapter['createStreamTranslator']>) {
  const iterator = body[Symbol.asyncIterator]();
  const splitter = createSseSplitter();
  const decoder = new TextDecoder();
  let ended = false;
  return async (): Promise<StreamPayload[] | null> => {
    while (!ended) {
      const { value, done } = await iterator.next();
      if (done) {
        ended = true;
        const rest = [...splitter.end().flatMap((event) => translator.push(event)), ...translator.end()];
        if (rest.length > 0) return rest;
        break;
      }
      const payloads = splitter.push(decoder.decode(value as Buffer, { stream: true })).flatMap((event) => translator.push(event));
      if (payloads.length > 0) return payloads;
    }
    return null;
  };
}

function relayHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const relayed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && relayedHeader.test(name)) relayed[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return relayed;
}

function describeError(error: unknown, signal: AbortSignal): string {
  if (signal.aborted && signal.reason instanceof Error) return signal.reason.message;
  const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
  return cause ? `${(error as Error).message} (${cause})` : (error as Error).message;
}

function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, milliseconds);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
