// JavaScript evaluators: QuickJS (wasm) in a worker thread, so user code never blocks the server's event loop.
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { type CodeSandbox, type RawResult, type SandboxRequest, type SandboxResult, failAll, fromRawResult } from './code-sandbox.ts';

/** Beyond the calls' own time limits: how long a batch may take before the thread is presumed stuck and replaced. */
const watchdogSlackMs = 10_000;

type Pending = { resolve: (results: SandboxResult[]) => void; count: number; timer: NodeJS.Timeout };

/** QuickJS has no file, network, process or environment APIs: user code reaches only what it is handed. */
export function createJavaScriptSandbox(): CodeSandbox {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, Pending>();

  const failPending = (message: string) => {
    for (const [id, call] of pending) {
      clearTimeout(call.timer);
      call.resolve(failAll(call.count, message, 'error'));
      pending.delete(id);
    }
  };

  const startWorker = () => {
    const started = new Worker(new URL('./javascript-worker.mjs', import.meta.url));
    started.unref();
    started.on('message', (message: { id: number; results: RawResult[] }) => {
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      clearTimeout(call.timer);
      call.resolve(message.results.map(fromRawResult));
    });
    started.on('error', (error) => failPending(`the JavaScript sandbox failed: ${error.message}`));
    started.on('exit', () => {
      if (worker === started) worker = null;
      failPending('the JavaScript sandbox stopped');
    });
    return started;
  };

  return {
    evaluate(request: SandboxRequest) {
      worker ??= startWorker();
      const current = worker;
      const id = nextId++;
      const key = createHash('sha256').update(`${request.tenant}\0${request.memoryMb}\0${request.code}`).digest('hex');
      const inputs = request.inputs.map((input) => JSON.stringify(input));
      return new Promise<SandboxResult[]>((resolve) => {
        const budget = request.inputs.length * request.timeoutMs + watchdogSlackMs;
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(failAll(request.inputs.length, `timed out: the sandbox gave no answer within ${budget} ms`, 'timeout'));
          void current.terminate();
        }, budget);
        pending.set(id, { resolve, count: request.inputs.length, timer });
        current.postMessage({ id, key, code: request.code, timeoutMs: request.timeoutMs, memoryMb: request.memoryMb, inputs });
      });
    },
    async close() {
      const current = worker;
      worker = null;
      failPending('the JavaScript sandbox was closed');
      await current?.terminate();
    },
  };
}
