// evaluators.*: create, edit (every edit is a new version), list, get, and test a definition on a span before saving.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { type EvaluatorDefinition, evaluatorDefinitionSchema, storedDefinition } from '../../eval/evaluator-config.ts';
import { evaluateSpans } from '../../eval/evaluate-spans.ts';
import { toEvalInput } from '../../eval/score.ts';
import { spanIdSchema, traceIdSchema } from '../../ingest/span.ts';
import { addEvaluatorVersion, createEvaluator, findEvaluator, findEvaluatorVersion, listEvaluators } from '../../store/queries/evaluators.ts';
import { exportSpanPage, getSpan } from '../../store/queries/spans.ts';
import type { Context } from '../context.ts';
import { projectProcedure, router } from '../trpc.ts';

const evaluatorName = z
  .string()
  .regex(/^[\w.:-][\w .:-]{0,99}$/, 'must be 1-100 letters, digits, spaces, "_", ".", ":" or "-"')
  .transform((name) => name.trim());
const evaluatorId = z.uuid({ error: 'must be an evaluator id' });

export const evaluatorsRouter = router({
  list: projectProcedure.query(({ ctx }) => listEvaluators(ctx.db, ctx.projectId)),

  get: projectProcedure.input(z.object({ evaluatorId })).query(async ({ ctx, input }) => {
    const found = await findEvaluator(ctx.db, { projectId: ctx.projectId, evaluatorId: input.evaluatorId });
    if (!found) throw notFound(input.evaluatorId);
    return { ...found.evaluator, versions: found.versions.map((version) => ({ ...version, config: redact(version.config) })) };
  }),

  create: projectProcedure
    .input(z.object({ name: evaluatorName, description: z.string().max(2000).optional() }).and(evaluatorDefinitionSchema))
    .mutation(async ({ ctx, input }) => {
      const { name, description, ...definition } = input;
      const created = await createEvaluator(ctx.db, { projectId: ctx.projectId, name, description: description ?? null, definition });
      if (!created) throw new TRPCError({ code: 'CONFLICT', message: `name: this project already has an evaluator "${name}"` });
      return { ...created.evaluator, version: { ...created.version, config: redact(created.version.config) } };
    }),

  update: projectProcedure
    .input(z.object({ evaluatorId, description: z.string().max(2000).nullable().optional() }).and(evaluatorDefinitionSchema))
    .mutation(async ({ ctx, input }) => {
      const { evaluatorId: id, description, ...definition } = input;
      const previous = await findEvaluatorVersion(ctx.db, { projectId: ctx.projectId, evaluatorId: id });
      if (!previous) throw notFound(id);
      const updated = await addEvaluatorVersion(ctx.db, {
        projectId: ctx.projectId,
        evaluatorId: id,
        description,
        definition: keepJudgeKey(definition, previous),
      });
      if (!updated) throw notFound(id);
      return { ...updated.evaluator, version: { ...updated.version, config: redact(updated.version.config) } };
    }),

  /** Runs a saved version, or an unsaved definition, on one span (the newest span when none is named); stores nothing. */
  test: projectProcedure
    .input(
      z.object({
        evaluatorId: evaluatorId.optional(),
        version: z.number().int().positive().optional(),
        definition: evaluatorDefinitionSchema.optional(),
        name: z.string().min(1).max(200).optional(),
        span: z.object({ traceId: traceIdSchema, spanId: spanIdSchema }).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const evals = requireEvals(ctx);
      const { definition, name } = await resolveDefinition(ctx, input);
      const span = input.span
        ? await getSpan(ctx.db, { projectId: ctx.projectId, ...input.span })
        : await newestSpan(ctx);
      if (!span) {
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: input.span ? `span: no span ${input.span.spanId} in trace ${input.span.traceId}` : 'span: this project has no spans to test on yet',
        });
      }
      const evalInput = toEvalInput(span);
      const [result] = await evaluateSpans({ tenant: ctx.projectId, scoreName: name, definition, inputs: [evalInput], engines: evals.engines });
      return { span: { traceId: span.traceId, spanId: span.spanId, name: span.name }, input: evalInput, result };
    }),
});

type ProjectContext = Context & { projectId: string };

export function requireEvals(ctx: Context) {
  if (!ctx.evals) {
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'evaluation is not running in this server (no eval workers were started)' });
  }
  return ctx.evals;
}

async function resolveDefinition(
  ctx: ProjectContext,
  input: { evaluatorId?: string | undefined; version?: number | undefined; definition?: EvaluatorDefinition | undefined; name?: string | undefined },
): Promise<{ definition: EvaluatorDefinition; name: string }> {
  const saved = input.evaluatorId
    ? await findEvaluatorVersion(ctx.db, { projectId: ctx.projectId, evaluatorId: input.evaluatorId, version: input.version })
    : null;
  if (input.evaluatorId && !saved) throw notFound(input.evaluatorId, input.version);
  if (input.definition) {
    return { definition: saved ? keepJudgeKey(input.definition, saved) : input.definition, name: input.name ?? saved?.name ?? 'test' };
  }
  if (!saved) throw new TRPCError({ code: 'BAD_REQUEST', message: 'evaluatorId: name a saved evaluator or send a definition to test' });
  return { definition: storedDefinition(saved), name: input.name ?? saved.name };
}

/** The project's newest span with payloads, in one query. */
async function newestSpan(ctx: ProjectContext) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const page = await exportSpanPage(ctx.db, {
    projectId: ctx.projectId,
    filter: { fromUnixNano: 0n, toUnixNano: now + 86_400_000_000_000n },
    order: 'desc',
    limit: 1,
  });
  return page.rows[0];
}

/** An edited judge without an apiKey keeps the previous version's key (the API never shows it). */
function keepJudgeKey(definition: EvaluatorDefinition, previous: { kind: string; config: unknown }): EvaluatorDefinition {
  if (definition.kind !== 'llm_judge' || definition.config.apiKey || previous.kind !== 'llm_judge') return definition;
  const apiKey = (previous.config as { apiKey?: string }).apiKey;
  return apiKey ? { kind: 'llm_judge', config: { ...definition.config, apiKey } } : definition;
}

/** Configs as the API shows them: a judge's key becomes hasApiKey. */
export function redact(config: unknown): unknown {
  if (typeof config !== 'object' || config === null || !('apiKey' in config)) return config;
  const { apiKey, ...rest } = config as { apiKey?: string };
  return { ...rest, hasApiKey: Boolean(apiKey) };
}

export function notFound(id: string, version?: number) {
  return new TRPCError({
    code: 'NOT_FOUND',
    message: version ? `version: evaluator ${id} has no version ${version}` : `evaluatorId: no evaluator ${id} in this project`,
  });
}
