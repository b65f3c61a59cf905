// What every upstream adapter provides: build the upstream request, translate answers and streams to OpenAI's shape.

import type { RoutingTarget } from '../routing-config.ts';
import type { SseEvent } from '../sse.ts';

export type ProxyOperation = 'chat' | 'embeddings';

/** A request body as the client sent it, model already renamed for the target. */
export type ChatBody = Record<string, unknown> & { model: string };

export type UpstreamRequest = { url: string; headers: Record<string, string>; body: string };

/** One OpenAI-format SSE payload (a JSON chunk or `[DONE]`); hidden ones are recorded but not sent to the client. */
export type StreamPayload = { data: string; hidden: boolean };

export type StreamTranslator = { push: (event: SseEvent) => StreamPayload[]; end: () => StreamPayload[] };

export type ProviderAdapter = {
  /** A request for the target, or a message naming what is missing (sent to the client as a 400). */
  buildRequest: (options: {
    operation: ProxyOperation;
    body: ChatBody;
    target: RoutingTarget;
    callerAuthorization: string | null;
  }) => UpstreamRequest | { problem: string };
  /** An upstream JSON answer (success or error) as the OpenAI-format body the client receives. */
  translateResponse: (options: { status: number; body: Buffer; operation: ProxyOperation }) => Buffer;
  /** `includeUsage`: the client asked for the usage chunk (otherwise it is recorded, hidden). */
  createStreamTranslator: (options: { includeUsage: boolean }) => StreamTranslator;
};

/** Joins a base URL ("https://host/v1" or "https://host/v1/") and an endpoint path ("/chat/completions"). */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}
