// Whether the project has ever received a span: an empty project gets the "send your first span" guide.
import { useQuery } from '@tanstack/react-query';
import { useProjectScope } from './session.ts';
import { api } from './trpc.ts';

export function useProjectHasSpans(enabled: boolean): boolean | undefined {
  const scope = useProjectScope();
  const probe = useQuery({
    queryKey: ['spans.any', scope],
    queryFn: () => api.spans.search.query({ from: 0, to: Date.now() + 86_400_000, limit: 1 }),
    enabled,
  });
  return probe.data ? probe.data.spans.length > 0 : undefined;
}
