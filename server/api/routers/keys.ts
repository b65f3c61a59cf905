// keys.create / keys.list / keys.revoke: project API key management with the admin token.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey } from '../../store/queries/api-keys.ts';
import { findProject } from '../../store/queries/projects.ts';
import type { Database } from '../../store/db.ts';
import { adminProcedure, router } from '../trpc.ts';

const projectInput = z.object({ project: z.string().min(1) });

async function requireProjectId(db: Database, idOrName: string): Promise<string> {
  const project = await findProject(db, idOrName);
  if (!project) throw new TRPCError({ code: 'NOT_FOUND', message: `project: no project "${idOrName}"` });
  return project.id;
}

export const keysRouter = router({
  create: adminProcedure
    .input(projectInput.extend({ name: z.string().min(1).max(100).default('default') }))
    .mutation(async ({ ctx, input }) =>
      createApiKey(ctx.db, { projectId: await requireProjectId(ctx.db, input.project), name: input.name }),
    ),

  list: adminProcedure
    .input(projectInput)
    .query(async ({ ctx, input }) => listApiKeys(ctx.db, await requireProjectId(ctx.db, input.project))),

  revoke: adminProcedure
    .input(projectInput.extend({ keyId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const projectId = await requireProjectId(ctx.db, input.project);
      if (!(await revokeApiKey(ctx.db, { projectId, keyId: input.keyId }))) {
        throw new TRPCError({ code: 'NOT_FOUND', message: 'keyId: no active key with this id in the project' });
      }
      return { revoked: true };
    }),
});
