// Runs an import: streams records, converts them per format, writes spans in batches, and records progress and
// rejected lines after each committed batch, so an interrupted import resumes without loss or duplicates.
import { type Readable, Transform } from 'node:stream';
import type { Database } from '../../store/db.ts';
import { type ImportRow, createImport, finishImport, getImport, recordImportProgress } from '../../store/queries/imports.ts';
import type { NormalizedSpan } from '../span.ts';
import { writeSpans } from '../write.ts';
import { readRecords } from './decode.ts';
import { type FieldMapping, type ImportFormat, ImportSetupError, detectFormat, resolveMapping } from './formats.ts';
import { type BatchRequests, recordToSpans } from './to-span.ts';

export type ImportProgress = Pick<ImportRow, 'bytesRead' | 'bytesTotal' | 'linesCommitted' | 'spansImported' | 'linesRejected'>;

export type ImportOptions = {
  db: Database;
  projectId: string;
  fileName: string;
  input: Readable;
  /** The first non-empty line, for format detection when `format` is not given. */
  firstLine: string;
  format?: ImportFormat | undefined;
  mapping?: FieldMapping | undefined;
  bytesTotal?: number | undefined;
  /** OpenAI Batch input bodies by custom_id (see loadBatchRequests), so output spans get their input messages. */
  batchRequests?: BatchRequests | undefined;
  /** An earlier, interrupted import of the same file to continue: lines it committed are skipped. */
  resumeImportId?: string | undefined;
  onProgress?: (progress: ImportProgress) => void;
};

const spansPerBatch = 500;

/** Imports a file and returns the finished import row (status done or failed, with counters). */
export async function runImport(options: ImportOptions): Promise<ImportRow> {
  const { db, projectId } = options;
  const row = options.resumeImportId
    ? await requireImport(db, projectId, options.resumeImportId)
    : await createImport(db, {
        projectId,
        fileName: options.fileName,
        format: options.format ?? detectFormat(options.fileName, options.firstLine),
        mapping: options.mapping ?? {},
        bytesTotal: options.bytesTotal ?? null,
      });
  try {
    await streamIntoStore(row, options);
    await finishImport(db, { importId: row.id, status: 'done' });
  } catch (error) {
    if (!(error instanceof ImportSetupError)) console.error(`import ${row.id} failed:`, error);
    await finishImport(db, { importId: row.id, status: 'failed', error: (error as Error).message });
  }
  return (await getImport(db, { projectId, importId: row.id })) as ImportRow;
}

async function requireImport(db: Database, projectId: string, importId: string): Promise<ImportRow> {
  const row = await getImport(db, { projectId, importId });
  if (!row) throw new ImportSetupError(`no import ${importId} in this project`);
  return row;
}

async function streamIntoStore(row: ImportRow, options: ImportOptions): Promise<void> {
  const format = row.format as ImportFormat;
  let mapping = row.mapping as FieldMapping;
  const generic = format === 'jsonl' || format === 'csv';
  let mappingResolved = !generic;
  const progress: ImportProgress = { ...row };
  let pending: NormalizedSpan[] = [];
  let rejected: { line: number; reason: string }[] = [];
  let lastLine = row.linesCommitted;
  let bytesRead = row.bytesRead;

  const commit = async () => {
    if (pending.length > 0) await writeSpans(options.db, row.projectId, pending);
    await recordImportProgress(options.db, { importId: row.id, bytesRead, linesCommitted: lastLine, spansImported: pending.length, rejected });
    progress.bytesRead = bytesRead;
    progress.linesCommitted = lastLine;
    progress.spansImported += pending.length;
    progress.linesRejected += rejected.length;
    options.onProgress?.({ ...progress });
    pending = [];
    rejected = [];
  };

  // Bytes are counted where the parser pulls them, so progress is exact for every format.
  let bytesPulled = 0;
  const counted = options.input.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytesPulled += chunk.length;
        callback(null, chunk);
      },
    }),
  );
  options.input.once('error', (error) => counted.destroy(error));
  for await (const item of readRecords(counted, format === 'csv' ? 'csv' : 'jsonl')) {
    const line = 'record' in item ? item.record.line : item.line;
    bytesRead = bytesPulled;
    // The mapping comes from the file's first record, also when resuming past it, so both runs agree.
    if (!mappingResolved && 'record' in item) {
      mapping = resolveMapping(Object.keys((item.record.value ?? {}) as object), mapping);
      mappingResolved = true;
    }
    if (line <= row.linesCommitted) continue;
    lastLine = line;
    if (!('record' in item)) {
      rejected.push({ line, reason: item.reason });
    } else {
      const outcome = recordToSpans(format, item.record, { mapping, batchRequests: options.batchRequests });
      if ('spans' in outcome) pending.push(...outcome.spans);
      else rejected.push({ line, reason: outcome.reasons.join('; ') });
    }
    if (pending.length >= spansPerBatch || rejected.length >= spansPerBatch) await commit();
  }
  bytesRead = bytesPulled;
  await commit();
}

/**
 * Reads an OpenAI Batch input file (`{custom_id, method, url, body}` per line) into request bodies by custom_id.
 * It is held in memory: OpenAI caps batch input files at 200 MB.
 */
export async function loadBatchRequests(input: Readable): Promise<BatchRequests> {
  const requests = new Map<string, Record<string, unknown>>();
  for await (const item of readRecords(input, 'jsonl')) {
    if (!('record' in item)) throw new ImportSetupError(`batch requests line ${item.line}: ${item.reason}`);
    const line = item.record.value as { custom_id?: unknown; body?: unknown };
    if (typeof line.custom_id !== 'string' || typeof line.body !== 'object' || line.body === null) {
      throw new ImportSetupError(`batch requests line ${item.record.line}: expected {custom_id, body} of an OpenAI Batch input file`);
    }
    requests.set(line.custom_id, line.body as Record<string, unknown>);
  }
  return requests;
}
