// What a new evaluator of each kind starts with: working example code, or a config to adjust.
import type { Definition, EvaluatorKind } from '../hooks/use-evaluators.ts';

export const kindLabels: Record<EvaluatorKind, string> = {
  javascript: 'JavaScript',
  python: 'Python',
  llm_judge: 'LLM judge',
  exact: 'Exact match',
  contains: 'Contains',
  regex: 'Regex',
  json: 'JSON / JSON Schema',
  levenshtein: 'Levenshtein similarity',
  threshold: 'Latency / cost / token threshold',
};

export const templates: Record<EvaluatorKind, Record<string, unknown>> = {
  javascript: {
    code: `// Return a number, a boolean, a category string, { value, comment }, or an array of { name, value }.
function evaluate({ input, output, expected, metadata, span }) {
  const text = typeof output === 'string' ? output : JSON.stringify(output);
  return { value: text.length < 2000, comment: \`\${text.length} characters\` };
}`,
  },
  python: {
    code: `# Return a number, a bool, a category string, {"value": ..., "comment": ...}, or a list of {"name", "value"}.
import json

def evaluate(args):
    output = args["output"]
    text = output if isinstance(output, str) else json.dumps(output)
    return {"value": len(text) < 2000, "comment": f"{len(text)} characters"}`,
  },
  llm_judge: {
    prompt: 'Rate from 0 to 1 how well the answer addresses the question.\n\nQuestion: {{input}}\n\nAnswer: {{output}}',
    model: 'gpt-4o-mini',
    baseUrl: 'https://api.openai.com/v1',
    scoreType: 'numeric',
  },
  exact: { field: 'output', ignoreCase: false },
  contains: { field: 'output', values: ['thank you'], mode: 'all', ignoreCase: true },
  regex: { field: 'output', pattern: '^\\s*\\{', flags: '' },
  json: { field: 'output', schema: { type: 'object' } },
  levenshtein: { field: 'output', ignoreCase: true },
  threshold: { metric: 'durationMs', max: 5000 },
};

/** Code kinds are edited as code; the others as their JSON config. */
export function isCodeKind(kind: EvaluatorKind): kind is 'javascript' | 'python' {
  return kind === 'javascript' || kind === 'python';
}

/** The editor's text for a definition: the code, or the config as JSON. */
export function toEditorText(definition: Definition): string {
  if (isCodeKind(definition.kind)) return String(definition.config.code ?? '');
  return JSON.stringify(definition.config, null, 2);
}

/** The definition the editor's text stands for, or the reason it does not parse. */
export function fromEditorText(kind: EvaluatorKind, text: string, previous: Record<string, unknown>): Definition | { problem: string } {
  if (isCodeKind(kind)) return { kind, config: { ...withoutCode(previous), code: text } };
  try {
    const config = JSON.parse(text) as unknown;
    if (typeof config !== 'object' || config === null || Array.isArray(config)) return { problem: 'The config must be a JSON object' };
    return { kind, config: config as Record<string, unknown> };
  } catch (error) {
    return { problem: `The config is not valid JSON: ${(error as Error).message}` };
  }
}

function withoutCode(config: Record<string, unknown>): Record<string, unknown> {
  const { code: _code, hasApiKey: _hasApiKey, ...rest } = config;
  return rest;
}
