// Python sandbox process (started confined by python-sandbox.ts): reads one request per stdin line, runs its inputs in
// order on the Pyodide thread and answers them in one stdout line, or (`streamEach`, used after a process was killed
// mid-request) one line per input as it finishes, so the parent knows which input was running if it is killed again.
// Times out a call by interrupting Python, then by replacing the thread.
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';

const [pyodideDirectory] = process.argv.slice(2);
const interruptGraceMs = 1000;
const interruptBuffer = new SharedArrayBuffer(4);
const interrupt = new Int32Array(interruptBuffer);

let worker;
let ready;
function startWorker() {
  worker = new Worker(new URL('./python-worker.mjs', import.meta.url), {
    workerData: { pyodideDirectory, pyodideModuleUrl: new URL('pyodide.mjs', `file://${pyodideDirectory}/`).href, interruptBuffer },
  });
  ready = new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/** Sends one call to the thread; after timeoutMs sends SIGINT (KeyboardInterrupt), after the grace replaces the thread. */
function callWorker(message, timeoutMs) {
  return new Promise((resolve) => {
    const current = worker;
    let timedOut = false;
    const onMessage = (reply) => {
      clearTimeout(interruptTimer);
      clearTimeout(killTimer);
      current.off('error', onError);
      resolve(timedOut ? { error: `timed out after ${timeoutMs} ms`, kind: 'timeout', logs: reply.logs } : { ...reply, kind: reply.error ? 'error' : undefined });
    };
    const onError = (error) => {
      clearTimeout(interruptTimer);
      clearTimeout(killTimer);
      startWorker();
      resolve({ error: `the Python thread failed: ${error.message}`, kind: 'error' });
    };
    const interruptTimer = setTimeout(() => {
      timedOut = true;
      Atomics.store(interrupt, 0, 2);
    }, timeoutMs);
    const killTimer = setTimeout(() => {
      current.off('message', onMessage);
      current.off('error', onError);
      void current.terminate();
      startWorker();
      resolve({ error: `timed out after ${timeoutMs} ms (stopped by force)`, kind: 'timeout' });
    }, timeoutMs + interruptGraceMs);
    current.once('message', onMessage);
    current.once('error', onError);
    Atomics.store(interrupt, 0, 0);
    current.postMessage(message);
  });
}

startWorker();
let queue = Promise.resolve();
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  queue = queue.then(async () => {
    const request = JSON.parse(line);
    const results = [];
    try {
      await ready;
    } catch (error) {
      process.stdout.write(`${JSON.stringify({ id: request.id, fatal: `Pyodide did not start: ${error.message}` })}\n`);
      return;
    }
    for (const [index, payload] of request.inputs.entries()) {
      const result = await callWorker({ key: request.key, code: request.code, payload }, request.timeoutMs);
      if (request.streamEach) process.stdout.write(`${JSON.stringify({ id: request.id, index, result })}\n`);
      else results.push(result);
      await ready;
    }
    if (!request.streamEach) process.stdout.write(`${JSON.stringify({ id: request.id, results })}\n`);
  });
});
lines.on('close', () => process.exit(0));
ready.then(() => process.stdout.write(`${JSON.stringify({ ready: true })}\n`), (error) => {
  process.stdout.write(`${JSON.stringify({ fatal: `Pyodide did not start: ${error.message}` })}\n`);
  process.exit(1);
});
