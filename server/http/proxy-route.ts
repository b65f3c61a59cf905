// POST /proxy/v1/chat/completions and /proxy/v1/embeddings: resolve the Loupe key, read caller headers, hand off.
import type { Hono } from 'hono';
import { LRUCache } from 'lru-cache';
import { hashSecret } from '../lib/secret.ts';
import type { CallerContext } from '../proxy/capture.ts';
import type { ProxyOperation } from '../proxy/providers/provider.ts';
import { errorResponse, type ProxyService } from '../proxy/proxy-service.ts';
import type { Database } from '../store/db.ts';
import { findActiveKey } from '../store/queries/api-keys.ts';
import { BodyError, readLimitedBody } from './read-body.ts';

const maxProxyBodyBytes = 32 * 1024 * 1024;
/** A revoked key stops working on the proxy within this long (keys are not looked up on every call). */
const keyCacheMilliseconds = 5000;

type ActiveKey = { id: string; projectId: string };

export function mountProxyRoutes(app: Hono, options: { db: Database; proxy: ProxyService }): void {
  // Keyed by the secret's hash; concurrent misses share one lookup, and failed lookups are not cached.
  const keys = new LRUCache<string, ActiveKey | { none: true }, string>({
    max: 10_000,
    ttl: keyCacheMilliseconds,
    fetchMethod: async (_hash, _stale, { context: secret }) => (await findActiveKey(options.db, secret)) ?? { none: true },
  });
  const findKey = async (secret: string): Promise<ActiveKey | null> => {
    const found = await keys.fetch(hashSecret(secret), { context: secret });
    return !found || 'none' in found ? null : found;
  };

  const handle = (operation: ProxyOperation) => async (context: { req: { raw: Request } }) => {
    const request = context.req.raw;
    const headers = request.headers;
    const authorization = headers.get('authorization');
    const loupeHeader = headers.get('x-loupe-key')?.trim();
    const secret = loupeHeader || /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!secret) return errorResponse(401, 'Send a Loupe API key: Authorization: Bearer <key>, or x-loupe-key with the provider key as Authorization', 'missing_api_key');
    const key = await findKey(secret);
    if (!key) return errorResponse(401, 'The Loupe API key is invalid or revoked', 'invalid_api_key');
    let body: Uint8Array;
    try {
      body = await readLimitedBody(request, maxProxyBodyBytes);
    } catch (error) {
      if (error instanceof BodyError) return errorResponse(error.status, error.message, 'invalid_body');
      throw error;
    }
    return options.proxy.handle({
      projectId: key.projectId,
      keyId: key.id,
      operation,
      body: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
      // With x-loupe-key, Authorization is the caller's provider key, forwarded to targets that have none.
      callerAuthorization: loupeHeader ? authorization : null,
      caller: readCallerContext(headers),
      cacheEnabled: !/^(off|no-cache|no-store)$/i.test(headers.get('x-loupe-cache') ?? ''),
      signal: request.signal,
    });
  };

  app.post('/proxy/v1/chat/completions', handle('chat'));
  app.post('/proxy/v1/embeddings', handle('embeddings'));
}

/** x-loupe-user, x-loupe-session, x-loupe-tags (comma-separated), x-loupe-metadata-<name>, and W3C traceparent. */
export function readCallerContext(headers: Headers): CallerContext {
  const traceparent = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/i.exec(headers.get('traceparent')?.trim() ?? '');
  const metadata: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name.startsWith('x-loupe-metadata-') && name.length > 17) metadata[name.slice(17)] = value;
  });
  const tags = (headers.get('x-loupe-tags') ?? '')
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean)
    .slice(0, 100);
  return {
    traceId: traceparent?.[1]?.toLowerCase() ?? null,
    parentSpanId: traceparent?.[2]?.toLowerCase() ?? null,
    userId: headers.get('x-loupe-user')?.trim() || null,
    sessionId: headers.get('x-loupe-session')?.trim() || null,
    tags,
    metadata,
  };
}
