// What evaluators see and return: the evaluate() argument built from a span, and the scores it may return, checked.
import type { FullSpanRow } from '../store/queries/spans.ts';

/** The single argument of a user's evaluate(): the span's payloads, the expected answer and the span itself. */
export type EvalInput = {
  input: unknown;
  output: unknown;
  /** span.metadata.expected when the app recorded one (or the dataset's answer), else null. */
  expected: unknown;
  metadata: Record<string, unknown>;
  span: EvalSpan;
};

/** The span fields an evaluator may read (payloads are also at the top level). */
export type EvalSpan = {
  traceId: string;
  spanId: string;
  name: string;
  kind: string;
  status: string;
  model: string | null;
  provider: string | null;
  durationMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  costUsd: number | null;
  ttftMs: number | null;
  tags: string[];
};

export type ScoreValue = number | boolean | string;

/** One judgement: a numeric, boolean or categorical value with an optional comment (the judge's reasoning). */
export type EvalScore = { name: string; value: ScoreValue; comment: string | null };
/** A judgement before it is named: matchers and the judge give these, and they take the evaluator's name. */
export type UnnamedScore = Omit<EvalScore, 'name'>;

/** The evaluate() argument for a stored span. */
export function toEvalInput(span: FullSpanRow): EvalInput {
  const metadata = isRecord(span.metadata) ? span.metadata : {};
  return {
    input: span.input ?? null,
    output: span.output ?? null,
    expected: metadata.expected ?? null,
    metadata,
    span: {
      traceId: span.traceId,
      spanId: span.spanId,
      name: span.name,
      kind: span.kind,
      status: span.status,
      model: span.model,
      provider: span.provider,
      durationMs: span.durationMs === null ? null : Number(span.durationMs),
      inputTokens: span.inputTokens,
      outputTokens: span.outputTokens,
      totalTokens: span.totalTokens,
      costUsd: span.costUsd === null ? null : Number(span.costUsd),
      ttftMs: span.ttftMs === null ? null : Number(span.ttftMs),
      tags: span.tags ?? [],
    },
  };
}

/** An evaluator's result is unusable: the message says what was returned and what is accepted. */
export class InvalidScoreError extends Error {}

const maxScoresPerCall = 20;
const maxNameLength = 200;
const maxCategoryLength = 200;
const maxCommentLength = 10_000;

/**
 * Accepts what evaluate() may return: a number, boolean or string, `{ value | score, name?, comment? | reasoning? }`,
 * or an array of those; unnamed scores take the evaluator's name.
 */
export function normalizeScores(returned: unknown, defaultName: string): EvalScore[] {
  const items = Array.isArray(returned) ? returned : [returned];
  if (items.length === 0) throw new InvalidScoreError('evaluate() returned an empty array: return at least one score');
  if (items.length > maxScoresPerCall) {
    throw new InvalidScoreError(`evaluate() returned ${items.length} scores; at most ${maxScoresPerCall} per span`);
  }
  const scores = items.map((item) => normalizeOne(item, defaultName));
  const names = new Set(scores.map((score) => score.name));
  if (names.size !== scores.length) throw new InvalidScoreError('evaluate() returned two scores with the same name');
  return scores;
}

function normalizeOne(item: unknown, defaultName: string): EvalScore {
  if (!isRecord(item)) return { name: defaultName, value: checkValue(item), comment: null };
  const name = item.name ?? defaultName;
  if (typeof name !== 'string' || name.length === 0 || name.length > maxNameLength) {
    throw new InvalidScoreError(`score name must be a string of 1-${maxNameLength} characters, got ${describe(name)}`);
  }
  const comment = item.comment ?? item.reasoning ?? null;
  if (comment !== null && typeof comment !== 'string') {
    throw new InvalidScoreError(`score comment/reasoning must be a string, got ${describe(comment)}`);
  }
  return { name, value: checkValue('value' in item ? item.value : item.score), comment: comment?.slice(0, maxCommentLength) ?? null };
}

function checkValue(value: unknown): ScoreValue {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && value.length > 0 && value.length <= maxCategoryLength) return value;
  throw new InvalidScoreError(
    `a score must be a finite number, a boolean or a category string of 1-${maxCategoryLength} characters, got ${describe(value)}`,
  );
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
