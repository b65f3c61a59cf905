// `npm run bench`: every benchmark, each printed as a ratio against a baseline measured in the same run.
import { listBenchDatabases } from './databases.ts';
import { benchmarkOtlpIngest } from './ingest-otlp.ts';
import { benchmarkSpansIngest } from './ingest-trpc.ts';
import { benchmarkProxyOverhead } from './proxy-overhead.ts';
import { benchmarkUiAtScale } from './ui-at-scale.ts';
import { benchmarkPosthocRun, benchmarkSandboxes } from './evals.ts';

const databases = await listBenchDatabases();

console.log('spans.ingest (HTTP tRPC, 1,000-span batches) vs raw multi-row INSERT of the same rows');
for (const database of databases) {
  const result = await benchmarkSpansIngest(database);
  console.log(
    `  ${result.database.padEnd(14)} ingest ${result.ingestRate.toFixed(0).padStart(6)} spans/s | raw INSERT ${result.rawRate.toFixed(0).padStart(6)} spans/s | ratio ${result.ratio.toFixed(2)}`,
  );
}

console.log('OTLP protobuf over HTTP (500-span exports, 4 concurrent; acknowledged = durable) vs raw COPY of the same rows');
for (const database of databases.filter((candidate) => candidate.label === 'PostgreSQL')) {
  const result = await benchmarkOtlpIngest(database);
  console.log(
    `  ${result.database.padEnd(14)} OTLP ${result.otlpRate.toFixed(0).padStart(6)} spans/s | COPY ${result.copyRate.toFixed(0).padStart(6)} spans/s | ratio ${result.ratio.toFixed(2)} (target >= 0.5)`,
  );
}

/** PostgreSQL gets 1M spans; embedded PGlite (what `npm start` runs on) 100k, as it is single-process wasm. */
const uiSpans = { PostgreSQL: Number(process.env.LOUPE_BENCH_UI_SPANS ?? 1_000_000), PGlite: Number(process.env.LOUPE_BENCH_UI_PGLITE_SPANS ?? 100_000) };
for (const database of databases) {
  const spanCount = database.label === 'PostgreSQL' ? uiSpans.PostgreSQL : uiSpans.PGlite;
  console.log(`UI at ${spanCount.toLocaleString('en')} spans on ${database.label} (median of 7): API calls vs a one-span spans.get; pages in Chromium vs the sign-in page`);
  const result = await benchmarkUiAtScale(database, spanCount);
  console.log(`  seeded in ${result.seedSeconds.toFixed(0)} s; baseline spans.get ${result.apiBaseline.toFixed(1)} ms, sign-in page ${result.pageBaseline.toFixed(0)} ms`);
  for (const timing of [...result.api, ...result.loads]) {
    console.log(`    ${timing.label.padEnd(44)} ${timing.milliseconds.toFixed(1).padStart(8)} ms | ratio ${timing.ratio.toFixed(1)}`);
  }
}

console.log('Proxy overhead: /proxy/v1/chat/completions (logging on) and @portkey-ai/gateway vs direct calls to one mock upstream');
console.log('  (paired and interleaved; ms; "added" = route percentile minus direct percentile; targets: p50 <= 0.5, p99 <= 2, TTFT <= 1, throughput >= 0.5)');
for (const database of databases) {
  const result = await benchmarkProxyOverhead({ calls: Number(process.env.LOUPE_BENCH_PROXY_CALLS ?? 2000), databaseUrl: database.baseUrl });
  console.log(`  Loupe on ${database.label}; ${result.loggedCalls}`);
  for (const { concurrency, rows } of result.latency) {
    for (const row of rows.filter((candidate) => candidate.label !== 'direct')) {
      console.log(
        `    concurrency ${String(concurrency).padStart(2)} ${row.label.padEnd(16)} p50 ${row.p50.toFixed(2).padStart(7)} (added ${row.addedP50.toFixed(2)}) | p99 ${row.p99.toFixed(2).padStart(7)} (added ${row.addedP99.toFixed(2)})`,
      );
    }
  }
  for (const row of result.ttft.filter((candidate) => candidate.label !== 'direct')) {
    console.log(`    streaming TTFT   ${row.label.padEnd(16)} p50 added ${row.addedP50.toFixed(2)} | p99 added ${row.addedP99.toFixed(2)}`);
  }
  for (const unavailable of result.streamingUnavailable) console.log(`    streaming unavailable: ${unavailable}`);
  for (const row of result.throughput) console.log(`    throughput (32 concurrent) ${row.label.padEnd(16)} ${row.perSecond.toFixed(0).padStart(6)} calls/s | ratio ${row.ratio.toFixed(2)}`);
}

console.log('Evaluations per second: sandboxed batch of spans and one span per call vs the same logic called bare in process');
for (const rates of await benchmarkSandboxes()) {
  console.log(
    `  ${rates.label.padEnd(28)} batch ${rates.batchRate.toFixed(0).padStart(7)}/s | one per call ${rates.singleRate.toFixed(0).padStart(6)}/s | bare ${rates.bareRate.toFixed(0)}/s | ratio batch ${(rates.batchRate / rates.bareRate).toFixed(3)}`,
  );
}

const evalSpans = Number(process.env.LOUPE_BENCH_EVAL_SPANS ?? 100_000);
console.log(`Posthoc run over ${evalSpans.toLocaleString('en')} spans (JavaScript evaluator, pg-boss chunks of 100, in-process workers) vs reading and scoring them in process`);
for (const database of databases) {
  const result = await benchmarkPosthocRun(database, evalSpans);
  console.log(
    `  ${result.database.padEnd(14)} ${result.spans.toLocaleString('en')} llm spans scored in ${result.seconds.toFixed(1)} s (${(result.spans / result.seconds).toFixed(0)} spans/s) | in process ${result.inProcessSeconds.toFixed(1)} s | ratio ${(result.seconds / result.inProcessSeconds).toFixed(1)}`,
  );
}
