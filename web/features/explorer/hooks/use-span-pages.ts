// Keyset pages of spans.search for the current filters; the range is resolved once per refresh so pages agree.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useProjectScope } from '../../../lib/session.ts';
import { type SpanFilters, toSearchInput } from '../../../lib/span-filters.ts';
import { api } from '../../../lib/trpc.ts';

export const pageSize = 100;

export function useSpanPages(filters: SpanFilters, now: number) {
  const scope = useProjectScope();
  const input = toSearchInput(filters, now);
  return useInfiniteQuery({
    queryKey: ['spans.search', scope, input],
    queryFn: ({ pageParam }) => api.spans.search.query({ ...input, limit: pageSize, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
