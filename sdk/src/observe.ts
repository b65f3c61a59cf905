// observe() and startSpan(): record any step as a span; nested calls become one trace.
import { type Attributes, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { type SpanKindName, loupeAttributes, toAttributeValue } from './attributes.ts';

export type ObserveOptions = {
  kind?: SpanKindName;
  input?: unknown;
  attributes?: Attributes;
  /** Record the function's return value as the span output (default true). */
  captureOutput?: boolean;
};

const tracer = () => trace.getTracer('@loupe/sdk');

function markFailed(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/**
 * Runs `fn` inside a span named `name`; spans started inside it become its children.
 * @example
 * const answer = await observe('retrieve', async () => search(query), { kind: 'retriever', input: query });
 */
export function observe<T>(name: string, fn: (span: Span) => T, options: ObserveOptions = {}): T {
  return tracer().startActiveSpan(name, { attributes: startAttributes(options) }, (span) => {
    const finish = (value: Awaited<T>) => {
      if (options.captureOutput !== false && value !== undefined) span.setAttribute(loupeAttributes.output, toAttributeValue(value));
      span.end();
      return value;
    };
    const fail = (error: unknown): never => {
      markFailed(span, error);
      span.end();
      throw error;
    };
    try {
      const result = fn(span);
      if (result instanceof Promise) return result.then(finish, fail) as T;
      return finish(result as Awaited<T>);
    } catch (error) {
      return fail(error);
    }
  });
}

export type ManualSpan = {
  span: Span;
  traceId: string;
  spanId: string;
  /** Ends the span, recording `output` when given. */
  end: (output?: unknown) => void;
  /** Ends the span as failed. */
  fail: (error: unknown) => void;
};

/**
 * Starts a span you end yourself (for work that does not fit one function).
 * @example
 * const step = startSpan('upload', { kind: 'tool', input: file.name });
 * try { step.end(await upload(file)); } catch (error) { step.fail(error); }
 */
export function startSpan(name: string, options: ObserveOptions = {}): ManualSpan {
  const span = tracer().startSpan(name, { attributes: startAttributes(options) });
  return {
    span,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    end: (output) => {
      if (output !== undefined) span.setAttribute(loupeAttributes.output, toAttributeValue(output));
      span.end();
    },
    fail: (error) => {
      markFailed(span, error);
      span.end();
    },
  };
}

function startAttributes(options: ObserveOptions): Attributes {
  return {
    [loupeAttributes.kind]: options.kind ?? 'span',
    ...(options.input === undefined ? {} : { [loupeAttributes.input]: toAttributeValue(options.input) }),
    ...options.attributes,
  };
}

/** Sets the user on the active span. For every span of a request, use withContext. */
export function setUser(userId: string): void {
  trace.getActiveSpan()?.setAttribute(loupeAttributes.userId, userId);
}

/** Sets the session on the active span. */
export function setSession(sessionId: string): void {
  trace.getActiveSpan()?.setAttribute(loupeAttributes.sessionId, sessionId);
}

/** Sets tags on the active span. */
export function setTags(tags: string[]): void {
  trace.getActiveSpan()?.setAttribute(loupeAttributes.tags, tags);
}

/** Adds metadata (searchable key/value pairs) to the active span. */
export function setMetadata(metadata: Record<string, string | number | boolean>): void {
  const span = trace.getActiveSpan();
  for (const [key, value] of Object.entries(metadata)) span?.setAttribute(`${loupeAttributes.metadataPrefix}${key}`, value);
}
