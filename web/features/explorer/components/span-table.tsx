// The compact span table: virtualized rows, time order from the server, other columns sorted over loaded rows.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { formatCost, formatCount, formatDuration, formatTime } from '../../../lib/format.ts';
import type { SpanRow } from '../../../lib/api-types.ts';

type SortKey = 'time' | 'latency' | 'tokens' | 'cost';

const columns: { key: string; label: string; sort?: SortKey; numeric?: boolean }[] = [
  { key: 'time', label: 'Time', sort: 'time' },
  { key: 'name', label: 'Name' },
  { key: 'model', label: 'Model' },
  { key: 'latency', label: 'Latency', sort: 'latency', numeric: true },
  { key: 'tokens', label: 'Tokens', sort: 'tokens', numeric: true },
  { key: 'cost', label: 'Cost', sort: 'cost', numeric: true },
  { key: 'status', label: 'Status' },
  { key: 'user', label: 'User' },
  { key: 'session', label: 'Session' },
  { key: 'input', label: 'Input' },
];

const sortValue: Record<Exclude<SortKey, 'time'>, (row: SpanRow) => number> = {
  latency: (row) => row.durationMs ?? 0,
  tokens: (row) => row.totalTokens ?? -1,
  cost: (row) => (row.costUsd === null ? -1 : Number(row.costUsd)),
};

const rowHeight = 36;

type Props = { rows: SpanRow[]; order: 'asc' | 'desc'; loading: boolean; onOrderChange: (order: 'asc' | 'desc') => void };

export function SpanTable({ rows, order, loading, onOrderChange }: Props) {
  const [sort, setSort] = useState<{ key: Exclude<SortKey, 'time'>; descending: boolean } | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const value = sortValue[sort.key];
    return [...rows].sort((left, right) => (sort.descending ? value(right) - value(left) : value(left) - value(right)));
  }, [rows, sort]);
  const virtualizer = useVirtualizer({ count: sorted.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 12 });

  const clickHeader = (key: SortKey) => {
    if (key === 'time') {
      setSort(null);
      onOrderChange(sort === null && order === 'desc' ? 'asc' : 'desc');
      return;
    }
    setSort(sort?.key === key ? { key, descending: !sort.descending } : { key, descending: true });
  };
  const indicator = (key: SortKey) => {
    if (key === 'time') return sort === null ? (order === 'desc' ? ' ↓' : ' ↑') : '';
    return sort?.key === key ? (sort.descending ? ' ↓' : ' ↑') : '';
  };

  return (
    <div className="span-table" role="table" aria-label="Spans" aria-rowcount={sorted.length + 1}>
      <div className="span-row header" role="row">
        {columns.map((column) => (
          <div key={column.key} role="columnheader" className={column.numeric ? 'numeric' : undefined}>
            {column.sort ? (
              <button type="button" className="sort-button" onClick={() => clickHeader(column.sort as SortKey)}>
                {column.label}
                {indicator(column.sort)}
              </button>
            ) : (
              column.label
            )}
          </div>
        ))}
      </div>
      {sort ? <div className="sort-note muted">Sorted by {sort.key} within the {rows.length} loaded spans; time order comes from the server.</div> : null}
      <div className="span-rows" ref={scroller}>
        {loading ? <div className="empty">Loading spans…</div> : null}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = sorted[item.index] as SpanRow;
            return (
              <Link
                key={`${row.traceId}:${row.spanId}`}
                href={`/traces/${row.traceId}?span=${row.spanId}`}
                className={row.status === 'error' ? 'span-row error-row' : 'span-row'}
                role="row"
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${item.start}px)` }}
              >
                <div role="cell" title={row.startTime}>
                  {formatTime(row.startTime)}
                </div>
                <div role="cell" className="name-cell" title={row.name}>
                  <span className={`kind kind-${row.kind}`}>{row.kind}</span> {row.name}
                </div>
                <div role="cell" title={row.provider ?? undefined}>
                  {row.model ?? '–'}
                </div>
                <div role="cell" className="numeric">
                  {formatDuration(row.durationMs)}
                </div>
                <div role="cell" className="numeric" title={`${row.inputTokens ?? '–'} in / ${row.outputTokens ?? '–'} out`}>
                  {formatCount(row.totalTokens)}
                </div>
                <div role="cell" className="numeric">
                  {formatCost(row.costUsd)}
                </div>
                <div role="cell">
                  <span className={`status status-${row.status}`} title={row.statusMessage ?? undefined}>
                    {row.status}
                  </span>
                </div>
                <div role="cell" className="truncate">
                  {row.userId ?? ''}
                </div>
                <div role="cell" className="truncate">
                  {row.sessionId ?? ''}
                </div>
                <div role="cell" className="truncate muted" title={`${row.inputPreview ?? ''}\n→ ${row.outputPreview ?? ''}`}>
                  {row.inputPreview ?? ''}
                </div>
              </Link>
            );
          })}
        </div>
      </div>
    </div>
  );
}
