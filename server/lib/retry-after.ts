// How long to wait before trying a call again: what the server asked for (Retry-After, in seconds or as an HTTP date,
// or OpenAI's retry-after-ms), else exponential backoff with jitter.

/** Milliseconds to wait, or null when the headers hold no readable value. */
export function readRetryAfterMs(headers: Record<string, string | string[] | undefined>, now = Date.now()): number | null {
  const milliseconds = Number(headerValue(headers['retry-after-ms']));
  if (headerValue(headers['retry-after-ms']) && Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headerValue(headers['retry-after']);
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Delay before retry `retry` (0-based): Retry-After when given, else exponential backoff with jitter. */
export function retryDelayMs(options: { retry: number; baseDelayMs: number; retryAfterMs: number | null; random?: () => number }): number {
  if (options.retryAfterMs !== null) return options.retryAfterMs;
  const exponential = options.baseDelayMs * 2 ** options.retry;
  return Math.round(exponential * (0.5 + (options.random ?? Math.random)() / 2));
}
