// The Hono app: /healthz, /trpc/* with auth and a body limit, OTLP and import routes, the web UI, JSON errors.
import { trpcServer } from '@hono/trpc-server';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type EvalService, createContextInner } from '../api/context.ts';
import { appRouter } from '../api/router.ts';
import { createProxyService, type ProxyService } from '../proxy/proxy-service.ts';
import type { Store } from '../store/db.ts';
import { resolveAuth } from './auth.ts';
import { mountImportRoute } from './import-route.ts';
import { mountOtlpRoutes } from './otlp-route.ts';
import { mountProxyRoutes } from './proxy-route.ts';
import { mountWebUi } from './web-ui.ts';

/** Largest accepted tRPC request body: a full 1,000-span batch with sizeable payloads. */
export const maxTrpcBodyBytes = 32 * 1024 * 1024;

/** webRoot: the built UI (default web/dist); proxy: the proxy service (default: one with no routing file). */
/** evals: evaluation engines and queue; without them evaluator tests and runs answer that evaluation is not set up. */
export type AppOptions = { store: Store; adminTokenHash: string; webRoot?: string; proxy?: ProxyService; evals?: EvalService };

/** Builds the HTTP application over an open, migrated store. */
export function createApp(options: AppOptions): Hono {
  const { store, adminTokenHash } = options;
  const proxy = options.proxy ?? createProxyService({ db: store.db });
  const app = new Hono();

  app.get('/healthz', async (context) => {
    try {
      await store.db.execute(sql`select 1`);
      return context.json({ ok: true });
    } catch (error) {
      return context.json({ ok: false, error: (error as Error).message }, 503);
    }
  });

  app.use(
    '/trpc/*',
    bodyLimit({
      maxSize: maxTrpcBodyBytes,
      onError: (context) =>
        context.json({ error: { message: `Request body exceeds ${maxTrpcBodyBytes} bytes`, code: 'PAYLOAD_TOO_LARGE' } }, 413),
    }),
  );
  app.use(
    '/trpc/*',
    trpcServer({
      endpoint: '/trpc',
      router: appRouter,
      createContext: async (_options, context) =>
        createContextInner({
          db: store.db,
          proxy,
          ...(options.evals ? { evals: options.evals } : {}),
          auth: await resolveAuth({ db: store.db, adminTokenHash, headers: context.req.raw.headers }),
        }),
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'} failed:`, error);
      },
    }),
  );

  mountOtlpRoutes(app, { store, adminTokenHash });
  mountImportRoute(app, { store, adminTokenHash });
  mountProxyRoutes(app, { db: store.db, proxy });
  mountWebUi(app, { root: options.webRoot });

  app.notFound((context) => context.json({ error: { message: `No route ${context.req.method} ${context.req.path}` } }, 404));
  app.onError((error, context) => {
    console.error(error);
    return context.json({ error: { message: 'Internal server error' } }, 500);
  });
  return app;
}
