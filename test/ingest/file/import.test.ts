import { Readable } from 'node:stream';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBatchRequests, runImport } from '../../../server/ingest/file/index.ts';
import type { FieldMapping, ImportFormat } from '../../../server/ingest/file/formats.ts';
import { listImportErrors } from '../../../server/store/queries/imports.ts';
import { spans } from '../../../server/store/schema/spans.ts';
import { type TestApp, dataOf, startTestApp } from '../../helpers/app.ts';
import { randomSpanId, randomTraceId } from '../../helpers/spans.ts';

const lines = (...items: (string | object)[]) => `${items.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('\n')}\n`;

describe('log file import', () => {
  let harness: TestApp;
  let projectId: string;
  let apiKey: string;

  beforeAll(async () => {
    harness = await startTestApp();
    ({ projectId, apiKey } = await harness.createProjectWithKey('imports'));
  });
  afterAll(() => harness.close());

  async function importText(
    text: string,
    options: { fileName: string; format?: ImportFormat; mapping?: FieldMapping; project?: string; batchRequests?: Awaited<ReturnType<typeof loadBatchRequests>> },
  ) {
    return runImport({
      db: harness.store.db,
      projectId: options.project ?? projectId,
      fileName: options.fileName,
      input: Readable.from([Buffer.from(text)]),
      firstLine: text.split('\n').find((line) => line.trim() !== '') ?? '',
      format: options.format,
      mapping: options.mapping,
      batchRequests: options.batchRequests,
      bytesTotal: Buffer.byteLength(text),
    });
  }
  const rejectedLines = async (importId: string) =>
    (await listImportErrors(harness.store.db, { importId, afterLine: 0, limit: 100 })).map((error) => [error.line, error.reason]);
  const spansWhere = (condition: ReturnType<typeof eq>) => harness.store.db.select().from(spans).where(condition);

  it('imports OTLP JSON Lines (one TracesData per line), reporting a malformed line by number', async () => {
    const traceId = randomTraceId();
    const tracesData = (name: string) => ({
      resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'file-app' } }] }, scopeSpans: [{ scope: { name: 's' }, spans: [
        { traceId, spanId: randomSpanId(), name, kind: 3, startTimeUnixNano: '1764000000000000000', endTimeUnixNano: '1764000000500000000',
          attributes: [{ key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } }, { key: 'gen_ai.usage.input_tokens', value: { intValue: '10' } }] },
      ] }] }],
    });
    const row = await importText(lines(tracesData('first'), '{"resourceSpans": [', tracesData('second')), { fileName: 'traces.jsonl' });
    expect(row).toMatchObject({ format: 'otlp-jsonl', status: 'done', spansImported: 2, linesRejected: 1, linesCommitted: 3 });
    expect(await rejectedLines(row.id)).toEqual([[2, expect.stringContaining('not valid JSON')]]);
    const stored = await spansWhere(eq(spans.traceId, traceId));
    expect(stored.map((span) => [span.name, span.model, span.inputTokens, span.source, span.resource])).toEqual(
      expect.arrayContaining([['first', 'gpt-4o', 10, 'import', { 'service.name': 'file-app' }]]),
    );
  });

  it('pairs OpenAI Batch output lines with their requests from the input file', async () => {
    const requestsFile = lines(
      { custom_id: 'paired-1', method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Is it paired?' }] } },
    );
    const batchRequests = await loadBatchRequests(Readable.from([Buffer.from(requestsFile)]));
    const output = { id: 'batch_req_p', custom_id: 'paired-1', response: { status_code: 200, body: { model: 'gpt-4o-mini-2024-07-18', created: 1764000000, choices: [{ message: { role: 'assistant', content: 'Yes.' } }] } } };
    const row = await importText(lines(output), { fileName: 'paired_output.jsonl', batchRequests });
    expect(row).toMatchObject({ status: 'done', spansImported: 1 });
    const [span] = await harness.store.db.select().from(spans).where(eq(spans.name, 'openai.batch.chat'));
    expect(span).toMatchObject({ input: [{ role: 'user', content: 'Is it paired?' }], output: [{ role: 'assistant', content: 'Yes.' }], metadata: { custom_id: 'paired-1' } });
    await expect(loadBatchRequests(Readable.from([Buffer.from('{"oops": true}\n')]))).rejects.toThrow('batch requests line 1: expected {custom_id, body}');
    await harness.store.db.delete(spans).where(eq(spans.name, 'openai.batch.chat'));
  });

  it('imports OpenAI Batch output, failed requests as error spans, with stable ids per custom_id', async () => {
    const ok = {
      id: 'batch_req_1',
      custom_id: 'req-1',
      response: { status_code: 200, body: { model: 'gpt-4o-mini', created: 1764000000, choices: [{ message: { role: 'assistant', content: 'Yes.' } }], usage: { prompt_tokens: 12, completion_tokens: 2 } } },
      error: null,
    };
    const failed = { id: 'batch_req_2', custom_id: 'req-2', response: { status_code: 429, body: { error: { message: 'Rate limited' } } }, error: null };
    const text = lines(ok, failed);
    const first = await importText(text, { fileName: 'batch_output.jsonl' });
    expect(first).toMatchObject({ format: 'openai-batch', status: 'done', spansImported: 2, linesRejected: 0 });
    const stored = await harness.store.db.select().from(spans).where(eq(spans.name, 'openai.batch.chat'));
    const success = stored.find((span) => span.status === 'ok');
    expect(success).toMatchObject({ model: 'gpt-4o-mini', inputTokens: 12, outputTokens: 2, output: [{ role: 'assistant', content: 'Yes.' }], metadata: { custom_id: 'req-1' } });
    expect(success?.costUsd).toBeGreaterThan(0);
    expect(stored.find((span) => span.status === 'error')?.statusMessage).toBe('Rate limited');

    await importText(text, { fileName: 'batch_output.jsonl' });
    expect(await harness.store.db.select({ n: count() }).from(spans).where(eq(spans.name, 'openai.batch.chat'))).toEqual([{ n: 2 }]);
  });

  it('imports generic JSON Lines with an auto-detected mapping and rejects bad lines with reasons', async () => {
    const text = lines(
      { prompt: 'Hi', completion: 'Hello', model: 'gpt-4o-mini', prompt_tokens: 5, completion_tokens: 1, timestamp: '2025-11-20T10:00:00Z', latency_ms: 420, user_id: 'u1', session_id: 's1', tags: ['a'], metadata: { source: 'legacy' } },
      'not json at all',
      { prompt: 'Bad time', completion: 'x', timestamp: 'yesterday' },
      { prompt: 'Second', completion: 'Reply', timestamp: 1763632800, user_id: 'u2' },
    );
    const row = await importText(text, { fileName: 'calls.jsonl' });
    expect(row).toMatchObject({ format: 'jsonl', status: 'done', spansImported: 2, linesRejected: 2 });
    expect(await rejectedLines(row.id)).toEqual([
      [2, expect.stringContaining('not valid JSON')],
      [3, expect.stringContaining('startTime')],
    ]);
    const [first] = await spansWhere(eq(spans.userId, 'u1'));
    expect(first).toMatchObject({ input: 'Hi', output: 'Hello', kind: 'llm', model: 'gpt-4o-mini', inputTokens: 5, durationMs: 420, sessionId: 's1', tags: ['a'], metadata: { source: 'legacy' }, source: 'import' });
    expect(first?.startTimeUnixNano).toBe(BigInt(Date.parse('2025-11-20T10:00:00Z')) * 1_000_000n);
    const [second] = await spansWhere(eq(spans.userId, 'u2'));
    expect(second?.startTimeUnixNano).toBe(1_763_632_800_000_000_000n);
  });

  it('fails clearly on an ambiguous mapping, and imports once the mapping is given', async () => {
    const text = lines({ input: 'q', prompt: 'also q', output: 'a', model: 'm' });
    const ambiguous = await importText(text, { fileName: 'ambiguous.jsonl' });
    expect(ambiguous.status).toBe('failed');
    expect(ambiguous.error).toBe('ambiguous input: the file has input and prompt; choose with --map input=<field>');
    const mapped = await importText(text, { fileName: 'ambiguous.jsonl', mapping: { input: 'prompt' } });
    expect(mapped).toMatchObject({ status: 'done', spansImported: 1 });
  });

  it('imports CSV with quoted JSON cells, reporting a row with the wrong column count by line', async () => {
    const text = [
      'question,answer,model,input_tokens,output_tokens,created_at,user',
      '"What is 2+2?","{""value"": 4}",gpt-4o,8,3,2025-11-21T08:00:00Z,csv-user',
      'broken,row',
      '"Multi',
      'line question",ok,gpt-4o,1,1,2025-11-21T08:01:00Z,csv-user',
    ].join('\n');
    const row = await importText(`${text}\n`, { fileName: 'calls.csv', mapping: { input: 'question', output: 'answer' } });
    expect(row).toMatchObject({ format: 'csv', status: 'done', spansImported: 2, linesRejected: 1 });
    expect(await rejectedLines(row.id)).toEqual([[3, expect.stringMatching(/column/i)]]);
    const stored = await spansWhere(eq(spans.userId, 'csv-user'));
    expect(stored.map((span) => [span.input, span.output]).sort()).toEqual([
      ['Multi\nline question', 'ok'],
      ['What is 2+2?', { value: 4 }],
    ]);
  });

  it('round-trips spans through spans.export (Loupe JSONL) into another project unchanged', async () => {
    const other = await harness.createProjectWithKey('import-roundtrip');
    const exported = dataOf<{ content: string; count: number }>(
      await harness.call({ path: 'spans.export', input: { filter: { from: 0, order: 'asc' }, format: 'jsonl' }, token: apiKey }),
    );
    expect(exported.count).toBeGreaterThan(5);
    const row = await importText(exported.content, { fileName: 'export.jsonl', project: other.projectId });
    expect(row).toMatchObject({ format: 'loupe', status: 'done', spansImported: exported.count, linesRejected: 0 });
    const again = dataOf<{ content: string }>(
      await harness.call({ path: 'spans.export', input: { filter: { from: 0, order: 'asc' }, format: 'jsonl' }, token: other.apiKey }),
    );
    expect(again.content).toBe(exported.content);
  });

  it('exports CSV with a header and one line per span', async () => {
    const csv = dataOf<{ content: string; count: number }>(
      await harness.call({ path: 'spans.export', input: { filter: { from: 0 }, format: 'csv', limit: 3 }, token: apiKey }),
    );
    const [header] = csv.content.split('\n');
    expect(header).toBe('traceId,spanId,parentSpanId,name,kind,startTime,endTime,durationMs,status,statusMessage,model,provider,inputTokens,outputTokens,costUsd,ttftMs,userId,sessionId,tags,input,output,metadata');
    expect(csv.count).toBe(3);
  });

  it('resumes an interrupted import from the last committed line without duplicates', async () => {
    const total = 1300;
    const record = (index: number) => JSON.stringify({ input: `resume ${index}`, output: 'ok', timestamp: 1764000000 + index, session_id: 'resume' });
    const allLines = Array.from({ length: total }, (_, index) => record(index));
    async function* interrupted() {
      for (const [index, line] of allLines.entries()) {
        if (index === 1100) throw new Error('disk unplugged');
        yield Buffer.from(`${line}\n`);
      }
    }
    const broken = await runImport({
      db: harness.store.db, projectId, fileName: 'resume.jsonl', input: Readable.from(interrupted()), firstLine: allLines[0] ?? '',
    });
    expect(broken.status).toBe('failed');
    expect(broken.error).toContain('disk unplugged');
    expect(broken.linesCommitted).toBe(1000);

    const resumed = await runImport({
      db: harness.store.db, projectId, fileName: 'resume.jsonl', input: Readable.from([Buffer.from(`${allLines.join('\n')}\n`)]),
      firstLine: allLines[0] ?? '', resumeImportId: broken.id,
    });
    expect(resumed).toMatchObject({ id: broken.id, status: 'done', linesCommitted: total, spansImported: total });
    expect(await harness.store.db.select({ n: count() }).from(spans).where(eq(spans.sessionId, 'resume'))).toEqual([{ n: total }]);
  });

  it('streams a large file with bounded memory', async () => {
    const lineCount = 30_000;
    const padding = 'x'.repeat(1500);
    const collect = globalThis.gc as (() => void) | undefined;
    if (!collect) throw new Error('run with --expose-gc (vitest.config.ts sets it)');
    collect();
    let peakHeap = 0;
    const baseline = process.memoryUsage().heapUsed;
    function* generate() {
      for (let index = 0; index < lineCount; index += 1) {
        yield Buffer.from(`${JSON.stringify({ input: `big ${index} ${padding}`, output: 'y', timestamp: 1764000000 + index, session_id: 'big' })}\n`);
      }
    }
    const row = await runImport({
      db: harness.store.db, projectId, fileName: 'big.jsonl', input: Readable.from(generate()), firstLine: '{"input":"big","output":"y"}',
      onProgress: () => {
        collect();
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      },
    });
    expect(row).toMatchObject({ status: 'done', spansImported: lineCount });
    expect(row.bytesRead).toBeGreaterThan(45_000_000);
    // Retained heap after each batch: holding the ~46 MB file (as UTF-16 strings) would add over 90 MB.
    expect(peakHeap - baseline).toBeLessThan(30_000_000);
  }, 120_000);
});
