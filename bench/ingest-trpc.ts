// spans.ingest over HTTP (JSON parse, validation, normalization, upsert) vs a raw multi-row INSERT of the same rows.
import { randomBytes } from 'node:crypto';
import { createApp } from '../server/http/app.ts';
import { sdkSpanSchema } from '../server/ingest/sdk/decode.ts';
import { sdkSpanToNormalized } from '../server/ingest/sdk/to-span.ts';
import { hashSecret } from '../server/lib/secret.ts';
import { createApiKey } from '../server/store/queries/api-keys.ts';
import { createProject } from '../server/store/queries/projects.ts';
import { spans } from '../server/store/schema/spans.ts';
import type { BenchDatabase } from './databases.ts';

const batchSize = 1000;
const batches = 20;

function buildBatch(): Record<string, unknown>[] {
  const traceId = randomBytes(16).toString('hex');
  const start = Date.now() - 60_000;
  return Array.from({ length: batchSize }, (_, index) => ({
    traceId,
    spanId: randomBytes(8).toString('hex'),
    name: `llm-call-${index % 20}`,
    kind: 'llm',
    startTime: new Date(start + index).toISOString(),
    endTime: new Date(start + index + 420).toISOString(),
    status: index % 50 === 0 ? 'error' : 'ok',
    model: index % 2 ? 'gpt-4o-mini' : 'claude-3-5-haiku',
    provider: index % 2 ? 'openai' : 'anthropic',
    input: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: `Question ${index}: ${'lorem ipsum '.repeat(40)}` }],
    output: { role: 'assistant', content: `Answer ${index}: ${'dolor sit amet '.repeat(30)}` },
    inputTokens: 300 + index,
    outputTokens: 120,
    userId: `user-${index % 100}`,
    sessionId: `session-${index % 300}`,
    tags: ['bench', index % 3 ? 'prod' : 'staging'],
    metadata: { region: 'eu', attempt: index % 3 },
  }));
}

/** Returns spans/s for both paths, interleaved batch by batch so drift hits both equally. */
export async function benchmarkSpansIngest(database: BenchDatabase) {
  const store = await database.open();
  try {
    const adminToken = randomBytes(16).toString('hex');
    const app = createApp({ store, adminTokenHash: hashSecret(adminToken) });
    const ingestProject = await createProject(store.db, 'bench-ingest');
    const rawProject = await createProject(store.db, 'bench-raw');
    if (!ingestProject || !rawProject) throw new Error('bench projects exist already');
    const key = await createApiKey(store.db, { projectId: ingestProject.id, name: 'bench' });

    let ingestNanoseconds = 0n;
    let rawNanoseconds = 0n;
    for (let round = 0; round < batches; round += 1) {
      const body = JSON.stringify({ spans: buildBatch() });
      const started = process.hrtime.bigint();
      const response = await app.request('/trpc/spans.ingest', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key.secret}` },
        body,
      });
      if (response.status !== 200) throw new Error(`ingest failed: ${await response.text()}`);
      ingestNanoseconds += process.hrtime.bigint() - started;

      const rows = buildBatch().map((raw) => ({
        ...sdkSpanToNormalized(sdkSpanSchema.parse(raw)),
        projectId: rawProject.id,
      }));
      const rawStarted = process.hrtime.bigint();
      await store.db.insert(spans).values(rows);
      rawNanoseconds += process.hrtime.bigint() - rawStarted;
    }
    const total = batchSize * batches;
    const ingestRate = total / (Number(ingestNanoseconds) / 1e9);
    const rawRate = total / (Number(rawNanoseconds) / 1e9);
    return { database: database.label, spans: total, ingestRate, rawRate, ratio: ingestRate / rawRate };
  } finally {
    await store.close();
  }
}
