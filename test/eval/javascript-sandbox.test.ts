import { afterAll, describe, expect, it } from 'vitest';
import { createJavaScriptSandbox } from '../../server/eval/sandbox/javascript-sandbox.ts';

describe('JavaScript sandbox (QuickJS)', () => {
  const sandbox = createJavaScriptSandbox();
  afterAll(() => sandbox.close());
  const run = async (code: string, options: { timeoutMs?: number; memoryMb?: number; inputs?: unknown[] } = {}) => {
    const results = await sandbox.evaluate({
      tenant: 'project-a',
      code,
      timeoutMs: options.timeoutMs ?? 1000,
      memoryMb: options.memoryMb ?? 32,
      inputs: options.inputs ?? [{ output: 'hello' }],
    });
    return results[0];
  };
  const escapeAttempt = (body: string) => `function evaluate() { try { ${body} } catch (error) { return 'blocked: ' + error } }`;

  it('calls evaluate() with the span and returns its value and console output', async () => {
    const result = await run('function evaluate({ output }) { console.log("saw", output); return { score: output.length } }');
    expect(result).toEqual({ ok: true, value: { score: 5 }, logs: ['saw hello'] });
  });

  it('awaits an async evaluate()', async () => {
    expect(await run('async function evaluate({ output }) { await null; return [{ name: "a", value: 1 }, { name: "b", value: output }] }')).toMatchObject({
      ok: true,
      value: [{ name: 'a', value: 1 }, { name: 'b', value: 'hello' }],
    });
  });

  it('has no process, require, import, fetch, timers or host modules to reach', async () => {
    const result = await run(
      'function evaluate() { return [typeof process, typeof require, typeof fetch, typeof setTimeout, typeof std, typeof os, typeof Deno, typeof Bun, typeof WebAssembly] }',
    );
    expect(result).toMatchObject({ ok: true, value: Array(9).fill('undefined') });
  });

  it('constructor chains reach only the sandbox global', async () => {
    const result = await run(
      escapeAttempt('const g = (function () {}).constructor("return this")(); return [typeof g.process, Object.keys(g).filter((k) => !k.startsWith("__") && k !== "console" && k !== "evaluate")]'),
    );
    expect(result).toMatchObject({ ok: true, value: ['undefined', []] });
  });

  it('cannot load host files through dynamic import', async () => {
    const result = await run(escapeAttempt('import("/etc/passwd"); return "no throw"'));
    expect(result?.ok).toBe(true);
    const settled = await run('async function evaluate() { try { await import("node:fs"); return "loaded" } catch (error) { return "blocked: " + error } }');
    expect(settled).toMatchObject({ ok: true, value: expect.stringContaining('blocked') });
  });

  it('stops an infinite loop at the time limit, and the next evaluation still works', async () => {
    const started = Date.now();
    expect(await run('function evaluate() { for (;;) {} }', { timeoutMs: 200 })).toMatchObject({ ok: false, kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await run('function evaluate() { return 1 }')).toMatchObject({ ok: true, value: 1 });
  });

  it('stops a memory bomb at the memory limit, and the next evaluation still works', async () => {
    const bomb = 'function evaluate() { const kept = []; for (let i = 0; ; i++) kept.push("x".repeat(100000) + i) }';
    expect(await run(bomb, { memoryMb: 16, timeoutMs: 20_000 })).toMatchObject({ ok: false, kind: 'memory' });
    expect(await run('function evaluate() { return "x".repeat(1e9).length }', { memoryMb: 16 })).toMatchObject({ ok: false, kind: 'memory' });
    expect(await run('function evaluate() { return 2 }')).toMatchObject({ ok: true, value: 2 });
  });

  it('reports code without evaluate() and syntax errors clearly', async () => {
    expect(await run('const x = 1')).toMatchObject({ ok: false, error: expect.stringContaining('define a function named evaluate') });
    expect(await run('function evaluate( {')).toMatchObject({ ok: false, error: expect.stringContaining('SyntaxError') });
  });

  it('keeps projects apart: the same code of two projects shares no state', async () => {
    const code = 'let seen = 0; function evaluate() { seen += 1; return seen }';
    const first = await sandbox.evaluate({ tenant: 'project-a', code, timeoutMs: 1000, memoryMb: 32, inputs: [{}, {}] });
    const other = await sandbox.evaluate({ tenant: 'project-b', code, timeoutMs: 1000, memoryMb: 32, inputs: [{}] });
    expect(first.map((result) => result.ok && result.value)).toEqual([1, 2]);
    expect(other[0]).toMatchObject({ ok: true, value: 1 });
  });
});
