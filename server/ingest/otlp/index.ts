// OTLP ingestion: decode (protobuf or JSON), normalize and validate each span, store the valid ones.
import type { Database } from '../../store/db.ts';
import { describeIssues, type NormalizedSpan, normalizedSpanSchema } from '../span.ts';
import { writeSpans } from '../write.ts';
import { decodeJsonRequest } from './decode-json.ts';
import { decodeProtobufRequest } from './decode-protobuf.ts';
import type { OtlpResourceSpans } from './otlp-types.ts';
import { otlpSpanToNormalized } from './to-span.ts';

export type OtlpEncoding = 'protobuf' | 'json';
export type OtlpIngestResult = { accepted: number; rejected: number; errorMessage: string };

/** How many rejection reasons the partial_success message spells out before summarizing. */
const reasonsInMessage = 5;

/** Decodes a request body; throws OtlpDecodeError when it cannot be read at all. */
export function decodeOtlpRequest(body: Uint8Array, encoding: OtlpEncoding): OtlpResourceSpans[] {
  return encoding === 'protobuf' ? decodeProtobufRequest(body) : decodeJsonRequest(Buffer.from(body).toString('utf8'));
}

/** Stores every valid span of the request; resolves once they are durable. */
export async function ingestOtlpRequest(db: Database, projectId: string, request: OtlpResourceSpans[]): Promise<OtlpIngestResult> {
  const valid: NormalizedSpan[] = [];
  const reasons: string[] = [];
  for (const resourceSpans of request) {
    for (const { scope, spans } of resourceSpans.scopeSpans) {
      for (const span of spans) {
        const problems = span.problems ?? [];
        const parsed = problems.length === 0 ? normalizedSpanSchema.safeParse(otlpSpanToNormalized(span, { resource: resourceSpans.resource, scope })) : null;
        if (parsed?.success) {
          valid.push(parsed.data);
        } else {
          const spanReasons = parsed ? describeIssues(parsed.error.issues) : problems;
          reasons.push(`span ${span.spanId || '?'} (trace ${span.traceId || '?'}): ${spanReasons.join('; ')}`);
        }
      }
    }
  }
  if (valid.length > 0) await writeSpans(db, projectId, valid);
  const more = reasons.length > reasonsInMessage ? ` (and ${reasons.length - reasonsInMessage} more)` : '';
  return {
    accepted: valid.length,
    rejected: reasons.length,
    errorMessage: reasons.length > 0 ? `${reasons.length} span(s) rejected: ${reasons.slice(0, reasonsInMessage).join(' | ')}${more}` : '',
  };
}
