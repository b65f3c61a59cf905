// Span filters as they live in the URL (so a view can be shared) and as spans.search / metrics.timeseries input.
import type { SearchInput } from './api-types.ts';
import { type TimeRange, defaultRange, resolveRange } from './time-range.ts';

export type SpanFilters = {
  range: TimeRange;
  text?: string;
  name?: string;
  kind: string[];
  model: string[];
  provider: string[];
  status: string[];
  userId?: string;
  sessionId?: string;
  traceId?: string;
  tags: string[];
  /** "key=value" pairs matched against span metadata. */
  metadata: string[];
  /** Score conditions as typed: "quality" (has one), "quality<0.5", "resolved=false", "tone=rude". */
  scores: string[];
  minLatencyMs?: number;
  maxLatencyMs?: number;
  minCostUsd?: number;
  maxCostUsd?: number;
  minTokens?: number;
  maxTokens?: number;
  order: 'desc' | 'asc';
  /** Server-side order: start time (default) or latency, cost or tokens over the whole range. */
  sortBy: SpanSortKey;
};

export const spanSortKeys = ['start', 'latency', 'cost', 'tokens'] as const;
export type SpanSortKey = (typeof spanSortKeys)[number];

const singleParams = { text: 'q', name: 'name', userId: 'user', sessionId: 'session', traceId: 'trace' } as const;
const listParams = { kind: 'kind', model: 'model', provider: 'provider', status: 'status', tags: 'tag', metadata: 'meta', scores: 'score' } as const;
const numberParams = {
  minLatencyMs: 'minLatency',
  maxLatencyMs: 'maxLatency',
  minCostUsd: 'minCost',
  maxCostUsd: 'maxCost',
  minTokens: 'minTokens',
  maxTokens: 'maxTokens',
} as const;

export function parseFilters(search: string): SpanFilters {
  const params = new URLSearchParams(search);
  const from = params.get('from');
  const to = params.get('to');
  const filters: SpanFilters = {
    range: from && to ? { from, to } : params.get('range') ? { preset: params.get('range') as string } : defaultRange,
    kind: [],
    model: [],
    provider: [],
    status: [],
    tags: [],
    metadata: [],
    scores: [],
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    sortBy: spanSortKeys.find((key) => key === params.get('sort')) ?? 'start',
  };
  for (const [field, param] of Object.entries(singleParams)) {
    const value = params.get(param)?.trim();
    if (value) filters[field as keyof typeof singleParams] = value;
  }
  for (const [field, param] of Object.entries(listParams)) {
    filters[field as keyof typeof listParams] = params.getAll(param).filter((value) => value.trim() !== '');
  }
  for (const [field, param] of Object.entries(numberParams)) {
    const value = params.get(param);
    if (value !== null && value !== '' && Number.isFinite(Number(value))) filters[field as keyof typeof numberParams] = Number(value);
  }
  return filters;
}

export function formatFilters(filters: SpanFilters): string {
  const params = new URLSearchParams();
  if ('from' in filters.range) {
    params.set('from', filters.range.from);
    params.set('to', filters.range.to);
  } else if (filters.range.preset !== defaultRange.preset) {
    params.set('range', filters.range.preset);
  }
  for (const [field, param] of Object.entries(singleParams)) {
    const value = filters[field as keyof typeof singleParams];
    if (value) params.set(param, value);
  }
  for (const [field, param] of Object.entries(listParams)) {
    for (const value of filters[field as keyof typeof listParams]) params.append(param, value);
  }
  for (const [field, param] of Object.entries(numberParams)) {
    const value = filters[field as keyof typeof numberParams];
    if (value !== undefined) params.set(param, String(value));
  }
  if (filters.sortBy !== 'start') params.set('sort', filters.sortBy);
  if (filters.order === 'asc') params.set('order', 'asc');
  return params.toString();
}

/** The same view with every filter but the time range, sort and text search removed. */
export function clearFilters(filters: SpanFilters): SpanFilters {
  return { range: filters.range, order: filters.order, sortBy: filters.sortBy, text: filters.text, kind: [], model: [], provider: [], status: [], tags: [], metadata: [], scores: [] };
}

/** How many filters besides the time range and order are set. */
export function countActiveFilters(filters: SpanFilters): number {
  const { range: _range, order: _order, sortBy: _sortBy, ...rest } = filters;
  return Object.values(rest).filter((value) => (Array.isArray(value) ? value.length > 0 : value !== undefined)).length;
}

function parseMetadata(pairs: string[]): Record<string, string> | undefined {
  const entries = pairs
    .map((pair) => pair.split('='))
    .filter((parts) => parts.length >= 2 && parts[0] !== '')
    .map(([key, ...value]) => [key as string, value.join('=')]);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

export type ScoreCondition = NonNullable<SearchInput['scores']>[number];

/**
 * "quality" (any score of that name), "quality<0.5" (also <=, >, >=: numbers; booleans count as 0/1), "resolved=false",
 * "quality=1" or "tone=rude"; null when the text is none of these.
 */
export function parseScoreCondition(text: string): ScoreCondition | null {
  const match = /^([^<>=]+?)\s*(?:(<=|>=|=|<|>)\s*(.+))?$/.exec(text.trim());
  const name = match?.[1]?.trim();
  if (!match || !name) return null;
  const [, , op, raw] = match;
  if (op === undefined || raw === undefined) return { name };
  const value = raw.trim();
  const number = value === '' ? Number.NaN : Number(value);
  if (op !== '=') return Number.isFinite(number) ? { name, op: op as ScoreCondition['op'], value: number } : null;
  if (value === 'true' || value === 'false') return { name, op, value: value === 'true' };
  return { name, op, value: Number.isFinite(number) ? number : value };
}

function parseScores(texts: string[]): ScoreCondition[] | undefined {
  const conditions = texts.map(parseScoreCondition).filter((condition): condition is ScoreCondition => condition !== null);
  return conditions.length > 0 ? conditions : undefined;
}

const listOrUndefined = <Item extends string>(values: Item[]) => (values.length > 0 ? values : undefined);

/** The spans.search input for these filters, with the range resolved against `now`. */
export function toSearchInput(filters: SpanFilters, now: number): SearchInput {
  const { from, to } = resolveRange(filters.range, now);
  return {
    from,
    to,
    text: filters.text,
    name: filters.name,
    kind: listOrUndefined(filters.kind) as SearchInput['kind'],
    model: listOrUndefined(filters.model),
    provider: listOrUndefined(filters.provider),
    status: listOrUndefined(filters.status) as SearchInput['status'],
    userId: filters.userId,
    sessionId: filters.sessionId,
    traceId: filters.traceId,
    tags: listOrUndefined(filters.tags),
    metadata: parseMetadata(filters.metadata),
    minLatencyMs: filters.minLatencyMs,
    maxLatencyMs: filters.maxLatencyMs,
    minCostUsd: filters.minCostUsd,
    maxCostUsd: filters.maxCostUsd,
    minTokens: filters.minTokens,
    maxTokens: filters.maxTokens,
    scores: parseScores(filters.scores),
    order: filters.order,
    sortBy: filters.sortBy === 'start' ? undefined : filters.sortBy,
  };
}
