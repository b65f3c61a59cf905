// The trace view: summary, waterfall of the span tree, and the selected span's detail (selection kept in the URL).
import { useMemo, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { Fact } from '../../../components/fact.tsx';
import { formatCost, formatCount, formatDuration, formatTime } from '../../../lib/format.ts';
import { buildSpanTree, flattenSpanTree } from '../hooks/build-span-tree.ts';
import { useTrace } from '../hooks/use-trace.ts';
import { ScoreList, SpanDetail } from './span-detail.tsx';
import { Waterfall } from './waterfall.tsx';

export function TracePage({ traceId }: { traceId: string }) {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const { outline, scores } = useTrace(traceId);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const spans = outline.data?.spans;
  const tree = useMemo(() => (spans ? buildSpanTree(spans) : null), [spans]);
  const rows = useMemo(() => (tree ? flattenSpanTree(tree, collapsed) : []), [tree, collapsed]);
  const summary = useMemo(() => {
    if (!spans) return null;
    let cost = 0;
    let priced = false;
    let tokens = 0;
    let errors = 0;
    for (const span of spans) {
      if (span.costUsd !== null) {
        cost += Number(span.costUsd);
        priced = true;
      }
      if (span.kind === 'llm' || span.kind === 'embedding') tokens += span.totalTokens ?? 0;
      if (span.status === 'error') errors++;
    }
    return { cost: priced ? cost : null, tokens, errors };
  }, [spans]);

  if (outline.isPending) return <p className="muted">Loading trace…</p>;
  if (outline.isError) {
    return (
      <div className="error" role="alert">
        <p>{outline.error.message}</p>
        <Link href="/spans">Back to spans</Link>
      </div>
    );
  }
  const selectedSpanId = new URLSearchParams(search).get('span') ?? tree?.roots[0]?.spanId ?? null;
  const root = tree?.roots[0];
  const traceScores = scores.filter((score) => score.spanId === null);

  return (
    <div className="trace-page">
      <header className="trace-header">
        <div>
          <Link href="/spans" className="muted">
            ← Spans
          </Link>
          <h2>{root?.name ?? 'Trace'}</h2>
          <code className="muted">{traceId}</code>
        </div>
        <dl className="trace-summary">
          <Fact label="Started">
            {root ? formatTime(root.startTime) : '–'}
          </Fact>
          <Fact label="Duration">
            {formatDuration(tree?.totalMs)}
          </Fact>
          <Fact label="Spans" testId="trace-span-count">
            {formatCount(spans?.length)}
          </Fact>
          <Fact label="Tokens">
            {formatCount(summary?.tokens)}
          </Fact>
          <Fact label="Cost">
            {formatCost(summary?.cost)}
          </Fact>
          <Fact label="Errors">
            {summary?.errors ?? 0}
          </Fact>
        </dl>
        {traceScores.length > 0 ? (
          <div className="trace-scores">
            <ScoreList scores={traceScores} />
          </div>
        ) : null}
      </header>
      <div className="trace-body">
        <Waterfall
          rows={rows}
          totalMs={tree?.totalMs ?? 1}
          selectedSpanId={selectedSpanId}
          collapsed={collapsed}
          onSelect={(spanId) => navigate(`${location}?span=${spanId}`, { replace: true })}
          onToggle={(spanId) => {
            const next = new Set(collapsed);
            if (next.has(spanId)) next.delete(spanId);
            else next.add(spanId);
            setCollapsed(next);
          }}
        />
        {selectedSpanId ? (
          <SpanDetail
            traceId={traceId}
            spanId={selectedSpanId}
            scores={scores.filter((score) => score.spanId === selectedSpanId)}
          />
        ) : null}
      </div>
    </div>
  );
}
