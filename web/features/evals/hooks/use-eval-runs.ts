// Eval runs: the list (polled every second while one is active), starting a run and cancelling one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SearchInput } from '../../../lib/api-types.ts';
import { useProjectScope } from '../../../lib/session.ts';
import { api } from '../../../lib/trpc.ts';

export function useEvalRuns() {
  const scope = useProjectScope();
  return useQuery({
    queryKey: ['evalRuns.list', scope],
    queryFn: () => api.evalRuns.list.query({ limit: 50 }),
    refetchInterval: (query) => (query.state.data?.some((run) => run.status === 'queued' || run.status === 'running') ? 1000 : false),
  });
}

export type RunRequest = {
  evaluatorId: string;
  filter: SearchInput;
  mode: 'posthoc' | 'continuous';
  samplingRate: number;
  maxSpans?: number | undefined;
};

export function useStartRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RunRequest) => api.evalRuns.create.mutate(request),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['evalRuns.list'] }),
  });
}

export function useCancelRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) => api.evalRuns.cancel.mutate({ runId }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['evalRuns.list'] }),
  });
}
