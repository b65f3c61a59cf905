// Frequent names, models, providers and tags over the range, offered as suggestions in the filter form.
import { useQuery } from '@tanstack/react-query';
import type { FacetLists } from '../../../components/span-filter-form.tsx';
import { useProjectScope } from '../../../lib/session.ts';
import { type TimeRange, resolveRange } from '../../../lib/time-range.ts';
import { api } from '../../../lib/trpc.ts';

export function useFacets(range: TimeRange, now: number, enabled: boolean): FacetLists | undefined {
  const scope = useProjectScope();
  const resolved = resolveRange(range, now);
  const facets = useQuery({
    queryKey: ['spans.facets', scope, resolved],
    queryFn: () => api.spans.facets.query(resolved),
    staleTime: 60_000,
    enabled,
  });
  if (!facets.data) return undefined;
  const values = (list: { value: string }[]) => list.map((item) => item.value);
  return {
    names: values(facets.data.names),
    models: values(facets.data.models),
    providers: values(facets.data.providers),
    tags: values(facets.data.tags),
  };
}
