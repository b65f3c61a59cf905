// Exact-match response cache: key = project + upstream + canonical request body; JSON bodies and whole streams.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { StreamPayload } from './providers/provider.ts';

export type CachedAnswer = { body: Buffer; streamPayloads: null } | { body: null; streamPayloads: StreamPayload[] };

export type ResponseCache = {
  get: (key: string) => CachedAnswer | undefined;
  set: (key: string, answer: CachedAnswer, ttlSeconds: number) => void;
  stats: () => { entries: number; bytes: number; hits: number; misses: number };
};

/** The cache key: the project and upstream are part of it, so no answer is ever shared across projects. */
export function cacheKeyOf(options: { projectId: string; upstream: string; body: unknown }): string {
  return createHash('sha256')
    .update(options.projectId)
    .update('\0')
    .update(options.upstream)
    .update('\0')
    .update(canonicalJson(options.body))
    .digest('hex');
}

/** JSON with object keys sorted at every depth: two bodies differing only in key order share an entry. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function createResponseCache(maxBytes = 64 * 1024 * 1024): ResponseCache {
  const counters = { hits: 0, misses: 0 };
  const cache = new LRUCache<string, CachedAnswer>({
    maxSize: maxBytes,
    sizeCalculation: (answer) =>
      Math.max(1, answer.body ? answer.body.length : answer.streamPayloads.reduce((sum, payload) => sum + payload.data.length, 0)),
  });
  return {
    get: (key) => {
      const found = cache.get(key);
      if (found) counters.hits += 1;
      else counters.misses += 1;
      return found;
    },
    set: (key, answer, ttlSeconds) => {
      cache.set(key, answer, { ttl: ttlSeconds * 1000 });
    },
    stats: () => ({ entries: cache.size, bytes: cache.calculatedSize, ...counters }),
  };
}
