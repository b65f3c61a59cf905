// `loupe import <file>` and `loupe export`: file transfer between log files and the store, with a progress bar.
import { createReadStream, createWriteStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { type ExportFormat, csvHeader, exportFormats, toCsvLines, toJsonLines } from '../ingest/file/export.ts';
import { type ImportFormat, importFormats, parseMappingOption } from '../ingest/file/formats.ts';
import { loadBatchRequests, runImport } from '../ingest/file/index.ts';
import { millisecondsToNanoseconds, parseIsoToNanoseconds } from '../lib/nanoseconds.ts';
import type { Store } from '../store/db.ts';
import { listImportErrors } from '../store/queries/imports.ts';
import { findProject, listProjects } from '../store/queries/projects.ts';
import { exportSpanPage, type SpanCursor } from '../store/queries/spans.ts';

/** The named project, or the only one when there is just one. */
async function resolveProjectId(store: Store, name: string | undefined): Promise<string> {
  if (name) {
    const project = await findProject(store.db, name);
    if (!project) throw new Error(`--project ${name}: no such project`);
    return project.id;
  }
  const projects = await listProjects(store.db);
  if (projects.length !== 1 || !projects[0]) throw new Error(`--project NAME is required (projects: ${projects.map((project) => project.name).join(', ')})`);
  return projects[0].id;
}

function readFirstLine(file: string): string {
  const descriptor = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1024 * 1024);
    const length = readSync(descriptor, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, length).toString('utf8').split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  } finally {
    closeSync(descriptor);
  }
}

export async function importCommand(store: Store, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      project: { type: 'string' },
      map: { type: 'string' },
      resume: { type: 'string' },
      requests: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file) throw new Error('import: give the file to import: loupe import <file> [--format F] [--project P] [--map field=column,...] [--requests batch_input.jsonl]');
  if (values.format && !importFormats.includes(values.format as ImportFormat)) {
    throw new Error(`--format ${values.format}: must be one of ${importFormats.join(', ')}`);
  }
  const projectId = await resolveProjectId(store, values.project);
  const batchRequests = values.requests ? await loadBatchRequests(createReadStream(values.requests)) : undefined;
  const bytesTotal = statSync(file).size;
  const bar = new SingleBar({
    format: 'import |{bar}| {percentage}% | {value}/{total} bytes | lines {lines} | spans {spans} | rejected {rejected}',
    stream: process.stderr,
  });
  bar.start(bytesTotal, 0, { lines: 0, spans: 0, rejected: 0 });
  const row = await runImport({
    db: store.db,
    projectId,
    fileName: path.basename(file),
    input: createReadStream(file),
    firstLine: readFirstLine(file),
    format: values.format as ImportFormat | undefined,
    mapping: parseMappingOption(values.map ?? ''),
    bytesTotal,
    resumeImportId: values.resume,
    batchRequests,
    onProgress: (progress) =>
      bar.update(progress.bytesRead, { lines: progress.linesCommitted, spans: progress.spansImported, rejected: progress.linesRejected }),
  });
  bar.stop();
  console.error(`import ${row.id} (${row.format}): ${row.status}; ${row.spansImported} spans stored, ${row.linesRejected} lines rejected`);
  for (const rejection of await listImportErrors(store.db, { importId: row.id, afterLine: 0, limit: 20 })) {
    console.error(`  line ${rejection.line}: ${rejection.reason}`);
  }
  if (row.linesRejected > 20) console.error(`  … ${row.linesRejected - 20} more: imports.get { id: "${row.id}" }`);
  if (row.status === 'failed') console.error(`failed: ${row.error}${row.error?.includes('--') ? '' : `; resume with --resume ${row.id}`}`);
  return row.status === 'done' ? 0 : 1;
}

export async function exportCommand(store: Store, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      format: { type: 'string', default: 'jsonl' },
      project: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      model: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (!exportFormats.includes(values.format as ExportFormat)) throw new Error(`--format ${values.format}: must be jsonl or csv`);
  const parseTime = (value: string | undefined, option: string) => {
    if (value === undefined) return undefined;
    const parsed = parseIsoToNanoseconds(value);
    if (parsed === null) throw new Error(`--${option} ${value}: must be an ISO-8601 timestamp with a time zone`);
    return parsed;
  };
  const toUnixNano = parseTime(values.to, 'to') ?? millisecondsToNanoseconds(Date.now());
  const fromUnixNano = parseTime(values.from, 'from') ?? 0n;
  const projectId = await resolveProjectId(store, values.project);
  const output = values.out ? createWriteStream(values.out) : process.stdout;
  const write = (text: string) => new Promise<void>((resolve) => (output.write(text) ? resolve() : output.once('drain', resolve)));
  if (values.format === 'csv') await write(csvHeader());
  let after: SpanCursor | undefined;
  let count = 0;
  do {
    const page = await exportSpanPage(store.db, {
      projectId,
      filter: { fromUnixNano, toUnixNano, models: values.model ? [values.model] : undefined },
      order: 'asc',
      limit: 1000,
      after,
    });
    await write(values.format === 'csv' ? toCsvLines(page.rows) : toJsonLines(page.rows));
    count += page.rows.length;
    after = page.next ?? undefined;
  } while (after);
  if (values.out) await new Promise<void>((resolve) => (output as ReturnType<typeof createWriteStream>).end(resolve));
  console.error(`exported ${count} spans`);
  return 0;
}
