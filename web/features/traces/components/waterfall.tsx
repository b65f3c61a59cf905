// The trace waterfall: span tree on the left, timeline bars on the right, virtualized for very large traces.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { formatCost, formatDuration } from '../../../lib/format.ts';
import type { TreeRow } from '../hooks/build-span-tree.ts';

const rowHeight = 28;
const indentPixels = 14;

type Props = {
  rows: TreeRow[];
  totalMs: number;
  selectedSpanId: string | null;
  collapsed: ReadonlySet<string>;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string) => void;
};

/** Duration labels go after the bar, inside it when it reaches the right edge, or before it when it is too thin. */
function labelPlacement(left: number, width: number): 'after' | 'inside' | 'before' {
  if (left + width <= 75) return 'after';
  return width >= 15 ? 'inside' : 'before';
}

function labelPosition(left: number, width: number) {
  const placement = labelPlacement(left, width);
  if (placement === 'after') return { left: `${left + width}%` };
  return { right: `${placement === 'inside' ? 100 - left - width : 100 - left}%` };
}

function tickLabels(totalMs: number): string[] {
  return [0, 0.25, 0.5, 0.75, 1].map((fraction) => formatDuration(totalMs * fraction));
}

export function Waterfall({ rows, totalMs, selectedSpanId, collapsed, onSelect, onToggle }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 20 });

  return (
    <div className="waterfall" role="tree" aria-label="Trace waterfall">
      <div className="waterfall-header">
        <div className="waterfall-name">Span</div>
        <div className="waterfall-axis">
          {tickLabels(totalMs).map((label, index) => (
            <span key={label + String(index)} style={{ left: `${index * 25}%` }}>
              {label}
            </span>
          ))}
        </div>
      </div>
      <div className="waterfall-rows" ref={scroller}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index] as TreeRow;
            const { span } = row;
            const left = (row.offsetMs / totalMs) * 100;
            const width = Math.max((row.durationMs / totalMs) * 100, 0.2);
            const selected = span.spanId === selectedSpanId;
            return (
              <div
                key={span.spanId}
                role="treeitem"
                aria-level={row.depth + 1}
                aria-selected={selected}
                aria-expanded={row.childCount > 0 ? !collapsed.has(span.spanId) : undefined}
                data-span-id={span.spanId}
                className={`waterfall-row${selected ? ' selected' : ''}${span.status === 'error' ? ' error-row' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(span.spanId)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') onSelect(span.spanId);
                }}
                tabIndex={0}
              >
                <div className="waterfall-name" style={{ paddingLeft: row.depth * indentPixels }}>
                  {row.childCount > 0 ? (
                    <button
                      type="button"
                      className="toggle"
                      aria-label={collapsed.has(span.spanId) ? 'Expand' : 'Collapse'}
                      onClick={(event) => {
                        event.stopPropagation();
                        onToggle(span.spanId);
                      }}
                    >
                      {collapsed.has(span.spanId) ? '▸' : '▾'}
                    </button>
                  ) : (
                    <span className="toggle-spacer" />
                  )}
                  <span className={`kind kind-${span.kind}`}>{span.kind}</span>
                  <span className="truncate" title={span.name}>
                    {span.name}
                  </span>
                  {span.model ? <span className="muted truncate">{span.model}</span> : null}
                </div>
                <div className="waterfall-track">
                  <div className={`waterfall-bar kind-bar-${span.kind}`} style={{ left: `${left}%`, width: `${width}%` }} />
                  <span className={`waterfall-label ${labelPlacement(left, width)}`} style={labelPosition(left, width)}>
                    {formatDuration(row.durationMs)}
                    {span.costUsd !== null ? ` · ${formatCost(span.costUsd)}` : ''}
                  </span>
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
