// Evaluation benchmarks: JavaScript (QuickJS) and Python (confined Pyodide) evaluations per second against a bare
// in-process call of the same logic, and a 100k-span posthoc run against reading and scoring the spans in process.
import type { EvalInput } from '../server/eval/score.ts';
import { createJavaScriptSandbox } from '../server/eval/sandbox/javascript-sandbox.ts';
import { createPythonSandbox } from '../server/eval/sandbox/python-sandbox.ts';
import { toEvalInput } from '../server/eval/score.ts';
import { startEvalService } from '../server/jobs/eval-service.ts';
import { createEvalRun, readEvalRun, toStoredFilter } from '../server/store/queries/eval-runs.ts';
import { createEvaluator } from '../server/store/queries/evaluators.ts';
import { createProject } from '../server/store/queries/projects.ts';
import { exportSpanPage } from '../server/store/queries/spans.ts';
import type { BenchDatabase } from './databases.ts';
import { seedAtScale } from './seed-at-scale.ts';

const javascriptCode = 'function evaluate({ output, expected }) { const text = (output && output.content) || ""; return { value: text.length > 10 && text.includes("Answer"), comment: String(text.length) } }';
const pythonCode = 'def evaluate(args):\n    text = (args["output"] or {}).get("content", "")\n    return {"value": len(text) > 10 and "Answer" in text, "comment": str(len(text))}';

function sampleInputs(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    input: [{ role: 'user', content: `Question ${index}` }],
    output: { role: 'assistant', content: `Answer ${index} ${'x'.repeat(index % 50)}` },
    expected: null,
    metadata: {},
    span: { spanId: String(index) },
  }));
}

/** The same logic called directly, with the same JSON round trip the sandboxes do (the fair floor). */
function bareRate(inputs: unknown[], repeat: number): number {
  const evaluate = new Function(`${javascriptCode}; return evaluate;`)() as (input: unknown) => unknown;
  const started = performance.now();
  for (let round = 0; round < repeat; round += 1) {
    for (const input of inputs) JSON.stringify(evaluate(JSON.parse(JSON.stringify(input))));
  }
  return (inputs.length * repeat) / ((performance.now() - started) / 1000);
}

export type SandboxRates = { label: string; batchRate: number; singleRate: number; bareRate: number };

export async function benchmarkSandboxes(): Promise<SandboxRates[]> {
  const inputs = sampleInputs(10_000);
  const bare = bareRate(inputs, 5);
  const results: SandboxRates[] = [];
  const javascript = createJavaScriptSandbox();
  const python = createPythonSandbox({ maxProcesses: 1 });
  try {
    for (const [label, sandbox, code, batch] of [
      ['JavaScript (QuickJS)', javascript, javascriptCode, 10_000],
      ['Python (Pyodide, confined)', python, pythonCode, 5_000],
    ] as const) {
      const request = { tenant: 'bench', code, timeoutMs: 1000, memoryMb: 128 };
      await sandbox.evaluate({ ...request, inputs: inputs.slice(0, 10) });
      let started = performance.now();
      const results_ = await sandbox.evaluate({ ...request, inputs: inputs.slice(0, batch) });
      if (results_.some((result) => !result.ok)) throw new Error(`${label}: ${JSON.stringify(results_.find((result) => !result.ok))}`);
      const batchRate = batch / ((performance.now() - started) / 1000);
      started = performance.now();
      for (let index = 0; index < 500; index += 1) await sandbox.evaluate({ ...request, inputs: [inputs[index]] });
      const singleRate = 500 / ((performance.now() - started) / 1000);
      results.push({ label, batchRate, singleRate, bareRate: bare });
    }
  } finally {
    await javascript.close();
    await python.close();
  }
  return results;
}

export type PosthocResult = { database: string; spans: number; seconds: number; inProcessSeconds: number; scored: number };

/** Seeds `spanCount` spans, runs a JavaScript evaluator over all of them through the queue, and times it. */
export async function benchmarkPosthocRun(database: BenchDatabase, spanCount: number): Promise<PosthocResult> {
  const store = await database.open();
  try {
    const project = await createProject(store.db, 'bench-evals');
    if (!project) throw new Error('could not create the bench project');
    await seedAtScale(store, project.id, spanCount);
    const now = BigInt(Date.now()) * 1_000_000n;
    const filter = { fromUnixNano: now - 8n * 86_400_000_000_000n, toUnixNano: now + 1n, kinds: ['llm'] };

    // Baseline: page through the same spans with payloads and call the evaluator in process.
    const evaluate = new Function(`${javascriptCode}; return evaluate;`)() as (input: EvalInput) => unknown;
    let started = performance.now();
    let after: Parameters<typeof exportSpanPage>[1]['after'];
    let counted = 0;
    for (;;) {
      const page = await exportSpanPage(store.db, { projectId: project.id, filter, order: 'desc', limit: 1000, after });
      for (const span of page.rows) evaluate(toEvalInput(span));
      counted += page.rows.length;
      if (!page.next) break;
      after = page.next;
    }
    const inProcessSeconds = (performance.now() - started) / 1000;

    const created = await createEvaluator(store.db, {
      projectId: project.id,
      name: 'bench-length',
      description: null,
      definition: { kind: 'javascript', config: { code: javascriptCode, timeoutMs: 1000, memoryMb: 64 } },
    });
    if (!created) throw new Error('could not create the bench evaluator');
    const evals = await startEvalService({ store });
    try {
      started = performance.now();
      const run = await createEvalRun(store.db, { projectId: project.id, evaluatorVersionId: created.version.id, mode: 'posthoc', filter: toStoredFilter(filter) });
      await evals.queue.enqueueRun(run.id);
      for (;;) {
        const current = await readEvalRun(store.db, run.id);
        if (!current) throw new Error('the run disappeared');
        process.stdout.write(`\r    ${current.status} ${current.scored + current.failed + current.skipped} / ${current.total}   `);
        if (current.status === 'done' || current.status === 'failed') {
          process.stdout.write('\n');
          if (current.total !== counted) throw new Error(`the run took ${current.total} spans, the baseline read ${counted}`);
          return { database: database.label, spans: current.total, seconds: (performance.now() - started) / 1000, inProcessSeconds, scored: current.scored };
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      await evals.close();
    }
  } finally {
    await store.close();
  }
}
