// Python evaluators: Pyodide in confined child processes (python-isolation.ts), one per project at a time so projects
// never share an interpreter, reused across calls; a process over its memory limit or stuck past its time is killed and
// the inputs it had not answered run again on a fresh process, answered one by one, so that only the input that kills
// it again fails (with the reason).
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { type CodeSandbox, type RawResult, type SandboxRequest, type SandboxResult, failAll, fromRawResult } from './code-sandbox.ts';
import { type Isolation, probeIsolation } from './python-isolation.ts';

export type PythonSandboxOptions = {
  /** Interpreters kept at once (each holds ~100 MB); the least recently used idle one is stopped for a new project. */
  maxProcesses?: number;
  /** How often a busy process's memory is read. */
  memoryPollMs?: number;
  /** How to confine the interpreter (default: probe this machine once); a problem makes every call refuse. */
  isolation?: () => Promise<Isolation>;
};

const startTimeoutMs = 60_000;
const watchdogSlackMs = 15_000;
/** Rounds in a row a call may get no answer from a fresh process before its inputs fail. */
const maxIdleRounds = 3;

/**
 * Results arrive all at once, or with `streamEach` one per input in order; a process that dies streaming answers up to
 * and including the input it was running (which fails), and batched (or before the call started) answers nothing.
 */
type Call = { request: SandboxRequest; streamEach: boolean; results: SandboxResult[]; resolve: (results: SandboxResult[]) => void };

export function createPythonSandbox(options: PythonSandboxOptions = {}): CodeSandbox {
  const maxProcesses = options.maxProcesses ?? 2;
  const processes = new Map<string, PythonProcess>();

  const processFor = async (tenant: string): Promise<PythonProcess | { problem: string }> => {
    const existing = processes.get(tenant);
    if (existing && !existing.exited) {
      processes.delete(tenant);
      processes.set(tenant, existing);
      return existing;
    }
    const isolation = await (options.isolation ?? probeIsolation)();
    if ('problem' in isolation) return isolation;
    // Stop the least recently used idle interpreters; busy ones finish first (the limit is exceeded meanwhile).
    for (const [oldTenant, old] of processes) {
      if (processes.size < maxProcesses) break;
      if (old.busy) continue;
      processes.delete(oldTenant);
      await old.stop();
    }
    const started = new PythonProcess(isolation, options.memoryPollMs ?? 50);
    processes.set(tenant, started);
    return started;
  };

  return {
    async evaluate(request) {
      const results: SandboxResult[] = [];
      // Batched is fastest; after a process died mid-batch the rest goes one answer at a time, so each round progresses
      // (a single input is answered the same either way). A round can also answer nothing when the process died while
      // this call waited behind another; a fresh process then takes it, a few times at most.
      let streamEach = request.inputs.length === 1;
      for (let idleRounds = 0; results.length < request.inputs.length; ) {
        const remaining = request.inputs.slice(results.length);
        const target = await processFor(request.tenant);
        if ('problem' in target) return [...results, ...failAll(remaining.length, target.problem, 'unavailable')];
        if (idleRounds === maxIdleRounds) return [...results, ...failAll(remaining.length, 'the Python sandbox kept stopping before answering', 'error')];
        const answered = await target.run({ ...request, inputs: remaining }, streamEach);
        results.push(...answered);
        idleRounds = answered.length === 0 ? idleRounds + 1 : 0;
        streamEach = true;
      }
      return results;
    },
    async close() {
      const all = [...processes.values()];
      processes.clear();
      await Promise.all(all.map((child) => child.stop()));
    },
  };
}

/** One confined interpreter: requests go one at a time as JSON lines; memory is watched while one runs. */
class PythonProcess {
  exited = false;
  private readonly child: ChildProcess;
  private readonly ready: Promise<string | null>;
  private queue: Promise<unknown> = Promise.resolve();
  private current: { id: number; call: Call; timer: NodeJS.Timeout } | null = null;
  private nextId = 0;
  private killedFor: { message: string; kind: 'memory' | 'timeout' } | null = null;
  private baselineKb = 0;
  private memoryTimer: NodeJS.Timeout | null = null;

