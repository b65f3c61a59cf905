import { describe, expect, it } from 'vitest';
import { fromDraft, toDraft, validateDraft } from '../../web/lib/filter-draft.ts';
import { parseFilters } from '../../web/lib/span-filters.ts';

describe('filter form draft', () => {
  it('turns comma-separated text into lists and blank fields into no filter', () => {
    const base = parseFilters('range=7d');
    const draft = { ...toDraft(base), model: 'gpt-4o, claude-3-5-haiku ,', tags: 'beta', minLatencyMs: '250', userId: '  ' };
    expect(fromDraft(draft, base)).toMatchObject({ range: { preset: '7d' }, model: ['gpt-4o', 'claude-3-5-haiku'], tags: ['beta'], minLatencyMs: 250, userId: undefined });
  });

  it('shows the current filters as text', () => {
    const draft = toDraft(parseFilters('model=a&model=b&kind=llm&kind=tool&maxCost=0.5'));
    expect(draft).toMatchObject({ model: 'a, b', kind: 'llm,tool', maxCostUsd: '0.5', minCostUsd: '' });
  });

  it('names the field of every problem', () => {
    const draft = {
      ...toDraft(parseFilters('')),
      minLatencyMs: 'fast',
      minTokens: '500',
      maxTokens: '10',
      traceId: 'abc',
      metadata: 'region=eu, nonsense',
      scores: 'quality<0.5, quality<high',
    };
    expect(validateDraft(draft)).toEqual([
      'Latency: "fast" is not a non-negative number',
      'Tokens: the minimum is above the maximum',
      'Trace ID: must be 32 hexadecimal characters',
      'Metadata: "nonsense" is not key=value',
      'Scores: "quality<high" is not name, name=value or name<number (also <=, >, >=)',
    ]);
    expect(validateDraft(toDraft(parseFilters('')))).toEqual([]);
  });
});
