// Turns a trace's flat span list into a depth-first row list for the waterfall, honouring collapsed spans.
import type { TraceSpan } from '../../../lib/api-types.ts';

export type TreeRow = {
  span: TraceSpan;
  depth: number;
  childCount: number;
  /** Offset from the trace's first start, and duration, in milliseconds. */
  offsetMs: number;
  durationMs: number;
};

export type SpanTree = {
  roots: TraceSpan[];
  children: Map<string, TraceSpan[]>;
  startNano: bigint;
  totalMs: number;
};

/** Parents before children; a span whose parent is not in the trace (still arriving, or dropped) becomes a root. */
export function buildSpanTree(spans: TraceSpan[]): SpanTree {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  let startNano: bigint | null = null;
  let endNano: bigint | null = null;
  for (const span of spans) {
    const start = BigInt(span.startTimeUnixNano);
    const end = BigInt(span.endTimeUnixNano);
    if (startNano === null || start < startNano) startNano = start;
    if (endNano === null || end > endNano) endNano = end;
    if (span.parentSpanId && ids.has(span.parentSpanId) && span.parentSpanId !== span.spanId) {
      const siblings = children.get(span.parentSpanId);
      if (siblings) siblings.push(span);
      else children.set(span.parentSpanId, [span]);
    } else {
      roots.push(span);
    }
  }
  adoptUnreachable(spans, roots, children);
  const first = startNano ?? 0n;
  return { roots, children, startNano: first, totalMs: Math.max(Number((endNano ?? first) - first) / 1e6, 0.001) };
}

/** Spans in a parent cycle are reachable from no root; show them as roots rather than lose them. */
function adoptUnreachable(spans: TraceSpan[], roots: TraceSpan[], children: Map<string, TraceSpan[]>): void {
  const reached = new Set<string>();
  const pending = [...roots];
  const visit = () => {
    while (pending.length > 0) {
      const span = pending.pop() as TraceSpan;
      if (reached.has(span.spanId)) continue;
      reached.add(span.spanId);
      pending.push(...(children.get(span.spanId) ?? []));
    }
  };
  visit();
  for (const span of spans) {
    if (reached.has(span.spanId)) continue;
    roots.push(span);
    pending.push(span);
    visit();
  }
}

/** Visible rows in depth-first order (spans arrive sorted by start, so siblings are too); iterative for deep traces. */
export function flattenSpanTree(tree: SpanTree, collapsed: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const visited = new Set<string>();
  const stack: { span: TraceSpan; depth: number }[] = tree.roots.map((span) => ({ span, depth: 0 })).reverse();
  while (stack.length > 0) {
    const { span, depth } = stack.pop() as { span: TraceSpan; depth: number };
    if (visited.has(span.spanId)) continue;
    visited.add(span.spanId);
    const kids = tree.children.get(span.spanId) ?? [];
    rows.push({
      span,
      depth,
      childCount: kids.length,
      offsetMs: Number(BigInt(span.startTimeUnixNano) - tree.startNano) / 1e6,
      durationMs: Number(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)) / 1e6,
    });
    if (collapsed.has(span.spanId)) continue;
    for (let index = kids.length - 1; index >= 0; index--) stack.push({ span: kids[index] as TraceSpan, depth: depth + 1 });
  }
  return rows;
}
