// Boots one Loupe instance: open and migrate the store, settle the admin token, seed a first project, build the app.
import type { Hono } from 'hono';
import type { Config } from './config.ts';
import { createApp } from './http/app.ts';
import { startEvalService } from './jobs/eval-service.ts';
import { generateToken, hashSecret } from './lib/secret.ts';
import { createProxyService } from './proxy/proxy-service.ts';
import { openStore, type Store } from './store/db.ts';
import { createApiKey } from './store/queries/api-keys.ts';
import { readAdminTokenHash, storeAdminTokenHash } from './store/queries/instance-settings.ts';
import { countProjects, createProject } from './store/queries/projects.ts';

export type Instance = { app: Hono; store: Store; close: () => Promise<void> };

/** Secrets shown once, on the start that created them. */
export type FirstStartSecrets = {
  adminToken?: string;
  project?: { name: string; apiKey: string };
};

export const defaultProjectName = 'default';

/** Opens everything the server needs; `onSecrets` receives secrets created by this start (print them once). */
export async function startInstance(
  config: Config,
  onSecrets: (secrets: FirstStartSecrets) => void = () => {},
): Promise<Instance> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const secrets: FirstStartSecrets = {};
    const adminTokenHash = await settleAdminToken(store, config.adminToken, secrets);
    await seedFirstProject(store, secrets);
    if (secrets.adminToken || secrets.project) onSecrets(secrets);
    const proxy = createProxyService({ db: store.db, file: config.proxyRouting });
    const evals = await startEvalService({ store });
    return {
      app: createApp({ store, adminTokenHash, proxy, evals }),
      store,
      close: async () => {
        await evals.close();
        await proxy.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function settleAdminToken(store: Store, configured: string | undefined, secrets: FirstStartSecrets) {
  if (configured) return hashSecret(configured);
  const stored = await readAdminTokenHash(store.db);
  if (stored) return stored;
  const token = `la_${generateToken(24)}`;
  const inForce = await storeAdminTokenHash(store.db, hashSecret(token));
  if (inForce === hashSecret(token)) secrets.adminToken = token;
  return inForce;
}

async function seedFirstProject(store: Store, secrets: FirstStartSecrets) {
  if ((await countProjects(store.db)) > 0) return;
  const project = await createProject(store.db, defaultProjectName);
  if (!project) return;
  const key = await createApiKey(store.db, { projectId: project.id, name: 'first start' });
  secrets.project = { name: project.name, apiKey: key.secret };
}
