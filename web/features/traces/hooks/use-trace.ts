// A trace's outline (no payloads, so 10,000 spans load fast) and its scores.
import { useQuery } from '@tanstack/react-query';
import { useProjectScope } from '../../../lib/session.ts';
import { api } from '../../../lib/trpc.ts';

export function useTrace(traceId: string) {
  const scope = useProjectScope();
  const outline = useQuery({
    queryKey: ['traces.get', scope, traceId],
    queryFn: () => api.traces.get.query({ traceId, payloads: false }),
    retry: false,
  });
  const scores = useQuery({ queryKey: ['scores.listForTrace', scope, traceId], queryFn: () => api.scores.listForTrace.query({ traceId }) });
  return { outline, scores: scores.data ?? [] };
}
