// SDK ingestion: validates each span of a batch on its own, stores the valid ones, reports the rest.
import type { Database } from '../../store/db.ts';
import { describeIssues, normalizedSpanSchema, type NormalizedSpan, type SpanRejection } from '../span.ts';
import { writeSpans } from '../write.ts';
import { sdkSpanSchema } from './decode.ts';
import { SpanFieldError, sdkSpanToNormalized } from './to-span.ts';

export type IngestResult = { accepted: number; rejected: SpanRejection[] };

/** Validates and stores a batch of SDK spans; resolves once the accepted spans are durable. */
export async function ingestSdkSpans(db: Database, projectId: string, batch: readonly unknown[]): Promise<IngestResult> {
  const valid: NormalizedSpan[] = [];
  const rejected: SpanRejection[] = [];
  batch.forEach((raw, index) => {
    const outcome = normalizeSdkSpan(raw);
    if ('span' in outcome) valid.push(outcome.span);
    else rejected.push({ index, ...readIds(raw), reasons: outcome.reasons });
  });
  if (valid.length > 0) await writeSpans(db, projectId, valid);
  return { accepted: valid.length, rejected };
}

/** Validates one SDK-shaped span and normalizes it; returns the reasons when it is invalid. */
export function normalizeSdkSpan(raw: unknown): { span: NormalizedSpan } | { reasons: string[] } {
  const decoded = sdkSpanSchema.safeParse(raw);
  if (!decoded.success) return { reasons: describeIssues(decoded.error.issues) };
  try {
    const normalized = normalizedSpanSchema.safeParse(sdkSpanToNormalized(decoded.data));
    if (!normalized.success) return { reasons: describeIssues(normalized.error.issues) };
    return { span: normalized.data };
  } catch (error) {
    if (error instanceof SpanFieldError) return { reasons: [error.message] };
    throw error;
  }
}

function readIds(raw: unknown): { traceId: string | null; spanId: string | null } {
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return {
    traceId: typeof record.traceId === 'string' ? record.traceId : null,
    spanId: typeof record.spanId === 'string' ? record.spanId : null,
  };
}
