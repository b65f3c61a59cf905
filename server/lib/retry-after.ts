// Reads how long a server asked us to wait: Retry-After (seconds or an HTTP date) or OpenAI's retry-after-ms.

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
