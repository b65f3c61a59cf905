// The current page's span filters, read from and written to the URL query string.
import { useCallback, useMemo } from 'react';
import { useLocation, useSearch } from 'wouter';
import { type SpanFilters, formatFilters, parseFilters } from './span-filters.ts';

export function useFilters(): [SpanFilters, (next: SpanFilters) => void] {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const filters = useMemo(() => parseFilters(search), [search]);
  const setFilters = useCallback(
    (next: SpanFilters) => {
      const query = formatFilters(next);
      navigate(query ? `${location}?${query}` : location);
    },
    [location, navigate],
  );
  return [filters, setFilters];
}
