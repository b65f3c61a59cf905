// Converts one record of an import file into normalized spans, per format; invalid records yield reasons.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseJsonOrText } from '../conventions/convention.ts';
import { decodeJsonRequest } from '../otlp/decode-json.ts';
import { OtlpDecodeError } from '../otlp/otlp-types.ts';
import { otlpSpanToNormalized } from '../otlp/to-span.ts';
import { normalizeSdkSpan } from '../sdk/index.ts';
import { type NormalizedSpan, describeIssues, normalizedSpanSchema, spanSources } from '../span.ts';
import type { FieldMapping, ImportFormat } from './formats.ts';

export type RecordOutcome = { spans: NormalizedSpan[] } | { reasons: string[] };
export type ImportRecord = { line: number; raw: string; value: unknown };

/** Ids for sources that have none: the same line of the same file always gets the same ids. */
function deterministicIds(seed: string): { traceId: string; spanId: string } {
  const digest = createHash('sha256').update(seed).digest('hex');
  return { traceId: digest.slice(0, 32), spanId: digest.slice(32, 48) };
}

/** Request bodies of an OpenAI Batch input file, by custom_id, to pair with the output lines. */
export type BatchRequests = ReadonlyMap<string, Record<string, unknown>>;

export type RecordContext = { mapping: FieldMapping; batchRequests?: BatchRequests | undefined };

export function recordToSpans(format: ImportFormat, record: ImportRecord, context: RecordContext): RecordOutcome {
  const { mapping } = context;
  switch (format) {
    case 'otlp-jsonl':
      return fromOtlpLine(record);
    case 'openai-batch':
      return asImported(normalizeSdkSpan(fromOpenAiBatch(record.value, context.batchRequests)));
    case 'loupe':
      return fromLoupeExport(record.value);
    default:
      return asImported(normalizeSdkSpan(fromGeneric(format, record, mapping)));
  }
}

function asImported(outcome: ReturnType<typeof normalizeSdkSpan>): RecordOutcome {
  if ('reasons' in outcome) return outcome;
  return { spans: [{ ...outcome.span, source: 'import', convention: null }] };
}

function fromOtlpLine(record: ImportRecord): RecordOutcome {
  try {
    const spans: NormalizedSpan[] = [];
    const reasons: string[] = [];
    for (const resourceSpans of decodeJsonRequest(record.raw)) {
      for (const { scope, spans: scopeSpans } of resourceSpans.scopeSpans) {
        for (const span of scopeSpans) {
          const parsed = span.problems ? null : normalizedSpanSchema.safeParse(otlpSpanToNormalized(span, { resource: resourceSpans.resource, scope }));
          if (parsed?.success) spans.push({ ...parsed.data, source: 'import' });
          else reasons.push(`span ${span.spanId || '?'}: ${(parsed ? describeIssues(parsed.error.issues) : (span.problems ?? [])).join('; ')}`);
        }
      }
    }
    return reasons.length > 0 ? { reasons } : { spans };
  } catch (error) {
    if (error instanceof OtlpDecodeError) return { reasons: [error.message] };
    throw error;
  }
}

type OpenAiBatchLine = {
  id?: string;
  custom_id?: string;
  response?: { status_code?: number; body?: Record<string, unknown> } | null;
  error?: { message?: string; code?: string } | null;
};

function fromOpenAiBatch(value: unknown, requests: BatchRequests | undefined): Record<string, unknown> {
  const line = (value ?? {}) as OpenAiBatchLine;
  const request = line.custom_id === undefined ? undefined : requests?.get(line.custom_id);
  const body = (line.response?.body ?? {}) as {
    model?: string;
    created?: number;
    choices?: { message?: unknown }[];
    usage?: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } };
    error?: { message?: string };
  };
  const failed = Boolean(line.error) || (line.response?.status_code ?? 200) >= 400;
  // Failed requests carry no timestamp: they are placed at import time (their ids stay stable).
  const created = body.created ? body.created * 1000 : Date.now();
  return {
    ...deterministicIds(`openai-batch\n${line.custom_id ?? ''}\n${line.id ?? ''}`),
    name: 'openai.batch.chat',
    kind: 'llm',
    startTime: created,
    endTime: created,
    status: failed ? 'error' : 'ok',
    statusMessage: line.error?.message ?? body.error?.message ?? null,
    model: body.model ?? (typeof request?.model === 'string' ? request.model : null),
    provider: 'openai',
    input: request?.messages ?? request?.input ?? null,
    output: body.choices?.map((choice) => choice.message) ?? null,
    inputTokens: body.usage?.prompt_tokens ?? null,
    outputTokens: body.usage?.completion_tokens ?? null,
    cacheReadTokens: body.usage?.prompt_tokens_details?.cached_tokens ?? null,
    metadata: { custom_id: line.custom_id ?? null, batch_request_id: line.id ?? null },
  };
}

