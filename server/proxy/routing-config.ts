// A project's proxy routing: upstream targets, route rules, retries, timeouts, cache and budgets (tRPC and file).
import { z } from 'zod';
import { isRegularExpression } from '../lib/is-regular-expression.ts';

export const providerKinds = ['openai', 'anthropic'] as const;

const targetSchema = z.object({
  /** How rules, spans and errors name this upstream. */
  name: z.string().regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "." or "-"'),
  /** `openai`: any OpenAI-compatible API; `anthropic`: the Messages API, translated both ways. */
  provider: z.enum(providerKinds).default('openai'),
  /** Base URL including the version path, e.g. https://api.openai.com/v1 or https://api.anthropic.com/v1. */
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  /** Provider key sent upstream; without it the caller's own Authorization is forwarded. */
  apiKey: z.string().min(1).optional(),
  /** Share of traffic under `loadbalance`. */
  weight: z.number().positive().max(1_000_000).default(1),
  /** Model renames for this upstream, e.g. { "gpt-4o": "claude-sonnet-4-5" }. */
  models: z.record(z.string(), z.string().min(1)).default({}),
  /** Extra headers sent upstream (organization, project, gateway headers). */
  headers: z.record(z.string(), z.string()).default({}),
});

const ruleSchema = z.object({
  /** Matches when every condition holds: a model regex and metadata values from `x-loupe-metadata-<name>` headers. */
  when: z
    .object({
      model: z
        .string()
        .refine(isRegularExpression, 'must be a valid regular expression')
        .optional(),
      metadata: z.record(z.string(), z.string()).default({}),
    })
    .default({ metadata: {} }),
  targets: z.array(z.string()).min(1),
  /** `fallback`: in order; `loadbalance`: one picked by weight, the others as fallbacks. */
  strategy: z.enum(['fallback', 'loadbalance']).default('fallback'),
});

const budgetSchema = z
  .object({
    /** Window the counters reset on (UTC); `total` never resets. */
    window: z.enum(['minute', 'hour', 'day', 'month', 'total']),
    maxRequests: z.number().int().positive().optional(),
    maxTokens: z.number().int().positive().optional(),
    maxCostUsd: z.number().positive().optional(),
  })
  .refine((budget) => budget.maxRequests ?? budget.maxTokens ?? budget.maxCostUsd, {
    message: 'needs at least one of maxRequests, maxTokens, maxCostUsd',
  });

export const routingConfigSchema = z
  .object({
    targets: z.array(targetSchema).min(1, 'needs at least one upstream target'),
    /** The first matching rule picks the targets; with none matching, every target in order (fallback). */
    rules: z.array(ruleSchema).default([]),
    retry: z
      .object({
        /** Retries per target before falling back to the next one. */
        maxRetries: z.number().int().min(0).max(10).default(2),
        statuses: z.array(z.number().int().min(400).max(599)).default([408, 429, 500, 502, 503, 504]),
        baseDelayMs: z.number().int().min(0).max(60_000).default(250),
        /** A Retry-After longer than this moves on to the next target instead of waiting. */
        maxDelayMs: z.number().int().min(0).max(300_000).default(10_000),
      })
      .default({ maxRetries: 2, statuses: [408, 429, 500, 502, 503, 504], baseDelayMs: 250, maxDelayMs: 10_000 }),
    timeouts: z
      .object({
        /** Whole attempt, until the last byte. */
        requestMs: z.number().int().positive().max(3_600_000).default(600_000),
        /** Until the response headers (JSON) or the first event (streams); exceeding it tries the next attempt. */
        firstTokenMs: z.number().int().positive().max(3_600_000).default(120_000),
      })
      .default({ requestMs: 600_000, firstTokenMs: 120_000 }),
    cache: z
      .object({ enabled: z.boolean().default(false), ttlSeconds: z.number().int().positive().max(30 * 86_400).default(3600) })
      .default({ enabled: false, ttlSeconds: 3600 }),
    /** Applied to each API key separately, reserved before the call and settled after it. */
    budgets: z.array(budgetSchema).default([]),
    /** Output tokens reserved against token and cost budgets when a request sets no max_tokens. */
    reserveOutputTokens: z.number().int().positive().max(1_000_000).default(4096),
  })
  .superRefine((config, context) => {
    const names = new Set<string>();
    config.targets.forEach((target, index) => {
      if (names.has(target.name)) context.addIssue({ code: 'custom', path: ['targets', index, 'name'], message: `duplicate target "${target.name}"` });
      names.add(target.name);
    });
    config.rules.forEach((rule, ruleIndex) => {
      rule.targets.forEach((name, index) => {
        if (!names.has(name)) {
          context.addIssue({ code: 'custom', path: ['rules', ruleIndex, 'targets', index], message: `no target named "${name}"` });
        }
      });
    });
  });

export type RoutingConfig = z.output<typeof routingConfigSchema>;
export type RoutingTarget = RoutingConfig['targets'][number];
export type RoutingBudget = RoutingConfig['budgets'][number];

/** The proxy file (LOUPE_PROXY_CONFIG): routing per project, keyed by project name or id. */
export const proxyFileSchema = z.object({ projects: z.record(z.string(), routingConfigSchema) });

/** The config as shown to clients: upstream keys reduced to their last four characters. */
export function maskRoutingConfig(config: RoutingConfig): RoutingConfig {
  return {
    ...config,
    targets: config.targets.map((target) => (target.apiKey ? { ...target, apiKey: `…${target.apiKey.slice(-4)}` } : target)),
  };
}
