// The spans a run could not score, with the reason for each (the first 50), linking to the span.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useProjectScope } from '../../../lib/session.ts';
import { api } from '../../../lib/trpc.ts';

export function RunFailures({ runId }: { runId: string }) {
  const scope = useProjectScope();
  const run = useQuery({ queryKey: ['evalRuns.get', scope, runId], queryFn: () => api.evalRuns.get.query({ runId }) });
  if (run.isError) return <p className="error">{run.error.message}</p>;
  if (!run.data) return <p className="muted">Loading failures…</p>;
  return (
    <ul className="run-failures" aria-label="Failed spans">
      {run.data.failures.map((failure) => (
        <li key={`${failure.traceId}/${failure.spanId}`}>
          <Link href={`/traces/${failure.traceId}?span=${failure.spanId}`}>{failure.spanId}</Link>: <span className="status-error">{failure.error}</span>
        </li>
      ))}
    </ul>
  );
}
