// QuickJS evaluation thread: runs users' evaluate() off the server's event loop, each program in its own wasm module
// whose memory has a hard maximum (QuickJS's own malloc limit does not add up sizes under Emscripten), with a deadline
// checked by the interrupt handler. Plain JavaScript so it starts without the TypeScript loader.
import { parentPort } from 'node:worker_threads';
import { newQuickJSWASMModule, newVariant, RELEASE_SYNC } from 'quickjs-emscripten';

/** The wasm module declares 16 MiB (256 pages of 64 KiB) as its initial memory: the floor under every limit. */
const basePages = 256;
const pagesPerMegabyte = 16;
/** A program's module is rebuilt after this many calls: the wasm heap never shrinks, a new one starts small. */
const callsPerModule = 10_000;
const maxCachedPrograms = 8;
const maxLogLines = 50;

const prelude = `
globalThis.__logs = [];
const __format = (args) => args.map((a) => typeof a === 'string' ? a : JSON.stringify(a)).join(' ');
globalThis.console = { log: (...a) => { if (__logs.length < ${maxLogLines}) __logs.push(__format(a)); } };
console.info = console.warn = console.error = console.debug = console.log;
`;
const runner = `
(function (payload) {
  globalThis.__logs = [];
  globalThis.__settled = undefined;
  const result = evaluate(JSON.parse(payload));
  const settle = (value) => { globalThis.__settled = { ok: JSON.stringify(value === undefined ? null : value) }; };
  if (result && typeof result.then === 'function') {
    result.then(settle, (error) => { globalThis.__settled = { error: String(error && error.stack || error) }; });
  } else settle(result);
})`;

/** key -> { runtime, context, run, calls, deadline }, least recently used first. */
const programs = new Map();

let queue = Promise.resolve();
parentPort.on('message', (request) => {
  queue = queue.then(async () => {
    const results = [];
    for (const payload of request.inputs) results.push(await evaluateOne(request, payload));
    parentPort.postMessage({ id: request.id, results });
  });
});

async function evaluateOne(request, payload) {
  let program;
  try {
    program = programs.get(request.key) ?? (await loadProgram(request));
  } catch (error) {
    return failure(error, request);
  }
  programs.delete(request.key);
  programs.set(request.key, program);
  program.deadline = Date.now() + request.timeoutMs;
  const { context } = program;
  const argument = context.newString(payload);
  const call = context.callFunction(program.run, context.undefined, argument);
  argument.dispose();
  if (call.error) return failWith(program, request, call.error);
  call.value.dispose();
  const jobs = program.runtime.executePendingJobs();
  if (jobs.error) return failWith(program, request, jobs.error);
  const settled = context.getProp(context.global, '__settled');
  const outcome = context.dump(settled);
  settled.dispose();
  const logs = readLogs(context);
  program.calls += 1;
  if (program.calls >= callsPerModule) disposeProgram(request.key);
  if (!outcome) return { error: 'evaluate() returned a promise that never settled', kind: 'error', logs };
  if (outcome.error) return { error: outcome.error, kind: 'error', logs };
  return { ok: outcome.ok, logs };
}

async function loadProgram(request) {
  const maximum = basePages + request.memoryMb * pagesPerMegabyte;
  const wasmMemory = new WebAssembly.Memory({ initial: basePages, maximum });
  const wasmModule = await newQuickJSWASMModule(newVariant(RELEASE_SYNC, { wasmMemory }));
  const runtime = wasmModule.newRuntime();
  runtime.setMemoryLimit(request.memoryMb * 1024 * 1024);
  runtime.setMaxStackSize(512 * 1024);
  const program = { runtime, context: runtime.newContext(), run: undefined, calls: 0, deadline: Date.now() + request.timeoutMs };
  runtime.setInterruptHandler(() => Date.now() > program.deadline);
  try {
    for (const [source, name] of [[prelude, 'prelude.js'], [request.code, 'evaluator.js']]) {
      const evaluated = program.context.evalCode(source, name);
      if (evaluated.error) throw describeHandle(program.context, evaluated.error);
      evaluated.value.dispose();
    }
    const evaluateType = program.context.evalCode('typeof evaluate');
    const type = program.context.dump(program.context.unwrapResult(evaluateType));
    if (type !== 'function') throw new UserError('define a function named evaluate: function evaluate({ input, output, expected, metadata, span }) { ... }');
    program.run = program.context.unwrapResult(program.context.evalCode(runner, 'runner.js'));
  } catch (error) {
    disposeAll(program);
    throw error;
  }
  programs.set(request.key, program);
  while (programs.size > maxCachedPrograms) disposeProgram(programs.keys().next().value);
  return program;
}

class UserError extends Error {}

function describeHandle(context, handle) {
  const dumped = context.dump(handle);
  handle.dispose();
  const message = typeof dumped === 'object' && dumped !== null ? `${dumped.name ?? 'Error'}: ${dumped.message}` : String(dumped);
  return new UserError(message);
}

function failWith(program, request, handle) {
  const error = describeHandle(program.context, handle);
  const logs = readLogs(program.context);
  // After an interrupt or an allocation failure the runtime's state is suspect: start the next call from scratch.
  const result = failure(error, request);
  if (result.kind !== 'error') disposeProgram(request.key);
  return { ...result, logs };
}

function failure(error, request) {
  const message = error instanceof Error ? error.message : String(error);
  if (/interrupted/i.test(message)) return { error: `timed out after ${request.timeoutMs} ms`, kind: 'timeout' };
  if (/out of memory|stack overflow|memory access out of bounds/i.test(message)) {
    return { error: `exceeded the memory limit of ${request.memoryMb} MB (${message})`, kind: 'memory' };
  }
  return { error: message, kind: 'error' };
}

function readLogs(context) {
  const handle = context.getProp(context.global, '__logs');
  const logs = context.dump(handle);
  handle.dispose();
  return Array.isArray(logs) ? logs : [];
}

function disposeProgram(key) {
  const program = programs.get(key);
  if (!program) return;
  programs.delete(key);
  disposeAll(program);
}

function disposeAll(program) {
  try {
    program.run?.dispose();
    program.context.dispose();
    program.runtime.dispose();
  } catch {
    // A module that ran out of memory may refuse an orderly teardown; dropping it frees its memory all the same.
  }
}
