// metrics.timeseries for the dashboard's range and filters, turned into chart series once per response.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ChartSeries } from '../../../charts/chart-series.ts';
import { useProjectScope } from '../../../lib/session.ts';
import { type SpanFilters, toSearchInput } from '../../../lib/span-filters.ts';
import type { Timeseries } from '../../../lib/api-types.ts';
import { api } from '../../../lib/trpc.ts';

type Point = Timeseries['points'][number];

function seriesOf(points: Point[], name: string, value: (point: Point) => number | null): ChartSeries {
  return { name, points: points.map((point) => [point.bucket, value(point)]) };
}

/** One line per score name, with a point for every bucket (gaps stay gaps). */
function scoreSeries(data: Timeseries): ChartSeries[] {
  const names = [...new Set(data.scores.map((score) => score.name))].sort();
  return names.map((name) => {
    const averages = new Map(data.scores.filter((score) => score.name === name).map((score) => [score.bucket, score.average]));
    return { name, points: data.points.map((point): [string, number | null] => [point.bucket, averages.get(point.bucket) ?? null]) };
  });
}

export function useTimeseries(filters: SpanFilters, now: number) {
  const scope = useProjectScope();
  const { order: _order, sortBy: _sortBy, ...input } = toSearchInput(filters, now);
  const query = useQuery({ queryKey: ['metrics.timeseries', scope, input], queryFn: () => api.metrics.timeseries.query(input) });
  const charts = useMemo(() => {
    const data = query.data;
    if (!data) return null;
    const points = data.points;
    const sum = (value: (point: Point) => number) => points.reduce((total, point) => total + value(point), 0);
    const requests = sum((point) => point.requests);
    const errors = sum((point) => point.errors);
    return {
      bucketSeconds: data.bucketSeconds,
      totals: {
        requests,
        errorRate: requests > 0 ? errors / requests : null,
        inputTokens: sum((point) => point.inputTokens),
        outputTokens: sum((point) => point.outputTokens),
        costUsd: sum((point) => point.costUsd),
      },
      requests: [seriesOf(points, 'ok', (point) => point.requests - point.errors), { ...seriesOf(points, 'errors', (point) => point.errors), color: '#dc2626' }],
      errorRate: [{ ...seriesOf(points, 'error rate', (point) => point.errorRate), color: '#dc2626' }],
      latency: [
        seriesOf(points, 'p50', (point) => point.latencyP50),
        seriesOf(points, 'p95', (point) => point.latencyP95),
        seriesOf(points, 'p99', (point) => point.latencyP99),
      ],
      ttft: [seriesOf(points, 'p50', (point) => point.ttftP50), seriesOf(points, 'p95', (point) => point.ttftP95)],
      tokens: [seriesOf(points, 'input', (point) => point.inputTokens), seriesOf(points, 'output', (point) => point.outputTokens)],
      cost: [seriesOf(points, 'cost', (point) => point.costUsd)],
      scores: scoreSeries(data),
    };
  }, [query.data]);
  return { query, charts };
}
