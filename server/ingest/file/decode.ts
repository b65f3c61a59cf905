// Streams an import file as records with line numbers: JSON Lines or CSV (with a header).
import { StringDecoder } from 'node:string_decoder';
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
  for await (const text of splitLines(input)) {
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

/**
 * Lines of a stream, pulled chunk by chunk: the next chunk is read only when the consumer asks, so a slow
 * database throttles the file read (node:readline keeps reading ahead and queues lines without bound).
 */
async function* splitLines(input: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  for await (const chunk of input) {
    carry += decoder.write(chunk as Buffer);
    let start = 0;
    let end = carry.indexOf('\n', start);
    while (end >= 0) {
      yield carry.slice(start, carry[end - 1] === '\r' ? end - 1 : end);
      start = end + 1;
      end = carry.indexOf('\n', start);
    }
    carry = carry.slice(start);
  }
  carry += decoder.end();
  if (carry !== '') yield carry;
}
