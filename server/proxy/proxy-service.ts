// One proxied call end to end: validate, route, reserve budget, serve from cache or forward, answer, log the span.
import { Agent } from 'undici';
import { nowNanoseconds } from '../lib/nanoseconds.ts';
import type { Database } from '../store/db.ts';
import { type BudgetRefusal, isRefusal, type Reservation, reserveBudgets } from './budgets.ts';
import { type CallLog, createCallLog } from './call-log.ts';
import type { CallerContext, ProxyCallRecord } from './capture.ts';
import { type ForwardResult, forwardCall } from './forward.ts';
import type { ChatBody, ProxyOperation, StreamPayload } from './providers/provider.ts';
import { type CachedAnswer, cacheKeyOf, createResponseCache, type ResponseCache } from './response-cache.ts';
import { createRouteConfigs, type RouteConfigs } from './route-configs.ts';
import { planTargets } from './routing.ts';
import type { RoutingConfig } from './routing-config.ts';

export type ProxyCall = {
  projectId: string;
  keyId: string;
  operation: ProxyOperation;
  body: Buffer;
  callerAuthorization: string | null;
  caller: CallerContext;
  /** `x-loupe-cache: off` skips the cache for this call. */
  cacheEnabled: boolean;
  signal: AbortSignal;
};

export type ProxyService = {
  handle: (call: ProxyCall) => Promise<Response>;
  routes: RouteConfigs;
  callLog: CallLog;
  cache: ResponseCache;
  close: () => Promise<void>;
};

export type ProxyServiceOptions = { db: Database; file?: Record<string, RoutingConfig> | null; maxQueuedCalls?: number };

export function createProxyService(options: ProxyServiceOptions): ProxyService {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 256 });
  const routes = createRouteConfigs({ db: options.db, file: options.file ?? null });
  const callLog = createCallLog({ db: options.db, maxQueued: options.maxQueuedCalls });
  const cache = createResponseCache();

  const handle = async (call: ProxyCall): Promise<Response> => {
    const startNs = nowNanoseconds();
    const parsed = parseBody(call.operation, call.body);
    if ('problem' in parsed) return errorResponse(400, parsed.problem, 'invalid_body');
    const body = parsed.body;
    const routing = await routes.find(call.projectId);
    if (!routing) {
      return errorResponse(404, 'The proxy is not enabled for this project: set its routing with proxy.config.set or LOUPE_PROXY_CONFIG', 'proxy_not_configured');
    }
    const { config } = routing;
    const record: ProxyCallRecord = {
      projectId: call.projectId,
      operation: call.operation,
      request: body,
      caller: call.caller,
      startNs,
      endNs: startNs,
      ttftMs: null,
      attempts: [],
      cache: config.cache.enabled ? (call.cacheEnabled ? 'miss' : 'bypass') : 'off',
      status: 200,
      body: null,
      streamPayloads: null,
      refusal: null,
    };
    let reservation: Reservation | null = null;
    const complete = (update: Partial<ProxyCallRecord>) => {
      Object.assign(record, update, { endNs: nowNanoseconds() });
      callLog.record(record, (outcome) => {
        void reservation?.settle({ ...outcome, free: record.cache === 'hit' }).catch((error: Error) => console.error('proxy: budget settle failed:', error.message));
      });
    };

    if (config.budgets.length > 0) {
      const reserved = await reserveBudgets({ db: options.db, config, projectId: call.projectId, keyId: call.keyId, request: body });
      if (isRefusal(reserved)) return refuse(reserved, complete);
      reservation = reserved;
    }
    const stream = body.stream === true;
    const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    const targets = planTargets(config, { model: body.model, metadata: call.caller.metadata });
    const cacheKey =
      record.cache === 'miss' && targets[0]
        ? cacheKeyOf({ projectId: call.projectId, upstream: `${targets[0].provider} ${targets[0].baseUrl}`, body })
        : null;
    const cached = cacheKey ? cache.get(cacheKey) : undefined;
    if (cached) {
      record.cache = 'hit';
      return replay(cached, (update) => complete({ ...update, ttftMs: elapsedMs(startNs) }));
    }
    const upstreamBody = stream && !includeUsage ? { ...body, stream_options: { ...(body.stream_options as object), include_usage: true } } : body;
    const result = await forwardCall({
      dispatcher,
      config,
      targets,
      operation: call.operation,
      body: upstreamBody,
      stream,
      includeUsage,
      callerAuthorization: call.callerAuthorization,
      clientSignal: call.signal,
      attempts: record.attempts,
    });
    const store = (answer: CachedAnswer) => {
      if (cacheKey) cache.set(cacheKey, answer, config.cache.ttlSeconds);
    };
    return respond({ result, startNs, cacheHeader: record.cache, complete, store });
  };

  return {
    handle,
    routes,
    callLog,
    cache,
    close: async () => {
      await callLog.close();
      await dispatcher.close();
    },
  };
}

type Complete = (update: Partial<ProxyCallRecord>) => void;

