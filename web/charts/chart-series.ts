// The data shape every dashboard chart takes, and the options they share.
import type { EChartsCoreOption } from 'echarts/core';

export type ChartSeries = { name: string; points: [string, number | null][]; color?: string };

export type ChartProps = {
  title: string;
  series: ChartSeries[];
  formatValue: (value: number) => string;
};

export const palette = ['#4f46e5', '#0ea5e9', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#ec4899', '#64748b'];

/** A screen-reader summary of what is drawn: per series, how many buckets are above zero, and the peak. */
export function describeChart({ title, series, formatValue }: ChartProps): string {
  const parts = series.map((line) => {
    const values = line.points.map(([, value]) => value).filter((value): value is number => value !== null && value > 0);
    if (values.length === 0) return `${line.name}: nothing above zero`;
    return `${line.name}: ${values.length} of ${line.points.length} buckets above zero, peak ${formatValue(Math.max(...values))}`;
  });
  return `${title}. ${parts.join('; ')}.`;
}

/** Title, axes, tooltip, legend and an aria description (ECharts writes it onto the chart's container). */
export function baseOption({ title, series, formatValue }: ChartProps): EChartsCoreOption {
  return {
    color: palette,
    // Dashboards redraw on every refresh and filter change: draw at once instead of animating in.
    animation: false,
    aria: { enabled: true, label: { description: describeChart({ title, series, formatValue }) } },
    title: { text: title, left: 8, top: 4, textStyle: { fontSize: 13, fontWeight: 600 } },
    grid: { left: 56, right: 16, top: 40, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => (typeof value === 'number' ? formatValue(value) : '–') },
    legend: { show: series.length > 1, top: 4, right: 8, textStyle: { fontSize: 11 } },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatValue(value) }, splitLine: { lineStyle: { color: '#eef0f4' } } },
  };
}
