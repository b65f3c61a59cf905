// Where a project's routing comes from: the proxy file (by project name or id) first, else the one set through tRPC.
import { LRUCache } from 'lru-cache';
import type { Database } from '../store/db.ts';
import { findProject } from '../store/queries/projects.ts';
import { findProxyRoute } from '../store/queries/proxy-routes.ts';
import { type RoutingConfig, routingConfigSchema } from './routing-config.ts';

export type ResolvedRouting = { config: RoutingConfig; source: 'file' | 'api' };

export type RouteConfigs = {
  /** The project's routing, or null when the proxy is off for it. Cached for a few seconds across replicas. */
  find: (projectId: string) => Promise<ResolvedRouting | null>;
  /** True when the file manages the project (tRPC may then not change it). */
  isFileManaged: (projectId: string) => Promise<boolean>;
  /** Drops the cached routing after a change made by this process. */
  invalidate: (projectId: string) => void;
};

/** How long a replica keeps a routing set through tRPC on another replica before reading it again. */
const cacheMilliseconds = 5000;

export function createRouteConfigs(options: { db: Database; file: Record<string, RoutingConfig> | null }): RouteConfigs {
  const fromFile = async (projectId: string): Promise<RoutingConfig | null> => {
    if (!options.file) return null;
    if (options.file[projectId]) return options.file[projectId];
    const project = await findProject(options.db, projectId);
    return (project && options.file[project.name]) || null;
  };
  const load = async (projectId: string): Promise<ResolvedRouting | { none: true }> => {
    const file = await fromFile(projectId);
    if (file) return { config: file, source: 'file' };
    const stored = await findProxyRoute(options.db, projectId);
    if (!stored) return { none: true };
    const parsed = routingConfigSchema.safeParse(stored.config);
    if (!parsed.success) {
      console.error(`proxy: the stored routing of project ${projectId} no longer validates:`, parsed.error.message);
      return { none: true };
    }
    return { config: parsed.data, source: 'api' };
  };
  // Concurrent misses share one load; failed loads are not cached.
  const cache = new LRUCache<string, ResolvedRouting | { none: true }>({ max: 10_000, ttl: cacheMilliseconds, fetchMethod: (projectId) => load(projectId) });
  return {
    find: async (projectId) => {
      const found = await cache.fetch(projectId);
      return !found || 'none' in found ? null : found;
    },
    isFileManaged: async (projectId) => (await fromFile(projectId)) !== null,
    invalidate: (projectId) => {
      cache.delete(projectId);
    },
  };
}
