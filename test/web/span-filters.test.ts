import { describe, expect, it } from 'vitest';
import { clearFilters, countActiveFilters, formatFilters, parseFilters, parseScoreCondition, toSearchInput } from '../../web/lib/span-filters.ts';

describe('span filters in the URL', () => {
  it('round-trips every filter through the query string', () => {
    const query =
      'from=2026-11-01T00%3A00%3A00.000Z&to=2026-11-02T00%3A00%3A00.000Z&q=refund&name=chat&user=ada&session=s1&trace=4bf92f3577b34da6a3ce929d0e0e4736' +
      '&kind=llm&kind=tool&model=gpt-4o&provider=openai&status=error&tag=beta&tag=eu&meta=region%3Deu&minLatency=100&maxLatency=2000' +
      '&minCost=0.001&maxCost=1&minTokens=10&maxTokens=5000&score=quality%3C0.5&order=asc';
    const filters = parseFilters(query);
    expect(filters).toMatchObject({
      range: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' },
      text: 'refund',
      kind: ['llm', 'tool'],
      tags: ['beta', 'eu'],
      metadata: ['region=eu'],
      scores: ['quality<0.5'],
      minCostUsd: 0.001,
      order: 'asc',
    });
    expect(parseFilters(formatFilters(filters))).toEqual(filters);
    expect(countActiveFilters(filters)).toBe(18);
  });

  it('defaults to the last 24 hours, newest first, and leaves defaults out of the URL', () => {
    const filters = parseFilters('');
    expect(filters.range).toEqual({ preset: '24h' });
    expect(formatFilters(filters)).toBe('');
    expect(formatFilters({ ...filters, range: { preset: '7d' } })).toBe('range=7d');
  });

  it('ignores numbers that are not numbers instead of sending NaN', () => {
    expect(parseFilters('minLatency=fast&maxCost=').minLatencyMs).toBeUndefined();
  });

  it('builds the spans.search input with the range resolved against now', () => {
    const now = Date.parse('2026-11-25T12:00:00.000Z');
    const input = toSearchInput(parseFilters('range=1h&model=gpt-4o&meta=region%3Deu&meta=tier%3Dgold%3Dplus'), now);
    expect(input).toMatchObject({
      from: '2026-11-25T11:00:00.000Z',
      to: '2026-11-25T12:00:00.000Z',
      model: ['gpt-4o'],
      metadata: { region: 'eu', tier: 'gold=plus' },
      kind: undefined,
    });
  });

  it('reads score conditions as typed: a name, or a name compared with a number, boolean or category', () => {
    expect(parseScoreCondition('quality')).toEqual({ name: 'quality' });
    expect(parseScoreCondition(' quality < 0.5 ')).toEqual({ name: 'quality', op: '<', value: 0.5 });
    expect(parseScoreCondition('latency ok>=1')).toEqual({ name: 'latency ok', op: '>=', value: 1 });
    expect(parseScoreCondition('resolved=false')).toEqual({ name: 'resolved', op: '=', value: false });
    expect(parseScoreCondition('quality=1')).toEqual({ name: 'quality', op: '=', value: 1 });
    expect(parseScoreCondition('tone=very rude')).toEqual({ name: 'tone', op: '=', value: 'very rude' });
    for (const bad of ['', '<0.5', 'quality<high', 'quality=', 'quality>']) expect(parseScoreCondition(bad), bad).toBeNull();
    const input = toSearchInput(parseFilters('score=quality%3C0.5&score=resolved%3Dtrue&score=%3Cbroken'), Date.now());
    expect(input.scores).toEqual([
      { name: 'quality', op: '<', value: 0.5 },
      { name: 'resolved', op: '=', value: true },
    ]);
  });

  it('clears filters but keeps the range, order and text search', () => {
    const cleared = clearFilters(parseFilters('range=7d&q=hello&model=gpt-4o&minTokens=5&order=asc'));
    expect(formatFilters(cleared)).toBe('range=7d&q=hello&order=asc');
  });
});
