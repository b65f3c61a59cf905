// A stacked time-series bar chart (requests and errors, tokens, cost).
import { useMemo } from 'react';
import { type ChartProps, baseOption } from './chart-series.ts';
import { useECharts } from './use-echarts.ts';

export function BarChart({ title, series: bars, formatValue }: ChartProps) {
  const option = useMemo(
    () => ({
      ...baseOption({ title, series: bars, formatValue }),
      series: bars.map((series) => ({ name: series.name, type: 'bar', stack: 'total', data: series.points, barMaxWidth: 18, ...(series.color ? { color: series.color } : {}) })),
    }),
    [title, bars, formatValue],
  );
  const element = useECharts(option);
  return <div className="chart" ref={element} data-chart={title} />;
}