  constructor(
    isolation: { command: string; args: string[] },
    private readonly memoryPollMs: number,
  ) {
    this.child = spawn(isolation.command, isolation.args, { env: {}, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    this.child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    let signalReady: (problem: string | null) => void = () => {};
    this.ready = new Promise((resolve) => {
      signalReady = resolve;
    });
    const startTimer = setTimeout(() => signalReady(`Pyodide did not start within ${startTimeoutMs} ms`), startTimeoutMs);
    createInterface({ input: this.child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const message = JSON.parse(line) as { ready?: true; fatal?: string; id?: number; result?: RawResult; results?: RawResult[] };
      const current = this.current;
      if (current && message.id === current.id) {
        const { results, request } = current.call;
        if (message.fatal) results.push(...failAll(request.inputs.length - results.length, message.fatal, 'error'));
        else if (message.results) results.push(...message.results.map(fromRawResult));
        else if (message.result) results.push(fromRawResult(message.result));
        if (results.length === request.inputs.length) this.finish();
        return;
      }
      if (message.ready || message.fatal) {
        clearTimeout(startTimer);
        this.baselineKb = readTreeRssKb(this.child.pid);
        signalReady(message.fatal ?? null);
        return;
      }
    });
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      clearTimeout(startTimer);
      const reason = this.killedFor ?? { message: `the Python sandbox exited (${signal ?? code}): ${stderr.trim().split('\n').at(-1) ?? ''}`, kind: 'error' as const };
      signalReady(reason.message);
      if (this.current) {
        const { call } = this.current;
        if (call.streamEach) call.results.push({ ok: false, error: reason.message, kind: reason.kind, logs: [] });
        this.finish();
      }
    });
  }

  /** Calls waiting or running here. */
  private inFlight = 0;

  get busy(): boolean {
    return this.inFlight > 0;
  }

  /** All of the request's results, or fewer if the process dies (see Call). */
  run(request: SandboxRequest, streamEach: boolean): Promise<SandboxResult[]> {
    this.inFlight += 1;
    const result = this.queue.then(() => this.send(request, streamEach)).finally(() => {
      this.inFlight -= 1;
    });
    this.queue = result;
    return result;
  }

  private async send(request: SandboxRequest, streamEach: boolean): Promise<SandboxResult[]> {
    const problem = await this.ready;
    if (problem) return failAll(request.inputs.length, problem, 'error');
    // Stopped while this call waited: nothing ran, so the caller sends it to a fresh process.
    if (this.exited) return [];
    return new Promise((resolve) => {
      const id = this.nextId++;
      const budget = request.inputs.length * (request.timeoutMs + 1000) + watchdogSlackMs;
      const timer = setTimeout(() => this.kill(`timed out: the sandbox gave no answer within ${budget} ms`, 'timeout'), budget);
      this.current = { id, call: { request, streamEach, results: [], resolve }, timer };
      this.watchMemory(request.memoryMb);
      const key = createHash('sha256').update(request.code).digest('hex');
      const line = JSON.stringify({ id, key, code: request.code, timeoutMs: request.timeoutMs, streamEach, inputs: request.inputs.map((input) => JSON.stringify(input)) });
      this.child.stdin?.write(`${line}\n`);
    });
  }

  private watchMemory(memoryMb: number) {
    const limitKb = this.baselineKb + memoryMb * 1024;
    this.memoryTimer = setInterval(() => {
      const usedKb = readTreeRssKb(this.child.pid);
      if (usedKb > limitKb) this.kill(`exceeded the memory limit of ${memoryMb} MB`, 'memory');
    }, this.memoryPollMs);
  }

  private finish() {
    if (!this.current) return;
    clearTimeout(this.current.timer);
    if (this.memoryTimer) clearInterval(this.memoryTimer);
    const { resolve, results } = this.current.call;
    this.current = null;
    resolve(results);
  }

  private kill(message: string, kind: 'memory' | 'timeout') {
    this.killedFor = { message, kind };
    this.child.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}

/** Resident memory of a process and all its descendants, in KiB (0 once it is gone). */
function readTreeRssKb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  let total = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop() as number;
    try {
      const status = readFileSync(`/proc/${current}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const children = readFileSync(`/proc/${current}/task/${current}/children`, 'utf8').trim();
      if (children) pending.push(...children.split(/\s+/).map(Number));
    } catch {
      // The process ended between reads.
    }
  }
  return total;
}
