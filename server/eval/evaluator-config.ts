// Evaluator kinds and their configs (zod): user code, LLM judge, and the built-in matchers; one schema validates edits.
import { z } from 'zod';
import { isRegularExpression } from '../lib/is-regular-expression.ts';
import { describeSchemaProblem } from './evaluators/matchers.ts';

export const evaluatorKinds = [
  'javascript',
  'python',
  'llm_judge',
  'exact',
  'contains',
  'regex',
  'json',
  'levenshtein',
  'threshold',
] as const;
export type EvaluatorKind = (typeof evaluatorKinds)[number];

const maxCodeLength = 100_000;

/** Where a matcher reads the text it checks, and what it compares with. */
const field = z.enum(['output', 'input', 'expected']).default('output');

const codeConfig = (defaults: { timeoutMs: number; memoryMb: number }) =>
  z.object({
    /** Defines `evaluate({ input, output, expected, metadata, span })` returning a score or several. */
    code: z.string().min(1).max(maxCodeLength),
    timeoutMs: z.number().int().min(10).max(60_000).default(defaults.timeoutMs),
    memoryMb: z.number().int().min(8).max(2048).default(defaults.memoryMb),
  });

export const judgeScoreTypes = ['numeric', 'boolean', 'categorical'] as const;

const judgeConfig = z
  .object({
    /** Template over {{input}}, {{output}}, {{expected}}, {{metadata}} and {{metadata.<key>}}. */
    prompt: z.string().min(1).max(maxCodeLength),
    /** `openai`: any OpenAI-compatible chat completions API; `anthropic`: the Messages API. */
    provider: z.enum(['openai', 'anthropic']).default('openai'),
    baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default('https://api.openai.com/v1'),
    model: z.string().min(1).max(200),
    /** Stored with the version, never returned by the API. */
    apiKey: z.string().min(1).max(1000).optional(),
    scoreType: z.enum(judgeScoreTypes).default('numeric'),
    /** The allowed answers when scoreType is categorical. */
    categories: z.array(z.string().min(1).max(200)).min(2).max(50).optional(),
    temperature: z.number().min(0).max(2).default(0),
    /** Tries after a 429 or 5xx before the span's job is retried later (with backoff). */
    maxRetries: z.number().int().min(0).max(10).default(3),
    timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  })
  .refine((config) => config.scoreType !== 'categorical' || config.categories, {
    message: 'categories: a categorical judge needs the list of allowed categories',
    path: ['categories'],
  });

const thresholdMetrics = ['durationMs', 'costUsd', 'inputTokens', 'outputTokens', 'totalTokens', 'ttftMs'] as const;

export const evaluatorConfigSchemas = {
  javascript: codeConfig({ timeoutMs: 1000, memoryMb: 64 }),
  python: codeConfig({ timeoutMs: 2000, memoryMb: 256 }),
  llm_judge: judgeConfig,
  /** output (as text, or JSON-equal) equals `value`, or `expected` when no value is given. */
  exact: z.object({ field, value: z.string().optional(), ignoreCase: z.boolean().default(false), trim: z.boolean().default(true) }),
  contains: z.object({
    field,
    /** Every one of these (mode all) or at least one (mode any) occurs. */
    values: z.array(z.string().min(1)).min(1).max(100),
    mode: z.enum(['all', 'any']).default('all'),
    ignoreCase: z.boolean().default(false),
  }),
  regex: z.object({
    field,
    pattern: z.string().min(1).max(1000).refine(isRegularExpression, 'must be a valid regular expression'),
    flags: z.string().regex(/^[imsu]*$/, 'may only hold the flags i, m, s, u').default(''),
  }),
  /** Valid JSON, and, with a schema, valid against that JSON Schema. */
  json: z.object({
    field,
    schema: z
      .record(z.string(), z.unknown())
      .superRefine((schema, context) => {
        const problem = describeSchemaProblem(schema);
        if (problem) context.addIssue({ code: 'custom', message: `is not a valid JSON Schema: ${problem}` });
      })
      .optional(),
  }),
  /** 1 - edit distance / longer length, between the field and `value` (or expected). */
  levenshtein: z.object({ field, value: z.string().optional(), ignoreCase: z.boolean().default(false) }),
  /** Passes when the span's metric is within [min, max]; unknown values fail. */
  threshold: z
    .object({ metric: z.enum(thresholdMetrics), min: z.number().finite().optional(), max: z.number().finite().optional() })
    .refine((config) => config.min !== undefined || config.max !== undefined, { message: 'needs min, max or both' }),
} satisfies Record<EvaluatorKind, z.ZodType>;

export type EvaluatorConfigs = { [Kind in EvaluatorKind]: z.output<(typeof evaluatorConfigSchemas)[Kind]> };

/** A kind with its validated config, as stored in evaluator_versions. */
export type EvaluatorDefinition = { [Kind in EvaluatorKind]: { kind: Kind; config: EvaluatorConfigs[Kind] } }[EvaluatorKind];

/** A stored version's kind and config, as the definition they were validated as when it was saved. */
export function storedDefinition(version: { kind: string; config: unknown }): EvaluatorDefinition {
  return { kind: version.kind, config: version.config } as EvaluatorDefinition;
}

/** The kind and config of a new version, validated (issues name the config field). */
export const evaluatorDefinitionSchema = z
  .object({ kind: z.enum(evaluatorKinds), config: z.record(z.string(), z.unknown()) })
  .transform((definition, context) => {
    const parsed = evaluatorConfigSchemas[definition.kind].safeParse(definition.config);
    if (parsed.success) return { kind: definition.kind, config: parsed.data } as EvaluatorDefinition;
    for (const issue of parsed.error.issues) {
      context.addIssue({ code: 'custom', message: issue.message, path: ['config', ...issue.path.map(String)] });
    }
    return z.NEVER;
  });
