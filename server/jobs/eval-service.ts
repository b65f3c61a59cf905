// Starts evaluation for one process: the shared engines plus the queue (with workers, or enqueue-only); stops both.
import type { EvalService } from '../api/context.ts';
import { type OwnedEngines, createEvalEngines } from '../eval/engines.ts';
import type { Store } from '../store/db.ts';
import { type EvalQueueOptions, startEvalQueue } from './eval-queue.ts';

export type RunningEvalService = EvalService & { close: () => Promise<void> };

export async function startEvalService(
  options: { store: Store } & Omit<EvalQueueOptions, 'engines' | 'store' | 'work'> & {
    work?: boolean;
    /** Engines to use instead of the default sandboxes (closed with the service). */
    engines?: OwnedEngines;
  },
): Promise<RunningEvalService> {
  const { engines: given, work = true, ...queueOptions } = options;
  const engines = given ?? createEvalEngines();
  try {
    const queue = await startEvalQueue({ ...queueOptions, engines, work });
    return {
      engines,
      queue,
      close: async () => {
        await queue.close();
        await engines.close();
      },
    };
  } catch (error) {
    await engines.close();
    throw error;
  }
}
