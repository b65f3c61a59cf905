// What "Test on a sample span" returned: the span it used, its scores (or why none), and what the code printed.
import { Link } from 'wouter';
import type { api } from '../../../lib/trpc.ts';

type TestOutcome = Awaited<ReturnType<typeof api.evaluators.test.mutate>>;

export function TestResult({ outcome }: { outcome: TestOutcome }) {
  const { result, span } = outcome;
  return (
    <section className="test-result" aria-label="Test result">
      <p className="muted">
        On span <Link href={`/traces/${span.traceId}?span=${span.spanId}`}>{span.name}</Link>
      </p>
      {result?.ok ? (
        <ul className="score-list">
          {result.scores.map((score) => (
            <li key={score.name}>
              <span className="score-name">{score.name}</span>: <code>{String(score.value)}</code>
              {score.comment ? <span className="muted"> — {score.comment}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="error" role="alert">
          {result?.error}
        </p>
      )}
      {result && result.logs.length > 0 ? (
        <>
          <h4>Printed</h4>
          <pre>{result.logs.join('\n')}</pre>
        </>
      ) : null}
    </section>
  );
}
