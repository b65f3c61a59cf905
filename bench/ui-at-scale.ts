// The UI's queries and pages over a large project: API times against a one-span lookup (the fixed cost of a
// call), and Chromium page loads against the sign-in page (the cost of loading the app with no data).
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Page } from 'playwright-core';
import { createApp } from '../server/http/app.ts';
import { hashSecret } from '../server/lib/secret.ts';
import { createApiKey } from '../server/store/queries/api-keys.ts';
import { createProject } from '../server/store/queries/projects.ts';
import { launchChromium } from '../test/helpers/browser.ts';
import type { BenchDatabase } from './databases.ts';
import { largeTraceId, seedAtScale, seedScores } from './seed-at-scale.ts';

const runs = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function timeMedian(action: () => Promise<void>): Promise<number> {
  await action();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await action();
    times.push(performance.now() - started);
  }
  return median(times);
}

export type Timing = { label: string; milliseconds: number; ratio: number };

export async function benchmarkUiAtScale(database: BenchDatabase, spanCount: number) {
  execFileSync(process.execPath, ['web/scripts/build-if-stale.mjs'], { stdio: 'inherit' });
  const store = await database.open();
  const server = serve({ fetch: createApp({ store, adminTokenHash: hashSecret('bench-admin') }).fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  try {
    const project = await createProject(store.db, 'bench-ui');
    if (!project) throw new Error('bench project exists');
    const key = await createApiKey(store.db, { projectId: project.id, name: 'bench' });
    const seedSeconds = await seedAtScale(store, project.id, spanCount);
    await seedScores(store, project.id);

    const call = async (path: string, input: unknown) => {
      const response = await fetch(`${baseUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
        headers: { authorization: `Bearer ${key.secret}` },
      });
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    };
    const week = Date.now() - 7 * 86_400_000;
    const apiBaseline = await timeMedian(() => call('spans.get', { traceId: largeTraceId, spanId: '0000000000000001' }));
    const queries: [string, string, unknown][] = [
      ['spans.search, newest 100 in 24 h', 'spans.search', { limit: 100 }],
      ['spans.search, model + error in 7 d', 'spans.search', { from: week, model: 'gpt-4o', status: 'error', limit: 100 }],
      ['spans.search, user in 7 d', 'spans.search', { from: week, userId: 'user-42', limit: 100 }],
      ['spans.search, text "sourdough" in 24 h', 'spans.search', { text: 'sourdough', limit: 100 }],
      ['spans.search, text "sourdough" in 7 d', 'spans.search', { from: week, text: 'sourdough', limit: 100 }],
      ['spans.search, any quality score in 7 d', 'spans.search', { from: week, scores: [{ name: 'quality' }], limit: 100 }],
      ['spans.search, quality < 0.05 in 7 d', 'spans.search', { from: week, scores: [{ name: 'quality', op: '<', value: 0.05 }], limit: 100 }],
      ['metrics.timeseries, 24 h', 'metrics.timeseries', {}],
      ['metrics.timeseries, 7 d', 'metrics.timeseries', { from: week }],
      ['metrics.timeseries, 7 d, one model', 'metrics.timeseries', { from: week, model: 'gpt-4o' }],
      ['spans.facets, 24 h', 'spans.facets', {}],
      ['traces.get outline, 10,000 spans', 'traces.get', { traceId: largeTraceId, payloads: false }],
    ];
    const api: Timing[] = [];
    for (const [label, path, input] of queries) {
      const milliseconds = await timeMedian(() => call(path, input));
      api.push({ label, milliseconds, ratio: milliseconds / apiBaseline });
    }

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    const pageLoad = (path: string, ready: (page: Page) => Promise<unknown>) =>
      timeMedian(async () => {
        await page.goto(`${baseUrl}${path}`);
        await ready(page);
      });
    const pageBaseline = await pageLoad('/', (current) => current.getByRole('button', { name: 'Sign in' }).waitFor());
    const session = JSON.stringify({ token: key.secret, kind: 'key', project: 'bench-ui' });
    await page.evaluate(`localStorage.setItem('loupe.session', ${JSON.stringify(session)})`);
    const pages: [string, string, (page: Page) => Promise<unknown>][] = [
      ['spans explorer, 24 h, first 100 rows', '/spans', (current) => current.getByText('100 spans loaded').waitFor()],
      ['spans explorer, text search in 7 d', '/spans?range=7d&q=sourdough', (current) => current.getByText('100 spans loaded').waitFor()],
      ['dashboard, 7 d, totals shown', '/dashboard?range=7d', (current) => current.getByTestId('total-requests').waitFor()],
      [
        'dashboard, 7 d, all charts drawn',
        '/dashboard?range=7d',
        (current) => current.locator('[data-chart="Cost (USD)"] svg path').nth(5).waitFor({ state: 'attached' }),
      ],
      ['trace of 10,000 spans, waterfall drawn', `/traces/${largeTraceId}`, (current) => current.getByRole('treeitem').nth(10).waitFor()],
    ];
    const loads: Timing[] = [];
    for (const [label, path, ready] of pages) {
      const milliseconds = await pageLoad(path, ready);
      loads.push({ label, milliseconds, ratio: milliseconds / pageBaseline });
    }
    return { database: database.label, spanCount, seedSeconds, apiBaseline, api, pageBaseline, loads };
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  }
}
