// Runs, newest first: evaluator and version, mode, status (failed with its reason), a progress bar, counts, cancel.
import { Fragment, useState } from 'react';
import { formatTime } from '../../../lib/format.ts';
import { useCancelRun, useEvalRuns } from '../hooks/use-eval-runs.ts';
import { RunFailures } from './run-failures.tsx';

export function RunList() {
  const runs = useEvalRuns();
  const cancel = useCancelRun();
  const [expanded, setExpanded] = useState<string | null>(null);
  if (runs.isError) return <p className="error">{runs.error.message}</p>;
  if (!runs.data) return <p className="muted">Loading runs…</p>;
  if (runs.data.length === 0) return <p className="muted">No runs yet: pick an evaluator and run it on spans.</p>;
  return (
    <table className="run-table" aria-label="Eval runs">
      <thead>
        <tr>
          <th>Started</th>
          <th>Evaluator</th>
          <th>Mode</th>
          <th>Status</th>
          <th>Progress</th>
          <th className="numeric">Scored</th>
          <th className="numeric">Failed</th>
          <th className="numeric">Skipped</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {runs.data.map((run) => {
          const processed = run.scored + run.failed + run.skipped;
          const ratio = run.total === 0 ? (run.status === 'done' ? 1 : 0) : processed / run.total;
          const active = run.status === 'queued' || run.status === 'running';
          return (
            <Fragment key={run.id}>
              <tr data-status={run.status}>
                <td>{formatTime(new Date(run.createdAt).toISOString())}</td>
                <td>
                  {run.evaluatorName} <span className="muted">v{run.version}</span>
                </td>
                <td>{run.mode === 'continuous' ? `continuous · ${Math.round(run.samplingRate * 100)}%` : 'posthoc'}</td>
                <td>
                  <span className={`run-status run-status-${run.status}`}>{run.status}</span>
                  {run.error ? <div className="run-error">{run.error}</div> : null}
                </td>
                <td>
                  <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={run.total} aria-valuenow={processed}>
                    <div className="progress-bar" style={{ width: `${Math.round(ratio * 100)}%` }} />
                  </div>
                  <span className="muted">
                    {processed} / {run.total}
                  </span>
                </td>
                <td className="numeric">{run.scored}</td>
                <td className="numeric">
                  {run.failed > 0 ? (
                    <button type="button" className="link-button" aria-expanded={expanded === run.id} onClick={() => setExpanded(expanded === run.id ? null : run.id)}>
                      {run.failed}
                    </button>
                  ) : (
                    0
                  )}
                </td>
                <td className="numeric">{run.skipped}</td>
                <td>
                  {active ? (
                    <button type="button" className="button subtle" disabled={cancel.isPending} onClick={() => cancel.mutate(run.id)}>
                      {run.mode === 'continuous' ? 'Stop' : 'Cancel'}
                    </button>
                  ) : null}
                </td>
              </tr>
              {expanded === run.id ? (
                <tr>
                  <td colSpan={9}>
                    <RunFailures runId={run.id} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
