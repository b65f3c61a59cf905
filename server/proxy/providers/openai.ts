// OpenAI-compatible upstreams: the body goes through as sent; only an injected usage chunk is hidden from streams.
import { joinUrl, type ProviderAdapter } from './provider.ts';

const endpoints = { chat: '/chat/completions', embeddings: '/embeddings' } as const;

export const openAiAdapter: ProviderAdapter = {
  buildRequest({ operation, body, target, callerAuthorization }) {
    const authorization = target.apiKey ? `Bearer ${target.apiKey}` : callerAuthorization;
    if (!authorization) {
      return { problem: `authorization: target "${target.name}" has no apiKey, so send the provider key as Authorization: Bearer <key> (and the Loupe key as x-loupe-key)` };
    }
    return {
      url: joinUrl(target.baseUrl, endpoints[operation]),
      headers: { ...target.headers, 'content-type': 'application/json', authorization },
      body: JSON.stringify(body),
    };
  },
  translateResponse: ({ body }) => body,
  createStreamTranslator({ includeUsage }) {
    return {
      push(event) {
        // The usage chunk is the one with `"choices":[]`; parse only candidates, the rest pass through untouched.
        const hidden = !includeUsage && event.data.includes('"usage"') && /"choices"\s*:\s*\[\s*\]/.test(event.data);
        return [{ data: event.data, hidden }];
      },
      end: () => [],
    };
  },
};
