// Streams an import file as records with line numbers: JSON Lines or CSV (with a header).
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { ImportRecord } from './to-span.ts';

export type DecodedItem = { record: ImportRecord } | { line: number; reason: string };

/** Yields one item per non-empty line (JSONL) or row (CSV); unparseable ones carry the reason. Memory stays bounded. */
export function readRecords(input: Readable, format: 'csv' | 'jsonl'): AsyncGenerator<DecodedItem> {
  return format === 'csv' ? readCsv(input) : readJsonLines(input);
}

async function* readJsonLines(input: Readable): AsyncGenerator<DecodedItem> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    line += 1;
    if (text.trim() === '') continue;
    try {
      yield { record: { line, raw: text, value: JSON.parse(text) } };
    } catch (error) {
      yield { line, reason: `not valid JSON: ${(error as Error).message}` };
    }
  }
}

async function* readCsv(input: Readable): AsyncGenerator<DecodedItem> {
  const skipped: { line: number; reason: string }[] = [];
  const parser = input.pipe(
    parse({ columns: true, info: true, raw: true, bom: true, skip_empty_lines: true, skip_records_with_error: true }),
  );
  parser.on('skip', (error: Error & { lines?: number }) => skipped.push({ line: error.lines ?? 0, reason: error.message }));
  for await (const row of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number }; raw: string }>) {
    while (skipped.length > 0) yield skipped.shift() as { line: number; reason: string };
    yield { record: { line: row.info.lines, raw: row.raw, value: row.record } };
  }
  while (skipped.length > 0) yield skipped.shift() as { line: number; reason: string };
}
