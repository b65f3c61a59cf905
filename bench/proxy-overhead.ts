// Proxy overhead: latency added by Loupe's /proxy (logging on) and by @portkey-ai/gateway over direct calls to the
// same mock upstream, paired and interleaved, at concurrency 1 and 32; streaming TTFT added; throughput vs direct.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent } from 'undici';
import { startMockOpenAi } from '../test/helpers/mock-openai.ts';
import { openScratchPostgres } from '../test/helpers/store.ts';

type Route = { label: string; url: string; headers: Record<string, string> };
export type OverheadRow = { label: string; p50: number; p99: number; addedP50: number; addedP99: number };
export type ProxyOverheadResult = {
  latency: { concurrency: number; rows: OverheadRow[] }[];
  ttft: OverheadRow[];
  /** Routes whose streaming failed on this machine, with the reason. */
  streamingUnavailable: string[];
  throughput: { label: string; perSecond: number; ratio: number }[];
  loggedCalls: string;
};

const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Benchmark me, briefly.' }] });
const streamBody = JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Stream, briefly.' }] });

/** databaseUrl: run Loupe on PostgreSQL (span writes leave the process); otherwise embedded PGlite. */
export async function benchmarkProxyOverhead(options: { calls?: number; databaseUrl?: string } = {}): Promise<ProxyOverheadResult> {
  const calls = options.calls ?? 2000;
  const mock = await startMockOpenAi();
  const directory = mkdtempSync(path.join(tmpdir(), 'loupe-bench-proxy-'));
  const routing = path.join(directory, 'proxy.json');
  writeFileSync(routing, JSON.stringify({ projects: { default: { targets: [{ name: 'mock', baseUrl: mock.baseUrl, apiKey: 'sk-bench' }] } } }));
  // A fresh database: the first start seeds the default project and prints its key.
  const scratch = options.databaseUrl ? await openScratchPostgres(options.databaseUrl, 'loupe_bench_proxy') : null;
  const loupe = await startChild({
    command: [process.execPath, 'server/cli/loupe.mjs', 'start'],
    env: {
      PORT: '0',
      LOUPE_DATA_DIR: path.join(directory, 'data'),
      DATABASE_URL: scratch?.url ?? '',
      LOUPE_PROXY_CONFIG: routing,
      LOUPE_ADMIN_TOKEN: 'bench-admin-token-0123456789',
    },
  });
  const portkeyPort = 18_000 + Math.floor(Math.random() * 1000);
  const gateway = createRequire(import.meta.url).resolve('@portkey-ai/gateway/build/start-server.js');
  const portkey = await startChild({ command: [process.execPath, gateway, `--port=${portkeyPort}`, '--headless'], env: {} });
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  const routes: Route[] = [
    { label: 'direct', url: `${mock.baseUrl}/chat/completions`, headers: { authorization: 'Bearer sk-bench' } },
    { label: 'Loupe proxy', url: `http://127.0.0.1:${loupe.port}/proxy/v1/chat/completions`, headers: { authorization: `Bearer ${loupe.apiKey}` } },
    {
      label: 'Portkey gateway',
      url: `http://127.0.0.1:${portkeyPort}/v1/chat/completions`,
      headers: { authorization: 'Bearer sk-bench', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': mock.baseUrl },
    },
  ];
  try {
    await waitUntilAnswering(dispatcher, routes);
    const call = (route: Route, payload = body) => timeCall(dispatcher, route, payload);
    for (let index = 0; index < 200; index += 1) for (const route of routes) await call(route); // warm-up
    const latency = [];
    for (const concurrency of [1, 32]) latency.push({ concurrency, rows: summarize(await interleave(routes, { calls, concurrency, call })) });
    const streaming: Route[] = [];
    const unavailable: string[] = [];
    for (const route of routes) {
      const probe = await call(route, streamBody).then(() => null, (error: Error) => error.message);
      if (probe) unavailable.push(`${route.label}: ${probe}`);
      else streaming.push(route);
    }
    const ttft = summarize(await interleave(streaming, { calls: Math.min(calls, 1000), concurrency: 1, call: (route) => call(route, streamBody) }));
    const throughput = [];
    for (const route of routes) {
      const started = performance.now();
      await runConcurrently(calls * 2, 32, () => call(route));
      throughput.push({ label: route.label, perSecond: (calls * 2) / ((performance.now() - started) / 1000), ratio: 0 });
    }
    for (const row of throughput) row.ratio = row.perSecond / (throughput[0]?.perSecond ?? 1);
    const stats = await fetchStats(loupe.port);
    return { latency, ttft, streamingUnavailable: unavailable, throughput, loggedCalls: stats };
  } finally {
    await dispatcher.close();
    loupe.process.kill('SIGTERM');
    portkey.process.kill('SIGTERM');
    await mock.close();
    await scratch?.close();
  }
}

/** Each round calls every route once, in a rotating order, so drift and noise hit all of them alike. */
async function interleave(routes: Route[], options: { calls: number; concurrency: number; call: (route: Route) => Promise<number> }) {
  const samples = new Map(routes.map((route) => [route.label, [] as number[]]));
  let round = 0;
  await runConcurrently(options.calls, options.concurrency, async () => {
    const offset = round++ % routes.length;
    for (let index = 0; index < routes.length; index += 1) {
      const route = routes[(index + offset) % routes.length] as Route;
      samples.get(route.label)?.push(await options.call(route));
    }
  });
  return samples;
}

function summarize(samples: Map<string, number[]>): OverheadRow[] {
  const percentile = (values: number[], fraction: number) => {
    const sorted = [...values].sort((left, right) => left - right);
    return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
  };
  const direct = samples.get('direct') ?? [];
  return [...samples].map(([label, values]) => ({
    label,
    p50: percentile(values, 0.5),
    p99: percentile(values, 0.99),
    addedP50: percentile(values, 0.5) - percentile(direct, 0.5),
    addedP99: percentile(values, 0.99) - percentile(direct, 0.99),
  }));
}

/** Milliseconds until the first body byte (TTFT for streams), after reading the whole answer for JSON. */
async function timeCall(dispatcher: Agent, route: Route, payload: string): Promise<number> {
  const url = new URL(route.url);
  const started = performance.now();
  const response = await dispatcher.request({
    origin: url.origin,
    path: url.pathname,
    method: 'POST',
    headers: { ...route.headers, 'content-type': 'application/json' },
    body: payload,
  });
  let firstByte = 0;
  for await (const _chunk of response.body) firstByte ||= performance.now();
  if (response.statusCode !== 200) throw new Error(`${route.label} answered ${response.statusCode}`);
  return (payload === streamBody ? firstByte : performance.now()) - started;
}

async function runConcurrently(total: number, concurrency: number, task: () => Promise<unknown>): Promise<void> {
  let started = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < total) {
        started += 1;
        await task();
      }
    }),
  );
}

