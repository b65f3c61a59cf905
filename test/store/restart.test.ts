import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestSdkSpans } from '../../server/ingest/sdk/index.ts';
import { openStore } from '../../server/store/db.ts';
import { createProject } from '../../server/store/queries/projects.ts';
import { spans } from '../../server/store/schema/spans.ts';
import { buildSdkSpan } from '../helpers/spans.ts';

describe('PGlite store on disk', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'loupe-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps acknowledged spans across a restart and refuses a second process meanwhile', async () => {
    const span = buildSdkSpan({ name: 'survivor' });
    const first = await openStore({ dataDir });
    const project = await createProject(first.db, 'persistent');
    if (!project) throw new Error('project not created');
    expect(await ingestSdkSpans(first.db, project.id, [span])).toEqual({ accepted: 1, rejected: [] });

    await expect(openStore({ dataDir })).rejects.toThrow(/another Loupe process is using this data directory/);
    await first.close();

    const second = await openStore({ dataDir });
    const rows = await second.db.select().from(spans).where(eq(spans.spanId, span.spanId));
    expect(rows.map((row) => [row.name, row.projectId])).toEqual([['survivor', project.id]]);
    await second.close();
  });
});
