// OTLP protobuf ingest end to end (HTTP over loopback; acknowledged = durable and searchable) vs a raw COPY
// of the same normalized rows into the same table, interleaved request by request, on PostgreSQL.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { createApp } from '../server/http/app.ts';
import { decodeProtobufRequest, exportTraceServiceRequest } from '../server/ingest/otlp/decode-protobuf.ts';
import { otlpSpanToNormalized } from '../server/ingest/otlp/to-span.ts';
import { hashSecret } from '../server/lib/secret.ts';
import { createApiKey } from '../server/store/queries/api-keys.ts';
import { createProject } from '../server/store/queries/projects.ts';
import type { BenchDatabase } from './databases.ts';

const spansPerRequest = 500;
const requests = 40;
const concurrency = 4;

const stringValue = (value: string) => ({ stringValue: value });
const intValue = (value: number) => ({ intValue: value });

function buildRequest(): Uint8Array {
  const traceId = randomBytes(16);
  const start = BigInt(Date.now() - 60_000) * 1_000_000n;
  const spans = Array.from({ length: spansPerRequest }, (_, index) => ({
    traceId,
    spanId: randomBytes(8),
    parentSpanId: index === 0 ? undefined : randomBytes(8),
    name: 'chat gpt-4o-mini',
    kind: 3,
    startTimeUnixNano: (start + BigInt(index) * 1_000_000n).toString(),
    endTimeUnixNano: (start + BigInt(index) * 1_000_000n + 350_000_000n).toString(),
    attributes: [
      { key: 'gen_ai.operation.name', value: stringValue('chat') },
      { key: 'gen_ai.provider.name', value: stringValue('openai') },
      { key: 'gen_ai.request.model', value: stringValue('gpt-4o-mini') },
      { key: 'gen_ai.input.messages', value: stringValue(JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `Question ${index}: ${'lorem ipsum '.repeat(30)}` }] }])) },
      { key: 'gen_ai.output.messages', value: stringValue(JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: `Answer: ${'dolor sit '.repeat(25)}` }] }])) },
      { key: 'gen_ai.usage.input_tokens', value: intValue(300 + index) },
      { key: 'gen_ai.usage.output_tokens', value: intValue(120) },
      { key: 'user.id', value: stringValue(`user-${index % 50}`) },
      { key: 'http.route', value: stringValue('/chat') },
    ],
    status: { code: 1 },
  }));
  const request = exportTraceServiceRequest.fromObject({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: stringValue('bench') }] },
        scopeSpans: [{ scope: { name: 'bench', version: '1' }, spans }],
      },
    ],
  });
  return exportTraceServiceRequest.encode(request).finish();
}

const copyColumns = [
  'project_id', 'trace_id', 'span_id', 'parent_span_id', 'name', 'kind', 'start_time_unix_nano', 'end_time_unix_nano',
  'status', 'status_message', 'model', 'provider', 'input', 'output', 'input_tokens', 'output_tokens', 'cache_read_tokens',
  'reasoning_tokens', 'cost_usd', 'cost_provenance', 'ttft_ms', 'user_id', 'session_id', 'tags', 'metadata', 'attributes',
  'events', 'links', 'resource', 'scope', 'source', 'convention', 'unmapped_attributes',
];

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

function pgArray(values: string[]): string {
  return `{${values.map((value) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

/** The same spans the route would store, normalized outside the timed section, as COPY CSV. */
function toCopyCsv(body: Uint8Array, projectId: string): string {
  const lines: string[] = [];
  for (const resourceSpans of decodeProtobufRequest(body)) {
    for (const { scope, spans } of resourceSpans.scopeSpans) {
      for (const span of spans) {
        const row = otlpSpanToNormalized(span, { resource: resourceSpans.resource, scope });
        const values = [
          projectId, row.traceId, row.spanId, row.parentSpanId, row.name, row.kind, row.startTimeUnixNano, row.endTimeUnixNano,
          row.status, row.statusMessage, row.model, row.provider, row.input, row.output, row.inputTokens, row.outputTokens,
          row.cacheReadTokens, row.reasoningTokens, row.costUsd, row.costProvenance, row.ttftMs, row.userId, row.sessionId,
          pgArray(row.tags), row.metadata, row.attributes, row.events, row.links, row.resource, row.scope, row.source,
          row.convention, pgArray(row.unmappedAttributes),
        ];
        lines.push(values.map(csvField).join(','));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function benchmarkOtlpIngest(database: BenchDatabase) {
  const store = await database.open();
  const url = store.url;
  if (!url) throw new Error('the OTLP benchmark needs PostgreSQL (COPY baseline)');
  const copyClient = postgres(url, { max: 1, onnotice: () => {} });
  const app = createApp({ store, adminTokenHash: hashSecret(randomBytes(16).toString('hex')) });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(listening));
  });
  try {
    const { port } = server.address() as AddressInfo;
    const otlpProject = await createProject(store.db, 'bench-otlp');
    const copyProject = await createProject(store.db, 'bench-copy');
    if (!otlpProject || !copyProject) throw new Error('bench projects exist already');
    const key = await createApiKey(store.db, { projectId: otlpProject.id, name: 'bench' });

    let otlpNanoseconds = 0n;
    let copyNanoseconds = 0n;
    for (let round = 0; round < requests / concurrency; round += 1) {
      const bodies = Array.from({ length: concurrency }, buildRequest);
      const started = process.hrtime.bigint();
      const responses = await Promise.all(
        bodies.map((body) =>
          fetch(`http://127.0.0.1:${port}/v1/traces`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${key.secret}` },
            body,
          }),
        ),
      );
      otlpNanoseconds += process.hrtime.bigint() - started;
      for (const response of responses) if (response.status !== 200) throw new Error(`OTLP export failed: ${response.status}`);

      const csv = Array.from({ length: concurrency }, buildRequest).map((body) => toCopyCsv(body, copyProject.id)).join('');
      const copyStarted = process.hrtime.bigint();
      const writable = await copyClient.unsafe(`copy spans (${copyColumns.join(', ')}) from stdin with (format csv)`).writable();
      await new Promise<void>((resolve, reject) => {
        writable.on('error', reject);
        writable.on('finish', resolve);
        writable.end(csv);
      });
      copyNanoseconds += process.hrtime.bigint() - copyStarted;
    }
    const [{ count } = { count: 0 }] = (await store.db.execute(sql`select count(*)::int as count from spans where project_id = ${otlpProject.id}`)) as unknown as { count: number }[];
    const total = spansPerRequest * requests;
    if (count !== total) throw new Error(`expected ${total} searchable OTLP spans, found ${count}`);
    const otlpRate = total / (Number(otlpNanoseconds) / 1e9);
    const copyRate = total / (Number(copyNanoseconds) / 1e9);
    return { database: database.label, spans: total, otlpRate, copyRate, ratio: otlpRate / copyRate };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await copyClient.end();
    await store.close();
  }
}
