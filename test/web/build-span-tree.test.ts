import { describe, expect, it } from 'vitest';
import { buildSpanTree, flattenSpanTree } from '../../web/features/traces/hooks/build-span-tree.ts';
import type { TraceSpan } from '../../web/lib/api-types.ts';

const base = 1_700_000_000_000_000_000n;

function span(spanId: string, parentSpanId: string | null, startMs: number, endMs: number): TraceSpan {
  return {
    spanId,
    parentSpanId,
    name: spanId,
    startTimeUnixNano: String(base + BigInt(startMs) * 1_000_000n),
    endTimeUnixNano: String(base + BigInt(endMs) * 1_000_000n),
  } as TraceSpan;
}

describe('span tree for the waterfall', () => {
  const spans = [span('root', null, 0, 1000), span('a', 'root', 10, 400), span('a1', 'a', 20, 300), span('b', 'root', 500, 990)];

  it('lists parents before children, depth first, with offsets from the trace start', () => {
    const tree = buildSpanTree(spans);
    const rows = flattenSpanTree(tree, new Set());
    expect(rows.map((row) => [row.span.spanId, row.depth, row.childCount])).toEqual([
      ['root', 0, 2],
      ['a', 1, 1],
      ['a1', 2, 0],
      ['b', 1, 0],
    ]);
    expect(rows[3]).toMatchObject({ offsetMs: 500, durationMs: 490 });
    expect(tree.totalMs).toBe(1000);
  });

  it('hides the descendants of a collapsed span', () => {
    const rows = flattenSpanTree(buildSpanTree(spans), new Set(['a']));
    expect(rows.map((row) => row.span.spanId)).toEqual(['root', 'a', 'b']);
  });

  it('shows spans whose parent has not arrived as roots, and never loses spans in a parent cycle', () => {
    const odd = [span('orphan', 'missing', 0, 10), span('x', 'y', 5, 6), span('y', 'x', 5, 6), span('self', 'self', 7, 8)];
    const rows = flattenSpanTree(buildSpanTree(odd), new Set());
    expect(rows.map((row) => row.span.spanId).sort()).toEqual(['orphan', 'self', 'x', 'y']);
  });

  it('flattens a 10,000-level chain without overflowing the stack', () => {
    const chain = Array.from({ length: 10_000 }, (_, index) => span(`s${index}`, index === 0 ? null : `s${index - 1}`, index, index + 1));
    const rows = flattenSpanTree(buildSpanTree(chain), new Set());
    expect(rows).toHaveLength(10_000);
    expect(rows.at(-1)?.depth).toBe(9_999);
  });
});
