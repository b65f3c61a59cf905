// Runs the selected evaluator on spans: the span filter (kept in the URL, as in the explorer), posthoc or continuous,
// a sampling rate, a preview on a few sampled spans, then the run itself.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { SpanFilterForm } from '../../../components/span-filter-form.tsx';
import { TimeRangePicker } from '../../../components/time-range-picker.tsx';
import { toSearchInput } from '../../../lib/span-filters.ts';
import { api } from '../../../lib/trpc.ts';
import { useFilters } from '../../../lib/use-filters.ts';
import { useStartRun } from '../hooks/use-eval-runs.ts';

export function RunForm({ evaluatorId }: { evaluatorId: string }) {
  const [filters, setFilters] = useFilters();
  const [mode, setMode] = useState<'posthoc' | 'continuous'>('posthoc');
  const [percent, setPercent] = useState('100');
  const [maxSpans, setMaxSpans] = useState('');
  const start = useStartRun();
  const preview = useMutation({
    mutationFn: () => api.evalRuns.preview.mutate({ evaluatorId, filter: toSearchInput(filters, Date.now()), sample: 5 }),
  });
  const rate = Number(percent) / 100;
  const rateValid = Number.isFinite(rate) && rate > 0 && rate <= 1;
  const error = start.error ?? preview.error;

  return (
    <section className="card run-form" aria-label="Run evaluator">
      <h3>Run on spans</h3>
      <div className="toolbar">
        {mode === 'posthoc' ? <TimeRangePicker range={filters.range} onChange={(range) => setFilters({ ...filters, range })} /> : null}
        <label className="field inline">
          <span>Mode</span>
          <select value={mode} onChange={(event) => setMode(event.target.value as 'posthoc' | 'continuous')}>
            <option value="posthoc">Post hoc: stored spans</option>
            <option value="continuous">Continuous: new spans as they arrive</option>
          </select>
        </label>
        <label className="field inline">
          <span>Sample %</span>
          <input type="number" min={1} max={100} value={percent} onChange={(event) => setPercent(event.target.value)} aria-label="Sampling percent" />
        </label>
        {mode === 'posthoc' ? (
          <label className="field inline">
            <span>At most</span>
            <input type="number" min={1} placeholder="all" value={maxSpans} onChange={(event) => setMaxSpans(event.target.value)} aria-label="Maximum spans" />
          </label>
        ) : null}
      </div>
      <SpanFilterForm
        filters={filters}
        fields={['name', 'model', 'provider', 'userId', 'tags', 'metadata', 'scores', 'latency', 'cost', 'tokens', 'kind', 'status']}
        onApply={setFilters}
      />
      {error ? (
        <p className="error" role="alert">
          {error.message}
        </p>
      ) : null}
      <div className="filter-actions">
        <button type="button" className="button" disabled={preview.isPending} onClick={() => preview.mutate()}>
          {preview.isPending ? 'Previewing…' : 'Preview on 5 sampled spans'}
        </button>
        <button
          type="button"
          className="button primary"
          disabled={!rateValid || start.isPending}
          onClick={() =>
            start.mutate({
              evaluatorId,
              filter: toSearchInput(filters, Date.now()),
              mode,
              samplingRate: rate,
              maxSpans: maxSpans ? Number(maxSpans) : undefined,
            })
          }
        >
          {mode === 'continuous' ? 'Start continuous evaluation' : 'Start run'}
        </button>
        {start.isSuccess ? <span className="muted">Run started</span> : null}
      </div>
      {preview.data ? (
        <section aria-label="Preview">
          <p className="muted">{preview.data.matched === 0 ? 'No spans match.' : `Scored ${preview.data.results.length} of the newest ${preview.data.matched} matching spans:`}</p>
          <ul className="score-list">
            {preview.data.results.map((item) => (
              <li key={item.spanId}>
                <span className="score-name">{item.name}</span>:{' '}
                {item.result?.ok ? item.result.scores.map((score) => `${score.name} = ${String(score.value)}`).join(', ') : <span className="status-error">{item.result?.error}</span>}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
