// The compact span table: virtualized rows; sortable headers change the server-side order (kept in the URL).
// An ARIA table of divs, not <table>: each virtualized row is an absolutely positioned link, which table rows cannot be
// (biome.json turns the semantic-element rules off for this file only).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { Link } from 'wouter';
import { formatCost, formatCount, formatDuration, formatTime } from '../../../lib/format.ts';
import type { SpanRow } from '../../../lib/api-types.ts';
import type { SpanSortKey } from '../../../lib/span-filters.ts';

const columns: { key: string; label: string; sort?: SpanSortKey; numeric?: boolean }[] = [
  { key: 'time', label: 'Time', sort: 'start' },
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

const rowHeight = 36;

type Props = {
  rows: SpanRow[];
  sortBy: SpanSortKey;
  order: 'asc' | 'desc';
  loading: boolean;
  onSortChange: (sortBy: SpanSortKey, order: 'asc' | 'desc') => void;
};

export function SpanTable({ rows, sortBy, order, loading, onSortChange }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 12 });

  /** A new column sorts descending (slowest, costliest, newest first); the same column flips direction. */
  const clickHeader = (key: SpanSortKey) => onSortChange(key, key === sortBy && order === 'desc' ? 'asc' : 'desc');
  const indicator = (key: SpanSortKey) => (key === sortBy ? (order === 'desc' ? ' ↓' : ' ↑') : '');

  return (
    <div className="span-table" role="table" aria-label="Spans" aria-rowcount={rows.length + 1}>
      <div className="span-row header" role="row">
        {columns.map((column) => (
          <div
            key={column.key}
            role="columnheader"
            className={column.numeric ? 'numeric' : undefined}
            aria-sort={column.sort === sortBy ? (order === 'desc' ? 'descending' : 'ascending') : undefined}
          >
            {column.sort ? (
              <button type="button" className="sort-button" onClick={() => clickHeader(column.sort as SpanSortKey)}>
                {column.label}
                {indicator(column.sort)}
              </button>
            ) : (
              column.label
            )}
          </div>
        ))}
      </div>
      <div className="span-rows" ref={scroller}>
        {loading ? <div className="empty">Loading spans…</div> : null}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index] as SpanRow;
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