const loupeExtras = z.object({
  source: z.enum(spanSources).optional(),
  convention: z.string().nullish(),
  unmappedAttributes: z.array(z.string()).optional(),
  costProvenance: z.record(z.string(), z.unknown()).nullish(),
});

/** Loupe's export format is the SDK span plus provenance fields; importing it restores the span as exported. */
function fromLoupeExport(value: unknown): RecordOutcome {
  const outcome = normalizeSdkSpan(value);
  if ('reasons' in outcome) return outcome;
  const extras = loupeExtras.safeParse(value);
  if (!extras.success) return { reasons: describeIssues(extras.error.issues) };
  return {
    spans: [
      {
        ...outcome.span,
        source: extras.data.source ?? 'import',
        convention: extras.data.convention ?? null,
        unmappedAttributes: extras.data.unmappedAttributes ?? [],
        costProvenance: extras.data.costProvenance ?? outcome.span.costProvenance,
      },
    ],
  };
}

function fromGeneric(format: ImportFormat, record: ImportRecord, mapping: FieldMapping): Record<string, unknown> {
  const source = (record.value ?? {}) as Record<string, unknown>;
  const read = (field: keyof FieldMapping) => {
    const key = mapping[field];
    const value = key === undefined ? undefined : source[key];
    return value === '' ? undefined : value;
  };
  const start = toEpochMilliseconds(read('startTime'));
  const end = toEpochMilliseconds(read('endTime'));
  const latency = toNumber(read('latencyMs'));
  const startMs = start ?? Date.now();
  const error = read('error');
  const model = read('model');
  const ids = deterministicIds(`${format}\n${record.line}\n${record.raw}`);
  return {
    traceId: read('traceId') ?? ids.traceId,
    spanId: read('spanId') ?? ids.spanId,
    name: read('name') ?? (model ? 'llm-call' : 'imported'),
    kind: model ? 'llm' : 'span',
    startTime: startMs,
    endTime: end ?? startMs + (latency ?? 0),
    status: error ? 'error' : 'ok',
    statusMessage: error ? String(error) : null,
    model: model === undefined ? null : String(model),
    provider: read('provider') ?? null,
    input: parseMaybeJson(read('input')),
    output: parseMaybeJson(read('output')),
    inputTokens: toNumber(read('inputTokens')) ?? null,
    outputTokens: toNumber(read('outputTokens')) ?? null,
    costUsd: toNumber(read('costUsd')) ?? null,
    userId: read('userId') === undefined ? null : String(read('userId')),
    sessionId: read('sessionId') === undefined ? null : String(read('sessionId')),
    tags: toTags(read('tags')),
    metadata: toObject(read('metadata')),
  };
}

function parseMaybeJson(value: unknown): unknown {
  return typeof value === 'string' ? parseJsonOrText(value) : (value ?? null);
}

function toNumber(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : Number.NaN;
}

/** ISO strings, epoch milliseconds, or epoch seconds (numbers below 10^11). */
function toEpochMilliseconds(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || /^\d+(\.\d+)?$/.test(String(value))) {
    const number = Number(value);
    return number < 1e11 ? number * 1000 : number;
  }
  const parsed = Date.parse(String(value));
  return Number.isNaN(parsed) ? Number.NaN : parsed;
}

function toTags(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  const parsed = parseJsonOrText(value);
  if (Array.isArray(parsed)) return parsed.map(String);
  return value.split(/[,;]/).map((tag) => tag.trim()).filter(Boolean);
}

function toObject(value: unknown): Record<string, unknown> {
  const parsed = typeof value === 'string' ? parseJsonOrText(value) : value;
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}
