// Builders for SDK spans with deterministic, valid ids and times relative to now.
import { randomBytes } from 'node:crypto';

export type SdkSpanInput = Record<string, unknown>;

export function randomTraceId(): string {
  return randomBytes(16).toString('hex');
}

export function randomSpanId(): string {
  return randomBytes(8).toString('hex');
}

/** A valid SDK span that started `minutesAgo` minutes ago and lasted `durationMs`. */
export function buildSdkSpan(overrides: SdkSpanInput = {}, options: { minutesAgo?: number; durationMs?: number } = {}) {
  const start = Date.now() - (options.minutesAgo ?? 1) * 60_000;
  return {
    traceId: randomTraceId(),
    spanId: randomSpanId(),
    name: 'chat',
    kind: 'llm',
    startTime: new Date(start).toISOString(),
    endTime: new Date(start + (options.durationMs ?? 250)).toISOString(),
    status: 'ok',
    model: 'gpt-4o-mini',
    provider: 'openai',
    input: [{ role: 'user', content: 'Hello there' }],
    output: { role: 'assistant', content: 'General Kenobi' },
    inputTokens: 10,
    outputTokens: 5,
    ...overrides,
  };
}
