import { existsSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPythonSandbox } from '../../server/eval/sandbox/python-sandbox.ts';

const secret = 'hunter2-loupe-test-secret';
const serverFile = fileURLToPath(new URL('../../package.json', import.meta.url));

describe('Python sandbox (Pyodide in a confined process)', () => {
  // A secret in the server's environment, set before the sandbox process starts.
  process.env.LOUPE_TEST_SECRET = secret;
  const sandbox = createPythonSandbox({ maxProcesses: 1 });
  let listener: Server;
  let connections = 0;
  let port = 0;

  beforeAll(async () => {
    listener = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await sandbox.close();
    listener.close();
    delete process.env.LOUPE_TEST_SECRET;
  });

  const run = async (body: string, options: { timeoutMs?: number; memoryMb?: number } = {}) => {
    const code = `def evaluate(args):\n${body
      .split('\n')
      .map((line) => `    ${line}`)
      .join('\n')}`;
    const [result] = await sandbox.evaluate({ tenant: 'project-a', code, timeoutMs: options.timeoutMs ?? 2000, memoryMb: options.memoryMb ?? 256, inputs: [{ output: 'hi' }] });
    return result;
  };
  /** Runs an attempt that must fail; returns the error text (from an exception, or the returned value). */
  const attempt = async (body: string) => {
    const result = await run(`try:\n    value = (${body})\n    return 'escaped: ' + str(value)\nexcept BaseException as error:\n    return 'blocked: ' + repr(error)`);
    expect(result?.ok).toBe(true);
    return String(result?.ok ? result.value : '');
  };
  const fs = "__import__('js').process.getBuiltinModule('fs')";

  it('runs evaluate() with the stdlib and returns its value and printed lines', async () => {
    const result = await run("import json, re, difflib, math\nprint('ratio', round(difflib.SequenceMatcher(None, 'abc', 'abd').ratio(), 2))\nreturn {'score': math.sqrt(16), 'reasoning': json.dumps(re.findall('h', args['output']))}");
    expect(result).toEqual({ ok: true, value: { score: 4, reasoning: '["h"]' }, logs: ['ratio 0.67'] });
  });

  it('cannot read /etc/passwd or the server files, from Python or through js', async () => {
    expect(await attempt("open('/etc/passwd').read()")).toMatch(/^blocked: FileNotFoundError/);
    expect(await attempt(`${fs}.readFileSync('/etc/passwd', 'utf8')`)).toMatch(/^blocked:.*(ERR_ACCESS_DENIED|Access to this API has been restricted)/);
    expect(await attempt(`${fs}.readFileSync('${serverFile}', 'utf8')`)).toMatch(/^blocked:.*(ERR_ACCESS_DENIED|Access to this API has been restricted)/);
  });

  it('cannot write host files', async () => {
    const target = path.join(tmpdir(), `loupe-escape-${process.pid}`);
    expect(await attempt(`${fs}.writeFileSync('${target}', 'owned')`)).toMatch(/^blocked:/);
    expect(existsSync(target)).toBe(false);
  });

  it("sees none of the server's environment, from os.environ, js.process.env or a pyodide_js constructor chain", async () => {
    expect(await attempt("__import__('os').environ.get('LOUPE_TEST_SECRET') or __import__('js').process.env.LOUPE_TEST_SECRET")).not.toContain(secret);
    expect(await attempt('len(__import__("js").Object.keys(__import__("js").process.env))')).toBe('escaped: 0');
    expect(await attempt("__import__('pyodide_js').constructor.constructor('return process.env.LOUPE_TEST_SECRET')()")).not.toContain(secret);
  });

  it('cannot start processes, nor signal the server', async () => {
    expect(await attempt("__import__('js').process.getBuiltinModule('child_process').execFileSync('/bin/sh', ['-c', 'id'])")).toMatch(/^blocked:/);
    expect(await attempt(`__import__('js').process.kill(${process.pid}, 0)`)).toMatch(/^blocked:.*ESRCH/);
    expect(await attempt("__import__('pyodide_js').constructor.constructor('return process.binding(\"spawn_sync\")')()")).toMatch(/^blocked:/);
  });

  it('cannot open a socket to the host or fetch a URL', async () => {
    const start = await run(
      `import js\nfrom pyodide.code import run_js\nrun_js("""const s = process.getBuiltinModule('net').connect(${port}, '127.0.0.1'); s.on('connect', () => { globalThis.netResult = 'connected' }); s.on('error', (e) => { globalThis.netResult = e.code }); fetch('http://127.0.0.1:${port}/').then(() => { globalThis.fetchResult = 'fetched' }, (e) => { globalThis.fetchResult = String(e.cause && e.cause.code) })""")\nreturn 'started'`,
    );
    expect(start).toMatchObject({ ok: true, value: 'started' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const outcome = await run("import js\nreturn str(getattr(js.globalThis, 'netResult', 'pending'))");
    expect(outcome).toMatchObject({ ok: true, value: expect.stringMatching(/ENETUNREACH|EACCES|ECONNREFUSED/) });
    const fetched = await run("import js\nreturn str(getattr(js.globalThis, 'fetchResult', 'pending'))");
    expect(fetched).toMatchObject({ ok: true, value: expect.stringMatching(/ENETUNREACH|EACCES|ECONNREFUSED/) });
    expect(connections).toBe(0);
  });

  it('stops an infinite loop at the time limit, and the next evaluation still works', async () => {
    expect(await run('while True:\n    pass', { timeoutMs: 300 })).toMatchObject({ ok: false, kind: 'timeout' });
    expect(await run('return 1')).toMatchObject({ ok: true, value: 1 });
  });

  it('kills a memory bomb at the memory limit, and the next evaluation still works', async () => {
    const bomb = 'kept = []\nwhile True:\n    kept.append(bytearray(10 ** 6))';
    expect(await run(bomb, { memoryMb: 64, timeoutMs: 20_000 })).toMatchObject({ ok: false, kind: 'memory' });
    expect(await run('return 2')).toMatchObject({ ok: true, value: 2 });
  });

  it('fails only the input that blew the memory limit: the inputs before and after it in the batch are scored', async () => {
    const code = 'def evaluate(args):\n    print("scoring", args["output"])\n    if args["output"] == "bomb":\n        kept = []\n        while True:\n            kept.append(bytearray(10 ** 6))\n    return len(args["output"])';
    const inputs = ['a', 'bb', 'bomb', 'cccc', 'ddddd'].map((output) => ({ output }));
    const results = await sandbox.evaluate({ tenant: 'project-a', code, timeoutMs: 20_000, memoryMb: 64, inputs });
    expect(results).toEqual([
      { ok: true, value: 1, logs: ['scoring a'] },
      { ok: true, value: 2, logs: ['scoring bb'] },
      { ok: false, kind: 'memory', error: 'exceeded the memory limit of 64 MB', logs: [] },
      { ok: true, value: 4, logs: ['scoring cccc'] },
      { ok: true, value: 5, logs: ['scoring ddddd'] },
    ]);
  });

  it('runs a batch that waited behind one killed for memory on a fresh process instead of failing it', async () => {
    const code = 'def evaluate(args):\n    if args["output"] == "bomb":\n        kept = []\n        while True:\n            kept.append(bytearray(10 ** 6))\n    return len(args["output"])';
    const request = { tenant: 'project-a', code, timeoutMs: 20_000, memoryMb: 64 };
    const [bombed, waiting] = await Promise.all([
      sandbox.evaluate({ ...request, inputs: [{ output: 'bomb' }] }),
      sandbox.evaluate({ ...request, inputs: [{ output: 'a' }, { output: 'bb' }] }),
    ]);
    expect(bombed).toEqual([{ ok: false, kind: 'memory', error: 'exceeded the memory limit of 64 MB', logs: [] }]);
    expect(waiting).toEqual([
      { ok: true, value: 1, logs: [] },
      { ok: true, value: 2, logs: [] },
    ]);
  });

  it('serves another project at once without cutting off a busy interpreter (over the process limit meanwhile)', async () => {
    const slow = sandbox.evaluate({ tenant: 'project-a', code: 'import time\ndef evaluate(a):\n    time.sleep(1)\n    return "a"', timeoutMs: 5000, memoryMb: 256, inputs: [{}] });
    const other = sandbox.evaluate({ tenant: 'project-b', code: 'def evaluate(a):\n    return "b"', timeoutMs: 5000, memoryMb: 256, inputs: [{}] });
    expect((await Promise.all([slow, other])).map(([result]) => result)).toEqual([
      { ok: true, value: 'a', logs: [] },
      { ok: true, value: 'b', logs: [] },
    ]);
  });

  it('refuses to run, with a clear message, when isolation cannot be set up', async () => {
    const unconfined = createPythonSandbox({ isolation: async () => ({ problem: 'Python evaluators are disabled: no unshare here' }) });
    const [result] = await unconfined.evaluate({ tenant: 't', code: 'def evaluate(a):\n    return 1', timeoutMs: 1000, memoryMb: 64, inputs: [{}] });
    expect(result).toMatchObject({ ok: false, kind: 'unavailable', error: 'Python evaluators are disabled: no unshare here' });
    await unconfined.close();
  });
});
