import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spans } from '../../server/store/schema/spans.ts';
import { type TestApp, dataOf, startTestApp } from '../helpers/app.ts';

describe('POST /api/imports', () => {
  let harness: TestApp;
  let apiKey: string;

  beforeAll(async () => {
    harness = await startTestApp();
    ({ apiKey } = await harness.createProjectWithKey('upload'));
  });
  afterAll(() => harness.close());

  const upload = (body: string, query: string, token = apiKey) =>
    harness.app.request(`/api/imports?${query}`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${token}`, 'content-length': String(Buffer.byteLength(body)) },
    });

  it('streams an uploaded file into spans, with progress and rejected lines readable through imports.*', async () => {
    const body = 'prompt,completion,user_id,timestamp\nHello,Hi,up-1,2025-11-22T00:00:00Z\n"unterminated\n';
    const response = await upload(body, 'fileName=upload.csv');
    expect(response.status).toBe(200);
    const row = (await response.json()) as { id: string; format: string; spansImported: number; linesRejected: number; bytesRead: number; bytesTotal: number };
    expect(row).toMatchObject({ format: 'csv', spansImported: 1, linesRejected: 1 });
    expect(row.bytesRead).toBe(row.bytesTotal);

    const listed = dataOf<{ id: string }[]>(await harness.call({ path: 'imports.list', token: apiKey }));
    expect(listed.map((item) => item.id)).toContain(row.id);
    const detail = dataOf<{ errors: { line: number; reason: string }[] }>(await harness.call({ path: 'imports.get', input: { id: row.id }, token: apiKey }));
    expect(detail.errors).toHaveLength(1);
    expect(detail.errors[0]?.reason).toMatch(/quote/i);
    expect(await harness.store.db.select({ input: spans.input }).from(spans).where(eq(spans.userId, 'up-1'))).toEqual([{ input: 'Hello' }]);
  });

  it('answers 401 without a key, 400 for an unknown format, and keeps imports per project', async () => {
    expect((await upload('{}', 'fileName=a.jsonl', 'lp_nope')).status).toBe(401);
    const badFormat = await upload('{}', 'format=xml');
    expect(badFormat.status).toBe(400);
    expect(((await badFormat.json()) as { error: { message: string } }).error.message).toContain('format: must be one of');

    const other = await harness.createProjectWithKey('upload-other');
    expect(dataOf<unknown[]>(await harness.call({ path: 'imports.list', token: other.apiKey }))).toEqual([]);
  });
});
