// Number, duration, cost and time formatting shared by every view.

export function formatDuration(milliseconds: number | null | undefined): string {
  if (milliseconds === null || milliseconds === undefined) return '–';
  if (milliseconds === 0) return '0';
  if (milliseconds < 1) return `${(milliseconds * 1000).toFixed(0)} µs`;
  if (milliseconds < 1000) return `${milliseconds.toFixed(milliseconds < 10 ? 1 : 0)} ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(2)} s`;
  return `${(milliseconds / 60_000).toFixed(1)} min`;
}

export function formatCost(usd: string | number | null | undefined): string {
  if (usd === null || usd === undefined) return '–';
  const value = Number(usd);
  if (value === 0) return '$0';
  if (value >= 1) return `$${value.toFixed(2)}`;
  // Two significant digits for small amounts: $0.0038, $0.000069.
  const decimals = Math.min(Math.max(2, 1 - Math.floor(Math.log10(value))), 10);
  return `$${value.toFixed(decimals)}`;
}

const compactNumber = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return value < 10_000 ? String(value) : compactNumber.format(value);
}

/** Local date and time to the second, or to the millisecond with `precise` (a span's own start). */
export function formatTime(iso: string, precise = false): string {
  const date = new Date(iso);
  return date.toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    ...(precise ? { fractionalSecondDigits: 3 as const } : {}),
    hour12: false,
  });
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '–';
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}