function respond(options: { result: ForwardResult; startNs: bigint; cacheHeader: string; complete: Complete; store: (answer: CachedAnswer) => void }): Response {
  const { result, startNs, complete } = options;
  if (result.kind === 'failed') {
    complete({ status: result.status, body: errorBytes(result.status, result.message, result.code), refusal: result.message });
    return errorResponse(result.status, result.message, result.code);
  }
  const headers = { ...result.headers, 'x-loupe-cache': options.cacheHeader, 'x-loupe-target': result.target.name };
  if (result.kind === 'answer') {
    complete({ status: result.status, body: result.body, ttftMs: elapsedMs(startNs) });
    if (result.status === 200) options.store({ body: result.body, streamPayloads: null });
    return new Response(new Uint8Array(result.body), { status: result.status, headers: { ...headers, 'content-type': 'application/json' } });
  }
  const ttftMs = elapsedMs(startNs);
  const payloads: StreamPayload[] = [];
  const { source } = result;
  const encoder = new TextEncoder();
  const encode = (batch: StreamPayload[]) => {
    payloads.push(...batch);
    return encoder.encode(toSseText(batch));
  };
  let pending: StreamPayload[] | null = source.first;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const batch = pending ?? (await source.next());
        pending = null;
        if (batch === null) {
          controller.close();
          complete({ status: result.status, streamPayloads: payloads, ttftMs });
          options.store({ body: null, streamPayloads: payloads });
          return;
        }
        const bytes = encode(batch);
        if (bytes.length > 0) controller.enqueue(bytes);
      } catch (error) {
        const message = (error as Error).message;
        controller.enqueue(encode([{ data: JSON.stringify(errorBody(502, message, 'upstream_stream_failed')), hidden: false }]));
        controller.close();
        complete({ status: 502, streamPayloads: payloads, ttftMs, refusal: `the upstream stream failed: ${message}` });
      }
    },
    cancel() {
      source.cancel('the client closed the stream');
      complete({ status: 499, streamPayloads: payloads, ttftMs, refusal: 'the client closed the stream' });
    },
  });
  return new Response(body, { status: result.status, headers: { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } });
}

function replay(cached: CachedAnswer, complete: Complete): Response {
  const headers = { 'x-loupe-cache': 'hit' };
  if (cached.body) {
    complete({ status: 200, body: cached.body });
    return new Response(new Uint8Array(cached.body), { status: 200, headers: { ...headers, 'content-type': 'application/json' } });
  }
  complete({ status: 200, streamPayloads: cached.streamPayloads });
  return new Response(toSseText(cached.streamPayloads), { status: 200, headers: { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } });
}

/** The SSE text the client receives: visible payloads only, one `data:` event each. */
function toSseText(payloads: StreamPayload[]): string {
  return payloads
    .filter((payload) => !payload.hidden)
    .map((payload) => `data: ${payload.data}\n\n`)
    .join('');
}

function refuse(refusal: BudgetRefusal, complete: Complete): Response {
  const status = refusal.retryAfterSeconds === null && refusal.message.startsWith('model:') ? 400 : 429;
  const code = status === 429 ? 'budget_exceeded' : 'unpriced_model';
  complete({ status, body: errorBytes(status, refusal.message, code), refusal: refusal.message });
  const response = errorResponse(status, refusal.message, code);
  if (refusal.retryAfterSeconds !== null) response.headers.set('retry-after', String(refusal.retryAfterSeconds));
  return response;
}

function parseBody(operation: ProxyOperation, raw: Buffer): { body: ChatBody } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    return { problem: `body: not valid JSON (${(error as Error).message})` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { problem: 'body: must be a JSON object' };
  const body = value as Record<string, unknown>;
  if (typeof body.model !== 'string' || body.model === '') return { problem: 'model: required, a non-empty string' };
  if (operation === 'chat' && (!Array.isArray(body.messages) || body.messages.length === 0)) {
    return { problem: 'messages: required, a non-empty array' };
  }
  if (operation === 'embeddings' && body.input === undefined) return { problem: 'input: required' };
  if (body.stream !== undefined && typeof body.stream !== 'boolean') return { problem: 'stream: must be a boolean' };
  return { body: body as ChatBody };
}

const errorTypes: Record<number, string> = { 400: 'invalid_request_error', 401: 'authentication_error', 404: 'not_found_error', 429: 'rate_limit_error' };

/** OpenAI's error shape, so clients surface the message. */
export function errorBody(status: number, message: string, code: string) {
  return { error: { message, type: errorTypes[status] ?? 'api_error', code } };
}

function errorBytes(status: number, message: string, code: string): Buffer {
  return Buffer.from(JSON.stringify(errorBody(status, message, code)));
}

export function errorResponse(status: number, message: string, code: string): Response {
  return Response.json(errorBody(status, message, code), { status });
}

function elapsedMs(startNs: bigint): number {
  return Number(nowNanoseconds() - startNs) / 1e6;
}
