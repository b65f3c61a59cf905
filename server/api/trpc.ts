// tRPC init: router, procedures (public, admin, project-scoped) and the caller factory.
import { TRPCError, initTRPC } from '@trpc/server';
import { ZodError } from 'zod';
import { describeIssues } from '../ingest/span.ts';
import { findProject } from '../store/queries/projects.ts';
import type { Context } from './context.ts';

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    if (!(error.cause instanceof ZodError)) return shape;
    const issues = describeIssues(error.cause.issues);
    return { ...shape, message: `Invalid input: ${issues.join('; ')}`, data: { ...shape.data, issues } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure;

const authenticated = t.middleware(({ ctx, next }) => {
  if (ctx.auth.kind === 'anonymous') {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Send an API key: Authorization: Bearer <key>' });
  }
  if (ctx.auth.kind === 'invalid') {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'The API key or admin token is invalid or revoked' });
  }
  return next({ ctx: { ...ctx, auth: ctx.auth } });
});

/** Instance administration: needs the admin token. */
export const adminProcedure = t.procedure.use(authenticated).use(({ ctx, next }) => {
  if (ctx.auth.kind !== 'admin') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'This needs the admin token, not a project API key' });
  }
  return next({ ctx });
});

/**
 * Every read and write of project data goes through here: ctx.projectId is the key's project, or, for the
 * admin token, the project named by the x-loupe-project header. Nothing else chooses the tenant.
 */
export const projectProcedure = t.procedure.use(authenticated).use(async ({ ctx, next }) => {
  if (ctx.auth.kind === 'project') return next({ ctx: { ...ctx, projectId: ctx.auth.projectId } });
  if (ctx.auth.kind !== 'admin') throw new TRPCError({ code: 'UNAUTHORIZED' });
  if (!ctx.auth.requestedProject) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'With the admin token, name the project in the x-loupe-project header (id or name)',
    });
  }
  const project = await findProject(ctx.db, ctx.auth.requestedProject);
  if (!project) {
    throw new TRPCError({ code: 'NOT_FOUND', message: `No project "${ctx.auth.requestedProject}"` });
  }
  return next({ ctx: { ...ctx, projectId: project.id } });
});
