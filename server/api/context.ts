// Request context for tRPC procedures: the store and who is calling, resolved by the HTTP layer.
import type { EvalEngines } from '../eval/evaluate-spans.ts';
import type { EvalQueue } from '../jobs/eval-queue.ts';
import type { ProxyService } from '../proxy/proxy-service.ts';
import type { Database } from '../store/db.ts';

/** Who presented what: nothing, a bad credential, the admin token (optionally naming a project), or a project key. */
export type Auth =
  | { kind: 'anonymous' }
  | { kind: 'invalid' }
  | { kind: 'admin'; requestedProject: string | null }
  | { kind: 'project'; projectId: string };

/** Evaluation engines (previews, tests on a span) and the queue runs go on. */
export type EvalService = { engines: EvalEngines; queue: EvalQueue };

/** proxy, evals: absent for in-process callers that do not serve them. */
export type Context = { db: Database; auth: Auth; proxy?: ProxyService; evals?: EvalService };

/** Builds a context without HTTP, for tests and in-process callers (`createCaller`). */
export function createContextInner(context: Context): Context {
  return context;
}
