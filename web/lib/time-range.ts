// Time ranges: presets relative to now ("last 24 hours") or a custom from/to, resolved to instants at query time.

export const rangePresets = [
  { key: '15m', label: 'Last 15 minutes', milliseconds: 15 * 60_000 },
  { key: '1h', label: 'Last hour', milliseconds: 3_600_000 },
  { key: '6h', label: 'Last 6 hours', milliseconds: 6 * 3_600_000 },
  { key: '24h', label: 'Last 24 hours', milliseconds: 86_400_000 },
  { key: '7d', label: 'Last 7 days', milliseconds: 7 * 86_400_000 },
  { key: '30d', label: 'Last 30 days', milliseconds: 30 * 86_400_000 },
  { key: '90d', label: 'Last 90 days', milliseconds: 90 * 86_400_000 },
] as const;

export type TimeRange = { preset: string } | { from: string; to: string };

export const defaultRange = { preset: '24h' } satisfies TimeRange;

/** Resolves a range to ISO instants; presets count back from `now`. */
export function resolveRange(range: TimeRange, now: number): { from: string; to: string } {
  if ('from' in range) return range;
  const preset = rangePresets.find((candidate) => candidate.key === range.preset) ?? rangePresets[3];
  return { from: new Date(now - preset.milliseconds).toISOString(), to: new Date(now).toISOString() };
}

export function describeRange(range: TimeRange): string {
  if ('from' in range) return `${new Date(range.from).toLocaleString()} – ${new Date(range.to).toLocaleString()}`;
  return rangePresets.find((candidate) => candidate.key === range.preset)?.label ?? range.preset;
}