async function waitUntilAnswering(dispatcher: Agent, routes: Route[]): Promise<void> {
  for (const route of routes) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await timeCall(dispatcher, route, body);
        break;
      } catch (error) {
        if (attempt > 100) throw new Error(`${route.label} never answered: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

async function fetchStats(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/trpc/proxy.stats`, {
    headers: { authorization: 'Bearer bench-admin-token-0123456789', 'x-loupe-project': 'default' },
  });
  const stats = ((await response.json()) as { result: { data: { log: Record<string, number> } } }).result.data.log;
  return `${stats.written} spans written, ${stats.dropped} dropped, ${stats.queued} queued`;
}

/** Spawns a server and resolves once its output shows it listening (and, for Loupe, its printed API key). */
async function startChild(options: { command: string[]; env: Record<string, string> }) {
  const [command = '', ...args] = options.command;
  const child: ChildProcess = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise<{ process: ChildProcess; port: number; apiKey: string }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /listening on http:\/\/localhost:(\d+)/.exec(output)?.[1];
      const apiKey = /API key: (lp_[\w-]+)/.exec(output)?.[1] ?? '';
      const isLoupe = options.env.LOUPE_DATA_DIR !== undefined;
      if (isLoupe && port && apiKey) resolve({ process: child, port: Number(port), apiKey });
      if (!isLoupe && /Ready for connections/i.test(output)) resolve({ process: child, port: 0, apiKey: '' });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}: ${output.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`${command} did not start within 60 s: ${output.slice(-2000)}`)), 60_000).unref();
  });
}
