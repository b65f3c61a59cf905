// User, session, tags and metadata carried in the active context and stamped on every span started inside it.
import { type Context, context, createContextKey } from '@opentelemetry/api';

export type SpanContextAttributes = {
  userId?: string;
  sessionId?: string;
  tags?: string[];
  metadata?: Record<string, string | number | boolean>;
};

const contextKey = createContextKey('loupe.context-attributes');

export function readContextAttributes(from: Context = context.active()): SpanContextAttributes {
  return (from.getValue(contextKey) as SpanContextAttributes | undefined) ?? {};
}

/**
 * Runs `fn` so that every span started inside it (at any depth) carries these attributes.
 * @example
 * await withContext({ userId: 'u-1', sessionId: 's-9', tags: ['beta'] }, () => handleRequest());
 */
export function withContext<T>(attributes: SpanContextAttributes, fn: () => T): T {
  const current = readContextAttributes();
  const merged: SpanContextAttributes = {
    ...current,
    ...attributes,
    tags: [...new Set([...(current.tags ?? []), ...(attributes.tags ?? [])])],
    metadata: { ...current.metadata, ...attributes.metadata },
  };
  return context.with(context.active().setValue(contextKey, merged), fn);
}
