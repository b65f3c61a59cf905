// proxy.*: a project's routing (get, set, delete), its budget counters, and this instance's logging and cache counters.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { ProxyService } from '../../proxy/proxy-service.ts';
import { maskRoutingConfig, type RoutingConfig, routingConfigSchema } from '../../proxy/routing-config.ts';
import { deleteProxyRoute, upsertProxyRoute } from '../../store/queries/proxy-routes.ts';
import { listUsage } from '../../store/queries/proxy-usage.ts';
import type { Context } from '../context.ts';
import { projectProcedure, router } from '../trpc.ts';

function proxyOf(context: Context): ProxyService {
  if (!context.proxy) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'This server does not run the proxy' });
  return context.proxy;
}

async function refuseFileManaged(proxy: ProxyService, projectId: string) {
  if (await proxy.routes.isFileManaged(projectId)) {
    throw new TRPCError({ code: 'CONFLICT', message: "This project's routing comes from LOUPE_PROXY_CONFIG; change the file instead" });
  }
}

/** A masked key (`…abcd`) sent back unchanged keeps the stored key of the same target. */
function keepMaskedKeys(next: RoutingConfig, previous: RoutingConfig | null): RoutingConfig {
  return {
    ...next,
    targets: next.targets.map((target) => {
      if (!target.apiKey?.startsWith('…')) return target;
      const stored = previous?.targets.find((candidate) => candidate.name === target.name)?.apiKey;
      if (!stored?.endsWith(target.apiKey.slice(1))) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: `targets.${target.name}.apiKey: send the full key (a masked key only keeps the stored one)` });
      }
      return { ...target, apiKey: stored };
    }),
  };
}

export const proxyRouter = router({
  config: router({
    /** The routing in force (provider keys masked) and where it comes from; null when the proxy is off. */
    get: projectProcedure.query(async ({ ctx }) => {
      const found = await proxyOf(ctx).routes.find(ctx.projectId);
      return found ? { source: found.source, config: maskRoutingConfig(found.config) } : null;
    }),
    /** Turns the proxy on for the project, or replaces its routing; validated with errors naming the field. */
    set: projectProcedure.input(routingConfigSchema).mutation(async ({ ctx, input }) => {
      const proxy = proxyOf(ctx);
      await refuseFileManaged(proxy, ctx.projectId);
      const previous = await proxy.routes.find(ctx.projectId);
      const config = keepMaskedKeys(input, previous?.config ?? null);
      await upsertProxyRoute(ctx.db, ctx.projectId, config);
      proxy.routes.invalidate(ctx.projectId);
      return { source: 'api' as const, config: maskRoutingConfig(config) };
    }),
    /** Turns the proxy off for the project. */
    delete: projectProcedure.mutation(async ({ ctx }) => {
      const proxy = proxyOf(ctx);
      await refuseFileManaged(proxy, ctx.projectId);
      const deleted = await deleteProxyRoute(ctx.db, ctx.projectId);
      proxy.routes.invalidate(ctx.projectId);
      return { deleted };
    }),
  }),
  /** Budget counters per API key and window, newest first. */
  usage: projectProcedure.input(z.object({}).optional()).query(({ ctx }) => listUsage(ctx.db, ctx.projectId)),
  /** This server's span-logging queue (written, dropped) and response cache counters. */
  stats: projectProcedure.query(({ ctx }) => {
    const proxy = proxyOf(ctx);
    return { log: proxy.callLog.stats(), cache: proxy.cache.stats() };
  }),
});
