// The project's evaluators, one evaluator with its versions, and the mutations that save and test definitions.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useProjectScope } from '../../../lib/session.ts';
import { api } from '../../../lib/trpc.ts';

export function useEvaluatorList() {
  const scope = useProjectScope();
  return useQuery({ queryKey: ['evaluators.list', scope], queryFn: () => api.evaluators.list.query() });
}

export function useEvaluator(evaluatorId: string | null) {
  const scope = useProjectScope();
  return useQuery({
    queryKey: ['evaluators.get', scope, evaluatorId],
    queryFn: () => api.evaluators.get.query({ evaluatorId: evaluatorId as string }),
    enabled: evaluatorId !== null,
  });
}

export type Definition = { kind: EvaluatorKind; config: Record<string, unknown> };
export type EvaluatorKind = Parameters<typeof api.evaluators.create.mutate>[0]['kind'];

/** Creates the evaluator, or records the edit as its next version; refreshes the list and the evaluator. */
export function useSaveEvaluator() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { evaluatorId: string | null; name: string; definition: Definition }) =>
      input.evaluatorId
        ? api.evaluators.update.mutate({ evaluatorId: input.evaluatorId, ...input.definition })
        : api.evaluators.create.mutate({ name: input.name, ...input.definition }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['evaluators.list'] });
      void queryClient.invalidateQueries({ queryKey: ['evaluators.get'] });
    },
  });
}

export function useTestEvaluator() {
  return useMutation({
    mutationFn: (input: { evaluatorId: string | null; name: string; definition: Definition }) =>
      api.evaluators.test.mutate({ ...(input.evaluatorId ? { evaluatorId: input.evaluatorId } : {}), name: input.name || 'test', definition: input.definition }),
  });
}
