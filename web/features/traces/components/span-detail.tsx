// One span in full: facts, scores, input/output as chat, cost provenance, metadata, attributes, events, mapping.
import { useQuery } from '@tanstack/react-query';
import { Fact } from '../../../components/fact.tsx';
import { formatCost, formatCount, formatDuration, formatTime } from '../../../lib/format.ts';
import { useProjectScope } from '../../../lib/session.ts';
import type { Score } from '../../../lib/api-types.ts';
import { api } from '../../../lib/trpc.ts';
import { PayloadView } from './payload-view.tsx';

function JsonBlock({ title, value, open = false }: { title: string; value: unknown; open?: boolean }) {
  const empty = value === null || value === undefined || (typeof value === 'object' && Object.keys(value as object).length === 0);
  return (
    <details className="json-block" open={open && !empty}>
      <summary>
        {title}
        {empty ? <span className="muted"> (empty)</span> : null}
      </summary>
      {empty ? null : <pre>{JSON.stringify(value, null, 2)}</pre>}
    </details>
  );
}

function scoreValue(score: Score): string {
  if (score.dataType === 'categorical') return score.stringValue ?? '';
  if (score.dataType === 'boolean') return score.numericValue === 1 ? 'true' : 'false';
  return String(Number(score.numericValue?.toFixed(4)));
}

export function ScoreList({ scores }: { scores: Score[] }) {
  if (scores.length === 0) return <p className="muted">No scores.</p>;
  return (
    <ul className="score-list" aria-label="Scores">
      {scores.map((score) => (
        <li key={score.id} title={score.comment ?? undefined}>
          <span className="score-name">{score.name}</span> <strong>{scoreValue(score)}</strong>
          <span className="muted"> · {score.source}</span>
          {score.comment ? <div className="muted score-comment">{score.comment}</div> : null}
        </li>
      ))}
    </ul>
  );
}

export function SpanDetail({ traceId, spanId, scores }: { traceId: string; spanId: string; scores: Score[] }) {
  const scope = useProjectScope();
  const detail = useQuery({ queryKey: ['spans.get', scope, traceId, spanId], queryFn: () => api.spans.get.query({ traceId, spanId }) });
  if (detail.isPending) return <div className="span-detail muted">Loading span…</div>;
  if (detail.isError) {
    return (
      <div className="span-detail error" role="alert">
        {detail.error.message}
      </div>
    );
  }
  const span = detail.data;
  const tokens = [
    `${formatCount(span.inputTokens)} in`,
    `${formatCount(span.outputTokens)} out`,
    span.cacheReadTokens ? `${formatCount(span.cacheReadTokens)} cached` : null,
    span.reasoningTokens ? `${formatCount(span.reasoningTokens)} reasoning` : null,
  ].filter(Boolean);
  return (
    <section className="span-detail" aria-label="Span detail">
      <header className="span-detail-header">
        <h3>
          <span className={`kind kind-${span.kind}`}>{span.kind}</span> {span.name}
        </h3>
        <span className={`status status-${span.status}`}>{span.status}</span>
      </header>
      {span.statusMessage ? (
        <p className="error" role="note">
          {span.statusMessage}
        </p>
      ) : null}
      <dl className="facts">
        <Fact label="Start">
          <time dateTime={span.startTime} title={span.startTime}>
            {formatTime(span.startTime, true)}
          </time>
        </Fact>
        <Fact label="Duration">{formatDuration(span.durationMs)}</Fact>
        {span.ttftMs !== null ? <Fact label="Time to first token">{formatDuration(span.ttftMs)}</Fact> : null}
        <Fact label="Model">{span.model ?? '–'}</Fact>
        <Fact label="Provider">{span.provider ?? '–'}</Fact>
        <Fact label="Tokens">{span.totalTokens === null ? '–' : tokens.join(' · ')}</Fact>
        <Fact label="Cost">{span.costUsd === null ? 'unknown (no price for this model or no usage)' : formatCost(span.costUsd)}</Fact>
        <Fact label="User">{span.userId ?? '–'}</Fact>
        <Fact label="Session">{span.sessionId ?? '–'}</Fact>
        <Fact label="Tags">{span.tags.length > 0 ? span.tags.join(', ') : '–'}</Fact>
        <Fact label="Source">{span.source}</Fact>
        <Fact label="Mapped by">{span.convention ?? 'no convention matched'}</Fact>
        <Fact label="Span ID">
          <code>{span.spanId}</code>
        </Fact>
      </dl>
      <section aria-label="Span scores">
        <h4>Scores</h4>
        <ScoreList scores={scores} />
      </section>
      <PayloadView label="Input" value={span.input} />
      <PayloadView label="Output" value={span.output} />
      {span.unmappedAttributes.length > 0 ? (
        <section aria-label="Unmapped attributes">
          <h4>Attributes no mapper used</h4>
          <ul className="tag-list">
            {span.unmappedAttributes.map((name) => (
              <li key={name}>
                <code>{name}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <JsonBlock title="Cost provenance" value={span.costProvenance} />
      <JsonBlock title="Metadata" value={span.metadata} open />
      <JsonBlock title={`Attributes (${Object.keys(span.attributes as object).length})`} value={span.attributes} />
      <JsonBlock title={`Events (${(span.events as unknown[]).length})`} value={span.events} />
      <JsonBlock title="Links" value={span.links} />
      <JsonBlock title="Resource" value={span.resource} />
      <JsonBlock title="Scope" value={span.scope} />
    </section>
  );
}
