import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spans } from '../../server/store/schema/spans.ts';
import { type TestApp, dataOf, startTestApp, testAdminToken } from '../helpers/app.ts';
import { buildSdkSpan } from '../helpers/spans.ts';

describe('tenant isolation', () => {
  let harness: TestApp;
  let projectA: { projectId: string; apiKey: string };
  let projectB: { projectId: string; apiKey: string };
  const spanOfB = buildSdkSpan({ name: 'secret-of-b', input: 'b-only payload', userId: 'bob' });

  beforeAll(async () => {
    harness = await startTestApp();
    projectA = await harness.createProjectWithKey('project-a');
    projectB = await harness.createProjectWithKey('project-b');
    const response = await harness.call({ path: 'spans.ingest', type: 'mutation', input: { spans: [spanOfB] }, token: projectB.apiKey });
    expect(response.body.result?.data).toMatchObject({ accepted: 1 });
  });
  afterAll(() => harness.close());

  it('a key of A never finds spans of B, whatever the filter or header', async () => {
    for (const input of [{}, { traceId: spanOfB.traceId }, { text: 'b-only' }, { userId: 'bob' }]) {
      const response = await harness.call({
        path: 'spans.search',
        input,
        token: projectA.apiKey,
        headers: { 'x-loupe-project': projectB.projectId },
      });
      expect(response.status).toBe(200);
      expect(response.body.result?.data).toMatchObject({ spans: [] });
    }
  });

  it('a key of A gets 404 for a trace or span of B, with or without payloads', async () => {
    for (const [path, input] of [
      ['traces.get', { traceId: spanOfB.traceId }],
      ['traces.get', { traceId: spanOfB.traceId, payloads: false }],
      ['spans.get', { traceId: spanOfB.traceId, spanId: spanOfB.spanId }],
    ] as const) {
      const response = await harness.call({ path, input, token: projectA.apiKey });
      expect(response.status, `${path} ${JSON.stringify(input)}`).toBe(404);
    }
  });

  it('facets of A never list names, users or models of B', async () => {
    const facets = dataOf<Record<string, { value: string }[]>>(await harness.call({ path: 'spans.facets', token: projectA.apiKey }));
    expect(JSON.stringify(facets)).not.toContain('secret-of-b');
  });

  it('a key of A re-sending the ids of a span of B writes into A only', async () => {
    const impostor = { ...spanOfB, name: 'overwritten', input: 'from A' };
    const response = await harness.call({ path: 'spans.ingest', type: 'mutation', input: { spans: [impostor] }, token: projectA.apiKey });
    expect(response.body.result?.data).toMatchObject({ accepted: 1 });
    const rows = await harness.store.db
      .select({ projectId: spans.projectId, name: spans.name })
      .from(spans)
      .where(and(eq(spans.traceId, spanOfB.traceId), eq(spans.spanId, spanOfB.spanId)));
    expect(rows).toHaveLength(2);
    expect(rows).toContainEqual({ projectId: projectB.projectId, name: 'secret-of-b' });
    expect(rows).toContainEqual({ projectId: projectA.projectId, name: 'overwritten' });
  });

  it('a key lists only its own project and cannot manage projects or keys', async () => {
    const list = await harness.call({ path: 'projects.list', token: projectA.apiKey });
    expect(dataOf<{ name: string }[]>(list).map((project) => project.name)).toEqual(['project-a']);

    const forbidden = [
      { path: 'projects.create', type: 'mutation' as const, input: { name: 'x' } },
      { path: 'keys.create', type: 'mutation' as const, input: { project: 'project-b' } },
      { path: 'keys.list', type: 'query' as const, input: { project: 'project-b' } },
      { path: 'keys.revoke', type: 'mutation' as const, input: { project: 'project-b', keyId: projectB.projectId } },
    ];
    for (const call of forbidden) {
      const response = await harness.call({ ...call, token: projectA.apiKey });
      expect(response.status, call.path).toBe(403);
    }
  });

  it('the admin token reaches a project only when it names it', async () => {
    const unnamed = await harness.call({ path: 'spans.search', token: testAdminToken });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error?.message).toContain('x-loupe-project');

    const named = await harness.call({
      path: 'spans.search',
      token: testAdminToken,
      headers: { 'x-loupe-project': 'project-b' },
    });
    expect(dataOf<{ spans: { name: string }[] }>(named).spans.map((row) => row.name)).toEqual(['secret-of-b']);
  });

  it('a revoked key stops working at once', async () => {
    const created = await harness.call({
      path: 'keys.create',
      type: 'mutation',
      input: { project: 'project-a', name: 'short-lived' },
      token: testAdminToken,
    });
    const key = dataOf<{ id: string; secret: string; prefix: string }>(created);
    expect(key.secret.startsWith(key.prefix)).toBe(true);
    expect((await harness.call({ path: 'spans.search', token: key.secret })).status).toBe(200);

    const listed = await harness.call({ path: 'keys.list', input: { project: 'project-a' }, token: testAdminToken });
    expect(JSON.stringify(listed.body)).not.toContain(key.secret);

    const revoked = await harness.call({
      path: 'keys.revoke',
      type: 'mutation',
      input: { project: 'project-a', keyId: key.id },
      token: testAdminToken,
    });
    expect(revoked.status).toBe(200);
    expect((await harness.call({ path: 'spans.search', token: key.secret })).status).toBe(401);
  });

  it('the admin cannot revoke a key of B by naming project A', async () => {
    const created = await harness.call({ path: 'keys.create', type: 'mutation', input: { project: 'project-b' }, token: testAdminToken });
    const key = dataOf<{ id: string; secret: string }>(created);
    const response = await harness.call({
      path: 'keys.revoke',
      type: 'mutation',
      input: { project: 'project-a', keyId: key.id },
      token: testAdminToken,
    });
    expect(response.status).toBe(404);
    expect((await harness.call({ path: 'spans.search', token: key.secret })).status).toBe(200);
  });

  it('a key of A sees none of B through metrics, scores, exports, prices and imports', async () => {
    await harness.call({ path: 'scores.create', type: 'mutation', input: { traceId: spanOfB.traceId, name: 'b-score', value: 1 }, token: projectB.apiKey });
    const metrics = dataOf<{ points: { requests: number }[]; scores: unknown[] }>(await harness.call({ path: 'metrics.timeseries', token: projectA.apiKey }));
    expect(metrics.points.reduce((sum, point) => sum + point.requests, 0)).toBe(1); // A's own impostor span only
    expect(metrics.scores).toEqual([]);
    expect(dataOf(await harness.call({ path: 'scores.listForTrace', input: { traceId: spanOfB.traceId }, token: projectA.apiKey }))).toEqual([]);
    const exported = dataOf<{ content: string }>(await harness.call({ path: 'spans.export', input: { filter: { from: 0 } }, token: projectA.apiKey }));
    expect(exported.content).not.toContain('secret-of-b');
    expect(exported.content).not.toContain('b-only payload');
    const upload = await harness.app.request('/api/imports?fileName=b.jsonl', {
      method: 'POST',
      body: '{"input":"b import","output":"x"}\n',
      headers: { authorization: `Bearer ${projectB.apiKey}` },
    });
    const importOfB = (await upload.json()) as { id: string };
    expect((await harness.call({ path: 'imports.get', input: { id: importOfB.id }, token: projectA.apiKey })).status).toBe(404);
    expect(dataOf(await harness.call({ path: 'imports.list', token: projectA.apiKey }))).toEqual([]);
  });
});
