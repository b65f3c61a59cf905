// POST /v1/traces and /api/public/otel/v1/traces: OTLP/HTTP (protobuf or JSON, optional gzip) with partial success.
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { OtlpDecodeError } from '../ingest/otlp/otlp-types.ts';
import { exportTraceServiceResponse, rpcStatus } from '../ingest/otlp/decode-protobuf.ts';
import { type OtlpEncoding, decodeOtlpRequest, ingestOtlpRequest } from '../ingest/otlp/index.ts';
import { InFlightLimiter } from '../lib/in-flight-limiter.ts';
import type { Store } from '../store/db.ts';
import { resolveRequestProject } from './auth.ts';
import { BodyError, readLimitedBody } from './read-body.ts';

/** Largest accepted OTLP body, measured after decompression. */
export const maxOtlpBodyBytes = 32 * 1024 * 1024;
/** Beyond these, requests get 429 + Retry-After instead of queueing in memory. */
const inFlightLimits = { maxRequests: 64, maxBytes: 256 * 1024 * 1024 };
const grpcCode = { invalidArgument: 3, resourceExhausted: 8, unavailable: 14, unauthenticated: 16 } as const;

export type OtlpRouteOptions = { store: Store; adminTokenHash: string };

export function mountOtlpRoutes(app: Hono, options: OtlpRouteOptions): void {
  const limiter = new InFlightLimiter(inFlightLimits);
  const handler = (context: Context) => handleExport(context, options, limiter);
  app.post('/v1/traces', handler);
  app.post('/api/public/otel/v1/traces', handler);
}

async function handleExport(context: Context, options: OtlpRouteOptions, limiter: InFlightLimiter): Promise<Response> {
  const encoding = readEncoding(context.req.header('content-type'));
  if (!encoding) {
    return reply(context, 'json', 415, { code: grpcCode.invalidArgument, message: 'Content-Type must be application/x-protobuf or application/json' });
  }
  const projectId = await resolveRequestProject({ db: options.store.db, adminTokenHash: options.adminTokenHash, headers: context.req.raw.headers });
  if (!projectId) {
    return reply(context, encoding, 401, { code: grpcCode.unauthenticated, message: 'Send a project API key: Authorization: Bearer <key>' });
  }
  const declaredBytes = Number(context.req.header('content-length') ?? 0) || 1024 * 1024;
  const release = limiter.tryAcquire(declaredBytes);
  if (!release) {
    context.header('Retry-After', '1');
    return reply(context, encoding, 429, { code: grpcCode.resourceExhausted, message: 'Too many concurrent exports; retry later' });
  }
  try {
    const body = await readLimitedBody(context.req.raw, maxOtlpBodyBytes);
    const request = decodeOtlpRequest(body, encoding);
    const result = await ingestOtlpRequest(options.store.db, projectId, request);
    const partialSuccess = result.rejected > 0 ? { rejectedSpans: result.rejected, errorMessage: result.errorMessage } : undefined;
    return reply(context, encoding, 200, partialSuccess ? { partialSuccess } : {});
  } catch (error) {
    if (error instanceof BodyError) return reply(context, encoding, error.status, { code: grpcCode.invalidArgument, message: error.message });
    if (error instanceof OtlpDecodeError) return reply(context, encoding, 400, { code: grpcCode.invalidArgument, message: error.message });
    console.error('OTLP export failed:', error);
    context.header('Retry-After', '5');
    return reply(context, encoding, 503, { code: grpcCode.unavailable, message: 'Storage unavailable; retry later' });
  } finally {
    release();
  }
}

function readEncoding(contentType: string | undefined): OtlpEncoding | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return null;
}

/** Answers in the request's encoding: ExportTraceServiceResponse on 200, google.rpc.Status otherwise. */
function reply(
  context: Context,
  encoding: OtlpEncoding,
  status: ContentfulStatusCode,
  body: { partialSuccess?: { rejectedSpans: number; errorMessage: string } } | { code: number; message: string },
): Response {
  const isStatus = 'code' in body;
  if (encoding === 'json') {
    // proto3 JSON renders int64 as a string.
    const json = 'partialSuccess' in body && body.partialSuccess
      ? { partialSuccess: { ...body.partialSuccess, rejectedSpans: String(body.partialSuccess.rejectedSpans) } }
      : body;
    return context.body(JSON.stringify(json), status, { 'content-type': 'application/json' });
  }
  const type = isStatus ? rpcStatus : exportTraceServiceResponse;
  const bytes = type.encode(type.fromObject(body)).finish();
  return context.body(bytes as Uint8Array<ArrayBuffer>, status, { 'content-type': 'application/x-protobuf' });
}
