// Built-in matchers: exact, contains, regex, JSON valid / JSON Schema, Levenshtein similarity, metric thresholds.
import { Ajv } from 'ajv';
import { distance } from 'fastest-levenshtein';
import type { EvaluatorConfigs } from '../evaluator-config.ts';
import type { EvalInput, UnnamedScore } from '../score.ts';

/** Each matcher returns its value and, when it helps the reader, a comment saying why. */
export const matchers = {
  exact(config: EvaluatorConfigs['exact'], span: EvalInput): UnnamedScore {
    const actual = normalize(textOf(span[config.field]), config);
    const wanted = config.value ?? textOf(span.expected);
    if (wanted === null) return { value: false, comment: 'no expected value: set config.value or span metadata.expected' };
    return { value: actual === normalize(wanted, config), comment: null };
  },

  contains(config: EvaluatorConfigs['contains'], span: EvalInput): UnnamedScore {
    const text = normalize(textOf(span[config.field]), { ignoreCase: config.ignoreCase }) ?? '';
    const missing = config.values.filter((value) => !text.includes(normalize(value, { ignoreCase: config.ignoreCase }) ?? ''));
    const passed = config.mode === 'all' ? missing.length === 0 : missing.length < config.values.length;
    return { value: passed, comment: passed || config.mode === 'any' ? null : `missing: ${missing.join(', ')}` };
  },

  regex(config: EvaluatorConfigs['regex'], span: EvalInput): UnnamedScore {
    return { value: new RegExp(config.pattern, config.flags).test(textOf(span[config.field]) ?? ''), comment: null };
  },

  json(config: EvaluatorConfigs['json'], span: EvalInput): UnnamedScore {
    const value = span[config.field];
    let parsed: unknown = value;
    if (typeof value === 'string') {
      try {
        parsed = JSON.parse(value);
      } catch (error) {
        return { value: false, comment: `not JSON: ${(error as Error).message}` };
      }
    } else if (value === null || value === undefined) {
      return { value: false, comment: `${config.field} is empty` };
    }
    if (!config.schema) return { value: true, comment: null };
    const validate = compileSchema(config.schema);
    const valid = validate(parsed) as boolean;
    return { value: valid, comment: valid ? null : validatorErrors(validate) };
  },

  levenshtein(config: EvaluatorConfigs['levenshtein'], span: EvalInput): UnnamedScore {
    const wanted = config.value ?? textOf(span.expected);
    if (wanted === null) return { value: 0, comment: 'no expected value: set config.value or span metadata.expected' };
    const actual = normalize(textOf(span[config.field]), config) ?? '';
    const target = normalize(wanted, config) ?? '';
    const longest = Math.max(actual.length, target.length);
    return { value: longest === 0 ? 1 : 1 - distance(actual, target) / longest, comment: null };
  },

  threshold(config: EvaluatorConfigs['threshold'], span: EvalInput): UnnamedScore {
    const measured = span.span[config.metric];
    if (measured === null) return { value: false, comment: `${config.metric} is unknown for this span` };
    const passed = (config.min === undefined || measured >= config.min) && (config.max === undefined || measured <= config.max);
    return { value: passed, comment: `${config.metric} = ${measured}` };
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const compiledSchemas = new WeakMap<object, ReturnType<typeof ajv.compile>>();

function compileSchema(schema: Record<string, unknown>) {
  const cached = compiledSchemas.get(schema);
  if (cached) return cached;
  const validate = ajv.compile(schema);
  compiledSchemas.set(schema, validate);
  return validate;
}

function validatorErrors(validate: ReturnType<typeof ajv.compile>): string {
  return ajv.errorsText(validate.errors, { separator: '; ', dataVar: 'output' });
}

/** Checks a JSON Schema compiles, for config validation; returns the problem or null. */
export function describeSchemaProblem(schema: Record<string, unknown>): string | null {
  try {
    ajv.compile(schema);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The text a matcher reads: strings as they are; a chat message or message list by its (last) content;
 * anything else as JSON.
 */
export function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const last = value.at(-1);
    if (isMessage(last)) return contentText(last.content);
  } else if (isMessage(value)) {
    return contentText(value.content);
  }
  return JSON.stringify(value);
}

function isMessage(value: unknown): value is { content: unknown } {
  return typeof value === 'object' && value !== null && 'content' in value;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (typeof part === 'object' && part && 'text' in part ? String(part.text) : '')).join('');
  }
  return JSON.stringify(content);
}

function normalize(text: string | null, options: { ignoreCase?: boolean; trim?: boolean }): string | null {
  if (text === null) return null;
  const trimmed = options.trim ? text.trim() : text;
  return options.ignoreCase ? trimmed.toLowerCase() : trimmed;
}

export type MatcherKind = keyof typeof matchers;
