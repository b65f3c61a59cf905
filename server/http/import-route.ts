// POST /api/imports: streams an uploaded log file into an import (progress visible through imports.list/get).
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Hono } from 'hono';
import { runImport } from '../ingest/file/index.ts';
import { type ImportFormat, ImportSetupError, importFormats, parseMappingOption } from '../ingest/file/formats.ts';
import { peekFirstLine } from '../lib/peek-first-line.ts';
import type { Store } from '../store/db.ts';
import { resolveRequestProject } from './auth.ts';

export function mountImportRoute(app: Hono, options: { store: Store; adminTokenHash: string }): void {
  app.post('/api/imports', async (context) => {
    const projectId = await resolveRequestProject({ db: options.store.db, adminTokenHash: options.adminTokenHash, headers: context.req.raw.headers });
    if (!projectId) return context.json({ error: { message: 'Send a project API key: Authorization: Bearer <key>' } }, 401);

    const format = context.req.query('format');
    if (format && !importFormats.includes(format as ImportFormat)) {
      return context.json({ error: { message: `format: must be one of ${importFormats.join(', ')}` } }, 400);
    }
    const body = context.req.raw.body;
    if (!body) return context.json({ error: { message: 'body: send the file as the request body' } }, 400);
    try {
      const mapping = parseMappingOption(context.req.query('map') ?? '');
      const { firstLine, stream } = await peekFirstLine(Readable.fromWeb(body as NodeReadableStream<Uint8Array>));
      const declared = Number(context.req.header('content-length'));
      const row = await runImport({
        db: options.store.db,
        projectId,
        fileName: context.req.query('fileName') ?? 'upload',
        input: stream,
        firstLine,
        format: format as ImportFormat | undefined,
        mapping,
        bytesTotal: Number.isFinite(declared) ? declared : undefined,
      });
      return context.json(row, row.status === 'done' ? 200 : 422);
    } catch (error) {
      if (error instanceof ImportSetupError) return context.json({ error: { message: error.message } }, 400);
      throw error;
    }
  });
}
