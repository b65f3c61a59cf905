// The dashboard: totals and time-series charts (requests, errors, latency, TTFT, tokens, cost, scores) for a range.
import { useState } from 'react';
import { BarChart } from '../../../charts/bar-chart.tsx';
import { LineChart } from '../../../charts/line-chart.tsx';
import { Fact } from '../../../components/fact.tsx';
import { GettingStarted } from '../../../components/empty-state.tsx';
import { SpanFilterForm } from '../../../components/span-filter-form.tsx';
import { TimeRangePicker } from '../../../components/time-range-picker.tsx';
import { formatCost, formatCount, formatDuration, formatPercent } from '../../../lib/format.ts';
import { useSession } from '../../../lib/session.ts';
import { useFilters } from '../../../lib/use-filters.ts';
import { useProjectHasSpans } from '../../../lib/use-project-has-spans.ts';
import { useTimeseries } from '../hooks/use-timeseries.ts';

const formatRate = (value: number) => formatPercent(value);
const formatTokens = (value: number) => formatCount(Math.round(value));
const formatUsd = (value: number) => formatCost(value);

function describeBucket(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  return `${seconds / 60} min`;
}

export function DashboardPage() {
  const session = useSession();
  const [filters, setFilters] = useFilters();
  const [now, setNow] = useState(() => Date.now());
  const { query, charts } = useTimeseries(filters, now);
  const empty = charts !== null && charts.totals.requests === 0;
  const hasSpans = useProjectHasSpans(empty);

  return (
    <div className="dashboard">
      <div className="toolbar">
        <TimeRangePicker
          range={filters.range}
          onChange={(range) => {
            setNow(Date.now());
            setFilters({ ...filters, range });
          }}
        />
        <button type="button" className="button subtle" onClick={() => setNow(Date.now())}>
          Refresh
        </button>
        {charts ? <span className="muted">Bucket: {describeBucket(charts.bucketSeconds)}</span> : null}
      </div>
      <SpanFilterForm filters={filters} fields={['model', 'provider', 'userId', 'tags']} onApply={setFilters} />
      {query.isError ? (
        <p className="error" role="alert">
          {query.error.message}
        </p>
      ) : null}
      {query.isPending ? <p className="muted">Loading metrics…</p> : null}
      {empty && hasSpans === false ? <GettingStarted session={session} /> : null}
      {charts && !(empty && hasSpans === false) ? (
        <>
          <dl className="totals" aria-label="Totals">
            <Fact label="Requests" testId="total-requests">
              {formatCount(charts.totals.requests)}
            </Fact>
            <Fact label="Error rate">
              {formatPercent(charts.totals.errorRate)}
            </Fact>
            <Fact label="Input tokens">
              {formatCount(charts.totals.inputTokens)}
            </Fact>
            <Fact label="Output tokens">
              {formatCount(charts.totals.outputTokens)}
            </Fact>
            <Fact label="Cost">
              {formatCost(charts.totals.costUsd)}
            </Fact>
          </dl>
          <div className="chart-grid">
            <BarChart title="Requests" series={charts.requests} formatValue={formatTokens} />
            <LineChart title="Error rate" series={charts.errorRate} formatValue={formatRate} />
            <LineChart title="Latency" series={charts.latency} formatValue={formatDuration} />
            <LineChart title="Time to first token" series={charts.ttft} formatValue={formatDuration} />
            <BarChart title="Tokens" series={charts.tokens} formatValue={formatTokens} />
            <BarChart title="Cost (USD)" series={charts.cost} formatValue={formatUsd} />
            {charts.scores.length > 0 ? (
              <LineChart title="Eval scores (average)" series={charts.scores} formatValue={formatScore} />
            ) : (
              <div className="chart chart-empty muted">No eval scores in this range.</div>
            )}
          </div>
        </>
      ) : null}
    </div>
  );
}

function formatScore(value: number): string {
  return String(Number(value.toFixed(3)));
}
