// A time-series line chart (latency percentiles, error rate, scores).
import { useMemo } from 'react';
import { type ChartProps, baseOption } from './chart-series.ts';
import { useECharts } from './use-echarts.ts';

export function LineChart({ title, series: lines, formatValue }: ChartProps) {
  const option = useMemo(
    () => ({
      ...baseOption({ title, series: lines, formatValue }),
      series: lines.map((series) => ({
        name: series.name,
        type: 'line',
        data: series.points,
        showSymbol: false,
        connectNulls: false,
        lineStyle: { width: 1.5 },
        ...(series.color ? { color: series.color } : {}),
      })),
    }),
    [title, lines, formatValue],
  );
  const element = useECharts(option);
  return <div className="chart" ref={element} data-chart={title} />;
}
