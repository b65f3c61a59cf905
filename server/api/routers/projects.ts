// projects.list (the admin sees all, a key its own) and projects.create (admin).
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { createProject, listProjects } from '../../store/queries/projects.ts';
import { adminProcedure, projectProcedure, publicProcedure, router } from '../trpc.ts';

export const projectNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w .-]+$/, 'may hold letters, digits, spaces, dot, dash and underscore');

export const projectsRouter = router({
  list: publicProcedure.query(async ({ ctx }) => {
    if (ctx.auth.kind === 'admin') return listProjects(ctx.db);
    if (ctx.auth.kind === 'project') return listProjects(ctx.db, ctx.auth.projectId);
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Send an API key or the admin token' });
  }),

  current: projectProcedure.query(async ({ ctx }) => {
    const [project] = await listProjects(ctx.db, ctx.projectId);
    return project ?? null;
  }),

  create: adminProcedure.input(z.object({ name: projectNameSchema })).mutation(async ({ ctx, input }) => {
    const project = await createProject(ctx.db, input.name);
    if (!project) throw new TRPCError({ code: 'CONFLICT', message: `name: a project "${input.name}" exists` });
    return project;
  }),
});
