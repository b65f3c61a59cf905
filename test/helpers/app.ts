// An in-process Loupe app over a test store, with helpers to make projects and keys and call tRPC over HTTP.
import type { Hono } from 'hono';
import { createApp } from '../../server/http/app.ts';
import { type RunningEvalService, startEvalService } from '../../server/jobs/eval-service.ts';
import { hashSecret } from '../../server/lib/secret.ts';
import { createProxyService, type ProxyService } from '../../server/proxy/proxy-service.ts';
import type { RoutingConfig } from '../../server/proxy/routing-config.ts';
import type { Store } from '../../server/store/db.ts';
import { createApiKey } from '../../server/store/queries/api-keys.ts';
import { createProject } from '../../server/store/queries/projects.ts';
import { openTestStore } from './store.ts';

export const testAdminToken = 'test-admin-token-0123456789';

export type TrpcResponse = { status: number; body: { result?: { data: unknown }; error?: TrpcErrorBody } };
export type TrpcErrorBody = { message: string; code: number; data: { code: string; httpStatus: number; issues?: string[] } };

export type TestApp = {
  app: Hono;
  store: Store;
  /** The proxy service behind /proxy/v1/* (flush its call log before reading proxy spans). */
  proxy: ProxyService;
  /** Evaluation, when started with the evals option. */
  evals: RunningEvalService | undefined;
  /** Creates a project and returns its id and a fresh API key. */
  createProjectWithKey: (name: string) => Promise<{ projectId: string; apiKey: string }>;
  /** Calls a query (GET) or mutation (POST) the way the tRPC HTTP client does. */
  call: (options: CallOptions) => Promise<TrpcResponse>;
  close: () => Promise<void>;
};

export type CallOptions = {
  path: string;
  input?: unknown;
  type?: 'query' | 'mutation';
  token?: string;
  headers?: Record<string, string>;
};

/** The procedure's result data; fails the test with the error body when the call did not succeed. */
export function dataOf<T>(response: TrpcResponse): T {
  if (!response.body.result) throw new Error(`expected a result, got ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.result.data as T;
}

export type TestAppOptions = {
  /** Routing as if read from LOUPE_PROXY_CONFIG, keyed by project name or id. */
  proxyRouting?: Record<string, RoutingConfig>;
  /** Start evaluation (engines, pg-boss queue and in-process workers) with these queue settings. */
  evals?: Omit<Parameters<typeof startEvalService>[0], 'store'>;
};

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const store = await openTestStore();
  const proxy = createProxyService({ db: store.db, file: options.proxyRouting ?? null });
  const evals = options.evals ? await startEvalService({ store, continuousPollMs: 200, retryDelaySeconds: 1, ...options.evals }) : undefined;
  const app = createApp({ store, adminTokenHash: hashSecret(testAdminToken), proxy, ...(evals ? { evals } : {}) });
  return {
    app,
    store,
    proxy,
    evals,
    createProjectWithKey: async (name) => {
      const project = await createProject(store.db, name);
      if (!project) throw new Error(`project ${name} exists`);
      const key = await createApiKey(store.db, { projectId: project.id, name: 'test' });
      return { projectId: project.id, apiKey: key.secret };
    },
    call: async ({ path, input, type = 'query', token, headers = {} }) => {
      const authorization: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      const response =
        type === 'query'
          ? await app.request(
              `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
              { headers: { ...authorization, ...headers } },
            )
          : await app.request(`/trpc/${path}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...authorization, ...headers },
              body: JSON.stringify(input ?? null),
            });
      return { status: response.status, body: (await response.json()) as TrpcResponse['body'] };
    },
    close: async () => {
      await evals?.close();
      await proxy.close();
      await store.close();
    },
  };
}
