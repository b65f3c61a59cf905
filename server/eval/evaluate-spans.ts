// Runs one evaluator version over a batch of spans: user code in its sandbox, the judge over HTTP, matchers in process;
// every span gets its scores or the reason it has none (and whether trying again later may help).
import type { EvaluatorDefinition } from './evaluator-config.ts';
import { RetryableJudgeError, runJudge } from './evaluators/llm-judge.ts';
import { matchers } from './evaluators/matchers.ts';
import type { CodeSandbox } from './sandbox/code-sandbox.ts';
import { type EvalInput, type EvalScore, InvalidScoreError, type UnnamedScore, normalizeScores } from './score.ts';

export type EvalEngines = { javascript: CodeSandbox; python: CodeSandbox };

export type SpanEvaluation =
  | { ok: true; scores: EvalScore[]; logs: string[] }
  | { ok: false; error: string; retryable: boolean; logs: string[]; /** No span can be scored (sandbox unavailable). */ fatal?: boolean };

export type EvaluateOptions = {
  /** The project whose code runs (sandboxes never mix projects). */
  tenant: string;
  /** Unnamed scores take the evaluator's name. */
  scoreName: string;
  definition: EvaluatorDefinition;
  inputs: EvalInput[];
  engines: EvalEngines;
};

const judgeConcurrency = 4;

export async function evaluateSpans(options: EvaluateOptions): Promise<SpanEvaluation[]> {
  const { definition, inputs, scoreName } = options;
  if (inputs.length === 0) return [];
  if (definition.kind === 'javascript' || definition.kind === 'python') {
    const sandbox = options.engines[definition.kind];
    const results = await sandbox.evaluate({ tenant: options.tenant, ...definition.config, inputs });
    return results.map((result) => {
      if (!result.ok) return { ok: false, error: result.error, retryable: false, logs: result.logs, fatal: result.kind === 'unavailable' };
      return toEvaluation(() => normalizeScores(result.value, scoreName), result.logs);
    });
  }
  if (definition.kind === 'llm_judge') {
    const config = definition.config;
    return mapLimited(inputs, judgeConcurrency, async (input) => {
      try {
        const answer = await runJudge(config, input);
        return { ok: true, scores: [{ name: scoreName, ...answer }], logs: [] };
      } catch (error) {
        return { ok: false, error: (error as Error).message, retryable: error instanceof RetryableJudgeError, logs: [] };
      }
    });
  }
  const match = matchers[definition.kind] as (config: unknown, input: EvalInput) => UnnamedScore;
  return inputs.map((input) => toEvaluation(() => [{ name: scoreName, ...match(definition.config, input) }], []));
}

function toEvaluation(score: () => EvalScore[], logs: string[]): SpanEvaluation {
  try {
    return { ok: true, scores: score(), logs };
  } catch (error) {
    const message = error instanceof InvalidScoreError ? error.message : `the evaluator failed: ${(error as Error).message}`;
    return { ok: false, error: message, retryable: false, logs };
  }
}

async function mapLimited<Item, Result>(items: Item[], limit: number, work: (item: Item) => Promise<Result>): Promise<Result[]> {
  const results: Result[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as Item);
    }
  });
  await Promise.all(lanes);
  return results;
}
