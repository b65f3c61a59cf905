// The AppRouter: every tRPC namespace mounted at /trpc.
import { evalRunsRouter } from './routers/eval-runs.ts';
import { evaluatorsRouter } from './routers/evaluators.ts';
import { importsRouter } from './routers/imports.ts';
import { keysRouter } from './routers/keys.ts';
import { metricsRouter } from './routers/metrics.ts';
import { modelsRouter } from './routers/models.ts';
import { projectsRouter } from './routers/projects.ts';
import { proxyRouter } from './routers/proxy.ts';
import { scoresRouter } from './routers/scores.ts';
import { spansRouter } from './routers/spans.ts';
import { tracesRouter } from './routers/traces.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  spans: spansRouter,
  traces: tracesRouter,
  metrics: metricsRouter,
  projects: projectsRouter,
  keys: keysRouter,
  imports: importsRouter,
  scores: scoresRouter,
  models: modelsRouter,
  proxy: proxyRouter,
  evaluators: evaluatorsRouter,
  evalRuns: evalRunsRouter,
});

export type AppRouter = typeof appRouter;
