import { describe, expect, it } from 'vitest';
import { evaluatorDefinitionSchema } from '../../server/eval/evaluator-config.ts';
import { type EvalEngines, evaluateSpans } from '../../server/eval/evaluate-spans.ts';
import type { EvalInput } from '../../server/eval/score.ts';

const noSandboxes = {} as EvalEngines;

const spanWith = (overrides: Partial<EvalInput> & { durationMs?: number | null } = {}): EvalInput => {
  const { durationMs = 1200, ...rest } = overrides;
  return {
    input: [{ role: 'user', content: 'Say hi' }],
    output: { role: 'assistant', content: 'Hello, World' },
    expected: 'Hello, world',
    metadata: {},
    span: {
      traceId: 't',
      spanId: 's',
      name: 'chat',
      kind: 'llm',
      status: 'ok',
      model: 'm',
      provider: 'p',
      durationMs,
      inputTokens: 10,
      outputTokens: 20,
      totalTokens: 30,
      costUsd: 0.002,
      ttftMs: null,
      tags: [],
    },
    ...rest,
  };
};

async function score(kind: string, config: Record<string, unknown>, input: EvalInput = spanWith()) {
  const definition = evaluatorDefinitionSchema.parse({ kind, config });
  const [result] = await evaluateSpans({ tenant: 'p', scoreName: kind, definition, inputs: [input], engines: noSandboxes });
  if (!result?.ok) throw new Error(result?.error);
  return result.scores[0];
}

describe('built-in matchers', () => {
  it('exact compares the message text with expected or a fixed value, optionally ignoring case', async () => {
    expect((await score('exact', {}))?.value).toBe(false);
    expect((await score('exact', { ignoreCase: true }))?.value).toBe(true);
    expect((await score('exact', { value: 'Hello, World' }))?.value).toBe(true);
    expect(await score('exact', {}, spanWith({ expected: null }))).toMatchObject({ value: false, comment: expect.stringContaining('no expected value') });
  });

  it('contains checks all or any of the values and names the missing ones', async () => {
    expect(await score('contains', { values: ['Hello', 'Bye'] })).toMatchObject({ value: false, comment: 'missing: Bye' });
    expect((await score('contains', { values: ['Hello', 'Bye'], mode: 'any' }))?.value).toBe(true);
    expect((await score('contains', { values: ['world'], ignoreCase: true }))?.value).toBe(true);
    expect((await score('contains', { field: 'input', values: ['Say'] }))?.value).toBe(true);
  });

  it('regex tests the pattern with its flags', async () => {
    expect((await score('regex', { pattern: '^hello', flags: 'i' }))?.value).toBe(true);
    expect((await score('regex', { pattern: '^world' }))?.value).toBe(false);
  });

  it('json checks the output parses, and against a JSON Schema with the reasons it fails', async () => {
    const valid = spanWith({ output: '{"answer": 42}' });
    expect((await score('json', {}, valid))?.value).toBe(true);
    expect(await score('json', {}, spanWith({ output: '{"answer": 4' }))).toMatchObject({ value: false, comment: expect.stringContaining('not JSON') });
    const schema = { type: 'object', required: ['answer'], properties: { answer: { type: 'string' } } };
    expect(await score('json', { schema }, valid)).toMatchObject({ value: false, comment: expect.stringContaining('must be string') });
    expect((await score('json', { schema }, spanWith({ output: { answer: 'yes' } })))?.value).toBe(true);
  });

  it('levenshtein gives 1 - distance / length', async () => {
    expect((await score('levenshtein', {}))?.value).toBeCloseTo(1 - 1 / 12);
    expect((await score('levenshtein', { ignoreCase: true }))?.value).toBe(1);
  });

  it('threshold passes within [min, max] and fails unknown values', async () => {
    expect(await score('threshold', { metric: 'durationMs', max: 1000 })).toMatchObject({ value: false, comment: 'durationMs = 1200' });
    expect((await score('threshold', { metric: 'totalTokens', min: 10, max: 100 }))?.value).toBe(true);
    expect((await score('threshold', { metric: 'costUsd', max: 0.01 }))?.value).toBe(true);
    expect(await score('threshold', { metric: 'durationMs', max: 1000 }, spanWith({ durationMs: null }))).toMatchObject({ value: false, comment: expect.stringContaining('unknown') });
  });
});
