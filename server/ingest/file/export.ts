// Spans out: Loupe's JSONL export format (the SDK span plus provenance, re-importable as is) and a flat CSV.
import { stringify } from 'csv-stringify/sync';
import type { FullSpanRow } from '../../store/queries/spans.ts';

export const exportFormats = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** A stored span in the export format; `loupe import` of these lines restores the same spans. */
function toExportRecord(row: FullSpanRow) {
  return {
    traceId: row.traceId,
    spanId: row.spanId,
    parentSpanId: row.parentSpanId,
    name: row.name,
    kind: row.kind,
    startTimeUnixNano: row.startTimeUnixNano,
    endTimeUnixNano: row.endTimeUnixNano,
    status: row.status,
    statusMessage: row.statusMessage,
    model: row.model,
    provider: row.provider,
    input: row.input,
    output: row.output,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    cacheReadTokens: row.cacheReadTokens,
    reasoningTokens: row.reasoningTokens,
    costUsd: row.costUsd,
    costProvenance: row.costProvenance,
    ttftMs: row.ttftMs,
    userId: row.userId,
    sessionId: row.sessionId,
    tags: row.tags,
    metadata: row.metadata,
    attributes: row.attributes,
    events: row.events,
    links: row.links,
    resource: row.resource,
    scope: row.scope,
    source: row.source,
    convention: row.convention,
    unmappedAttributes: row.unmappedAttributes,
  };
}

/** Rows as Loupe JSONL: one export record per line. */
export function toJsonLines(rows: FullSpanRow[]): string {
  return rows.map((row) => `${JSON.stringify(toExportRecord(row))}\n`).join('');
}

const csvColumns = [
  'traceId', 'spanId', 'parentSpanId', 'name', 'kind', 'startTime', 'endTime', 'durationMs', 'status', 'statusMessage', 'model',
  'provider', 'inputTokens', 'outputTokens', 'costUsd', 'ttftMs', 'userId', 'sessionId', 'tags', 'input', 'output', 'metadata',
] as const;

export function csvHeader(): string {
  return stringify([csvColumns as unknown as string[]]);
}

/** Rows as CSV lines; payloads and metadata as JSON text, tags joined with `;`. */
export function toCsvLines(rows: FullSpanRow[]): string {
  return stringify(
    rows.map((row) => {
      const values: Record<(typeof csvColumns)[number], unknown> = {
        ...row,
        tags: row.tags.join(';'),
        input: row.input === null ? '' : JSON.stringify(row.input),
        output: row.output === null ? '' : JSON.stringify(row.output),
        metadata: JSON.stringify(row.metadata),
      };
      return csvColumns.map((column) => values[column] ?? '');
    }),
  );
}
