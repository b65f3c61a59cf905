// imports.list / imports.get: progress (bytes, lines, spans) and rejected lines of log-file imports.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { getImport, listImportErrors, listImports } from '../../store/queries/imports.ts';
import { projectProcedure, router } from '../trpc.ts';

export const importsRouter = router({
  list: projectProcedure.query(({ ctx }) => listImports(ctx.db, ctx.projectId)),

  get: projectProcedure
    .input(z.object({ id: z.uuid(), errorsAfterLine: z.number().int().min(0).default(0), errorsLimit: z.number().int().min(1).max(1000).default(100) }))
    .query(async ({ ctx, input }) => {
      const row = await getImport(ctx.db, { projectId: ctx.projectId, importId: input.id });
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'id: no such import in this project' });
      const errors = await listImportErrors(ctx.db, { importId: row.id, afterLine: input.errorsAfterLine, limit: input.errorsLimit });
      return { ...row, errors };
    }),
});
