// The filter form's draft: span filters as editable text, back again, and what is wrong with it per field.
import { type SpanFilters, parseScoreCondition } from './span-filters.ts';

/** The form's text fields, as typed: one per filter bound, lists as comma-separated text. */
export type Draft = Record<
  | 'name' | 'kind' | 'status' | 'model' | 'provider' | 'userId' | 'sessionId' | 'traceId' | 'tags' | 'metadata' | 'scores'
  | 'minLatencyMs' | 'maxLatencyMs' | 'minCostUsd' | 'maxCostUsd' | 'minTokens' | 'maxTokens',
  string
>;

export const listOf = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
const numberOf = (text: string) => (text.trim() === '' || !Number.isFinite(Number(text)) ? undefined : Number(text));
const textOf = (text: string) => (text.trim() === '' ? undefined : text.trim());

export function toDraft(filters: SpanFilters): Draft {
  const show = (value: number | undefined) => (value === undefined ? '' : String(value));
  return {
    name: filters.name ?? '',
    kind: filters.kind.join(','),
    status: filters.status.join(','),
    model: filters.model.join(', '),
    provider: filters.provider.join(', '),
    userId: filters.userId ?? '',
    sessionId: filters.sessionId ?? '',
    traceId: filters.traceId ?? '',
    tags: filters.tags.join(', '),
    metadata: filters.metadata.join(', '),
    scores: filters.scores.join(', '),
    minLatencyMs: show(filters.minLatencyMs),
    maxLatencyMs: show(filters.maxLatencyMs),
    minCostUsd: show(filters.minCostUsd),
    maxCostUsd: show(filters.maxCostUsd),
    minTokens: show(filters.minTokens),
    maxTokens: show(filters.maxTokens),
  };
}

export function fromDraft(draft: Draft, base: SpanFilters): SpanFilters {
  return {
    ...base,
    name: textOf(draft.name),
    kind: listOf(draft.kind),
    status: listOf(draft.status),
    model: listOf(draft.model),
    provider: listOf(draft.provider),
    userId: textOf(draft.userId),
    sessionId: textOf(draft.sessionId),
    traceId: textOf(draft.traceId),
    tags: listOf(draft.tags),
    metadata: listOf(draft.metadata),
    scores: listOf(draft.scores),
    minLatencyMs: numberOf(draft.minLatencyMs),
    maxLatencyMs: numberOf(draft.maxLatencyMs),
    minCostUsd: numberOf(draft.minCostUsd),
    maxCostUsd: numberOf(draft.maxCostUsd),
    minTokens: numberOf(draft.minTokens),
    maxTokens: numberOf(draft.maxTokens),
  };
}

/** What is wrong with the draft, per field, before it is sent. */
export function validateDraft(draft: Draft): string[] {
  const problems: string[] = [];
  const ranges = [
    ['Latency', 'minLatencyMs', 'maxLatencyMs'],
    ['Cost', 'minCostUsd', 'maxCostUsd'],
    ['Tokens', 'minTokens', 'maxTokens'],
  ] as const;
  for (const [label, minimum, maximum] of ranges) {
    for (const key of [minimum, maximum]) {
      const value = draft[key];
      if (value.trim() !== '' && (!Number.isFinite(Number(value)) || Number(value) < 0)) problems.push(`${label}: "${value}" is not a non-negative number`);
    }
    const low = numberOf(draft[minimum]);
    const high = numberOf(draft[maximum]);
    if (low !== undefined && high !== undefined && low > high) problems.push(`${label}: the minimum is above the maximum`);
  }
  const traceId = (draft.traceId).trim();
  if (traceId !== '' && !/^[0-9a-f]{32}$/i.test(traceId)) problems.push('Trace ID: must be 32 hexadecimal characters');
  for (const pair of listOf(draft.metadata)) {
    if (!/^[^=]+=/.test(pair)) problems.push(`Metadata: "${pair}" is not key=value`);
  }
  for (const condition of listOf(draft.scores)) {
    if (!parseScoreCondition(condition)) problems.push(`Scores: "${condition}" is not name, name=value or name<number (also <=, >, >=)`);
  }
  return problems;
}
