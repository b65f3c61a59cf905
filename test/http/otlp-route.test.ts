import { gzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTraceServiceRequest, exportTraceServiceResponse, rpcStatus } from '../../server/ingest/otlp/decode-protobuf.ts';
import { spans } from '../../server/store/schema/spans.ts';
import { type TestApp, startTestApp } from '../helpers/app.ts';
import { randomSpanId, randomTraceId } from '../helpers/spans.ts';

const start = BigInt(Date.now() - 60_000) * 1_000_000n;

function jsonSpan(overrides: Record<string, unknown> = {}) {
  return {
    traceId: randomTraceId(),
    spanId: randomSpanId(),
    name: 'op',
    kind: 1,
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: (start + 5_000_000n).toString(),
    attributes: [{ key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } }],
    ...overrides,
  };
}

function jsonRequest(spanList: unknown[]) {
  return { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 's' }, spans: spanList }] }] };
}

describe('POST /v1/traces', () => {
  let harness: TestApp;
  let apiKey: string;

  beforeAll(async () => {
    harness = await startTestApp();
    ({ apiKey } = await harness.createProjectWithKey('otlp-route'));
  });
  afterAll(() => harness.close());

  const post = (body: RequestInit['body'], headers: Record<string, string>, path = '/v1/traces') =>
    harness.app.request(path, { method: 'POST', body, headers: { authorization: `Bearer ${apiKey}`, ...headers } });
  const storedNames = async (traceId: string) =>
    (await harness.store.db.select({ name: spans.name }).from(spans).where(eq(spans.traceId, traceId))).map((row) => row.name);

  it('accepts JSON with int64 as numbers, enum names, snake_case keys and unknown fields', async () => {
    const span = {
      trace_id: randomTraceId().toUpperCase(),
      span_id: randomSpanId(),
      name: 'tolerant',
      kind: 'SPAN_KIND_CLIENT',
      start_time_unix_nano: Number(start / 1_000_000n) * 1_000_000,
      endTimeUnixNano: (start + 1_000_000n).toString(),
      status: { code: 'STATUS_CODE_OK' },
      somethingNew: { nested: true },
    };
    const response = await post(JSON.stringify(jsonRequest([span])), { 'content-type': 'application/json' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({});
    expect(await storedNames(span.trace_id.toLowerCase())).toEqual(['tolerant']);
  });

  it('stores the valid spans and reports the rest in partialSuccess (JSON)', async () => {
    const traceId = randomTraceId();
    const batch = [
      jsonSpan({ traceId, name: 'good' }),
      jsonSpan({ traceId, name: 'zero-ids', spanId: '0000000000000000' }),
      jsonSpan({ traceId, name: 'backwards', endTimeUnixNano: (start - 1n).toString() }),
      jsonSpan({ traceId, name: 'bad-time', startTimeUnixNano: 'soon' }),
    ];
    const response = await post(JSON.stringify(jsonRequest(batch)), { 'content-type': 'application/json' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(body.partialSuccess.rejectedSpans).toBe('3');
    expect(body.partialSuccess.errorMessage).toContain('spanId: must not be all zeros');
    expect(body.partialSuccess.errorMessage).toContain('endTimeUnixNano: must not be before the start time');
    expect(body.partialSuccess.errorMessage).toContain('startTimeUnixNano: must be an unsigned integer');
    expect(await storedNames(traceId)).toEqual(['good']);
  });

  it('answers protobuf with a protobuf ExportTraceServiceResponse carrying partial_success', async () => {
    const traceId = randomTraceId();
    const request = exportTraceServiceRequest.fromObject({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { traceId: Buffer.from(traceId, 'hex'), spanId: Buffer.from(randomSpanId(), 'hex'), name: 'ok', startTimeUnixNano: start.toString(), endTimeUnixNano: start.toString() },
                { traceId: Buffer.from(traceId, 'hex'), spanId: Buffer.from('abcd', 'hex'), name: 'short-id', startTimeUnixNano: start.toString(), endTimeUnixNano: start.toString() },
              ],
            },
          ],
        },
      ],
    });
    const bytes = exportTraceServiceRequest.encode(request).finish();
    const response = await post(gzipSync(bytes), { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    const decoded = exportTraceServiceResponse.toObject(exportTraceServiceResponse.decode(new Uint8Array(await response.arrayBuffer())), { longs: String });
    expect(decoded.partialSuccess.rejectedSpans).toBe('1');
    expect(decoded.partialSuccess.errorMessage).toContain('spanId: must be 16 hex characters');
    expect(await storedNames(traceId)).toEqual(['ok']);
  });

  it('answers 400 naming the problem for undecodable bodies, in the request content type', async () => {
    const badJson = await post('{"resourceSpans": ', { 'content-type': 'application/json' });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { message: string }).message).toMatch(/not valid JSON/);

    const wrongShape = await post(JSON.stringify({ resourceSpans: { oops: 1 } }), { 'content-type': 'application/json' });
    expect(wrongShape.status).toBe(400);
    expect(((await wrongShape.json()) as { message: string }).message).toBe('resourceSpans: must be an array of objects');

    const badProtobuf = await post(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), { 'content-type': 'application/x-protobuf' });
    expect(badProtobuf.status).toBe(400);
    expect(badProtobuf.headers.get('content-type')).toBe('application/x-protobuf');
    const status = rpcStatus.decode(new Uint8Array(await badProtobuf.arrayBuffer())) as unknown as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/not a protobuf ExportTraceServiceRequest/);

    const badGzip = await post('not gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(badGzip.status).toBe(400);
  });

  it('answers 401 without a valid key and 415 for other content types', async () => {
    const body = JSON.stringify(jsonRequest([jsonSpan()]));
    const anonymous = await harness.app.request('/v1/traces', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(anonymous.status).toBe(401);
    const wrong = await post(body, { 'content-type': 'application/json', authorization: 'Bearer lp_wrong' });
    expect(wrong.status).toBe(401);
    const text = await post(body, { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
  });

  it('answers 413 when the decompressed body exceeds 32 MiB', async () => {
    const bomb = gzipSync(Buffer.alloc(33 * 1024 * 1024, 0x20));
    const response = await post(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { message: string }).message).toContain('after decompression');
  });

  it('accepts Basic public:secret on the Langfuse path', async () => {
    const span = jsonSpan({ name: 'via-langfuse' });
    const response = await harness.app.request('/api/public/otel/v1/traces', {
      method: 'POST',
      body: JSON.stringify(jsonRequest([span])),
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`pk-lf-anything:${apiKey}`).toString('base64')}` },
    });
    expect(response.status).toBe(200);
    expect(await storedNames(span.traceId)).toEqual(['via-langfuse']);
  });

  it('answers 429 with Retry-After when too many exports are in flight, and recovers', async () => {
    const releases: (() => void)[] = [];
    // 65 exports whose bodies stall: 64 are admitted and wait, the one beyond the limit is refused at once.
    const pending = Array.from({ length: 65 }, () => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          releases.push(() => {
            controller.enqueue(new TextEncoder().encode(JSON.stringify(jsonRequest([]))));
            controller.close();
          });
        },
      });
      return harness.app.request('/v1/traces', {
        method: 'POST',
        body: stream,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        duplex: 'half',
      } as RequestInit);
    });
    const refused = await Promise.race(pending);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    for (const release of releases) release();
    const statuses = (await Promise.all(pending)).map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(64);
    expect(statuses.filter((status) => status === 429)).toHaveLength(1);
    const after = await post(JSON.stringify(jsonRequest([jsonSpan()])), { 'content-type': 'application/json' });
    expect(after.status).toBe(200);
  });
});
