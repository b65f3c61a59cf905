import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, testAdminToken } from '../helpers/app.ts';
import { launchChromium, saveScreenshot } from '../helpers/browser.ts';
import { type TestServer, startTestServer } from '../helpers/server.ts';
import { type Seeded, buildLargeTrace, ingestSpans, seedProject } from './seed.ts';

const chatCount = 250;
/** The seeded chats plus the four spans of the agent trace. */
const demoSpanCount = chatCount + 4;

describe('web UI in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let keyContext: BrowserContext;
  let page: Page;
  let demoKey: string;
  let seeded: Seeded;
  let largeTraceId: string;

  const rows = () => page.locator('.span-rows [role=row]');
  const cellTexts = (column: number) => rows().evaluateAll((elements, index) => elements.map((row) => row.children[index]?.textContent ?? ''), column);

  beforeAll(async () => {
    server = await startTestServer();
    ({ apiKey: demoKey } = await server.createProjectWithKey('demo'));
    seeded = await seedProject(server, demoKey, chatCount);
    const { apiKey: largeKey } = await server.createProjectWithKey('large');
    const large = buildLargeTrace(10_000);
    largeTraceId = large.traceId;
    await ingestSpans(server, largeKey, large.spans);
    await server.createProjectWithKey('empty');
    browser = await launchChromium();
    keyContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await keyContext.newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses a wrong token with a message saying so', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.getByLabel('Admin token or API key').fill('lp_not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not valid');
  });

  it('signs in with a project key and lists the newest spans first, 100 at a time', async () => {
    await page.getByLabel('Admin token or API key').fill(demoKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('loaded-count').getByText('100 spans loaded').waitFor();
    expect(page.url()).toBe(`${server.baseUrl}/spans`);
    await expect.poll(() => page.locator('.project-name').textContent()).toBe('demo');
    const names = await cellTexts(1);
    expect(names.slice(0, 4)).toEqual(['llm answer', 'tool lookup_order', 'llm plan', 'agent support-agent']);
    await saveScreenshot(page, 'explorer');
  });

  it('loads the next keyset pages until the end of the results', async () => {
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText('200 spans loaded').waitFor();
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText(`${demoSpanCount} spans loaded`).waitFor();
    expect(await page.getByText('End of results').isVisible()).toBe(true);
  });

  it('sorts by latency over the whole range on the server, slowest first, then fastest first', async () => {
    await page.getByRole('button', { name: 'Latency' }).click();
    await expect.poll(() => page.url()).toContain('sort=latency');
    // The seed's longest span lasts 2.40 s (the agent); the chats top out just under it.
    await expect.poll(async () => (await cellTexts(3))[0]).toBe('2.40 s');
    await page.getByRole('button', { name: 'Latency ↓' }).click();
    await expect.poll(() => page.url()).toContain('order=asc');
    await expect.poll(async () => (await cellTexts(3))[0]).toBe('200 ms');
    await page.getByRole('button', { name: /^Time/ }).click();
    await expect.poll(() => page.url()).not.toContain('sort=');
  });

  it('searches input and output text and keeps the search in the URL across a reload', async () => {
    await page.getByLabel('Search input and output').fill('penguins');
    await page.getByLabel('Search input and output').press('Enter');
    await expect.poll(() => page.url()).toContain('q=penguins');
    await page.getByTestId('loaded-count').getByText('100 spans loaded').waitFor();
    await page.reload();
    await page.getByTestId('loaded-count').getByText('100 spans loaded').waitFor();
    expect(await page.getByLabel('Search input and output').inputValue()).toBe('penguins');
    const inputs = await cellTexts(9);
    expect(inputs.length).toBeGreaterThan(10);
    for (const input of inputs) expect(input).toContain('penguins');
  });

  it('filters by model and status from the filter form', async () => {
    await page.goto(`${server.baseUrl}/spans`);
    await page.getByRole('button', { name: /^Filters/ }).click();
    await page.getByLabel('Model').fill('gpt-4o');
    await page.getByRole('button', { name: 'error', exact: true }).click();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.url()).toMatch(/model=gpt-4o&status=error/);
    await page.getByText(/^\d+ spans? loaded$/).waitFor();
    const models = await cellTexts(2);
    const statuses = await cellTexts(6);
    // Every 17th chat fails and every 3rd uses gpt-4o: indexes 0, 51, 102, 153, 204 of 250.
    expect(models).toEqual(Array(5).fill('gpt-4o'));
    expect(statuses).toEqual(Array(5).fill('error'));
  });

  it('names the field when a filter value is invalid instead of sending it', async () => {
    await page.getByLabel('Latency (ms) min').fill('slow');
    expect(await page.getByRole('alert').textContent()).toContain('Latency: "slow" is not a non-negative number');
    expect(await page.getByRole('button', { name: 'Apply filters' }).isDisabled()).toBe(true);
  });

  it('finds spans by score from the filter form', async () => {
    await page.goto(`${server.baseUrl}/spans`);
    await page.getByRole('button', { name: /^Filters/ }).click();
    await page.getByLabel('Scores').fill('helpfulness>=0.5');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.url()).toContain('score=helpfulness%3E%3D0.5');
    await page.getByText('1 span loaded').waitFor();
    expect(await cellTexts(1)).toEqual(['llm plan']);
    await saveScreenshot(page, 'explorer-score-filter');
  });

  it('opens a trace: waterfall tree, chat messages, cost and scores of the selected span', async () => {
    await page.goto(`${server.baseUrl}/spans?trace=${seeded.agentTraceId}`);
    await page.getByRole('row', { name: /plan/ }).click();
    await expect.poll(() => page.url()).toBe(`${server.baseUrl}/traces/${seeded.agentTraceId}?span=${seeded.llmSpanId}`);
    const items = page.getByRole('treeitem');
    await expect.poll(() => items.count()).toBe(4);
    expect(await items.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-level')))).toEqual(['1', '2', '2', '2']);
    const detail = page.getByLabel('Span detail');
    const input = detail.getByRole('region', { name: 'Input' });
    await input.getByText('You are a helpful support agent.').waitFor();
    expect(await input.locator('.chat-role').allTextContents()).toEqual(['system', 'user']);
    expect(await detail.getByRole('region', { name: 'Output' }).locator('.chat-text').textContent()).toBe('Let me look up order 1234 for you.');
    expect(await detail.locator('.fact', { hasText: 'Cost' }).locator('dd').textContent()).toBe('$0.0038');
    expect(await detail.locator('.fact', { hasText: 'Mapped by' }).locator('dd').textContent()).toBe('loupe-sdk');
    const start = detail.locator('.fact', { hasText: 'Start' }).locator('time');
    expect(await start.getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    expect(await start.textContent()).toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}$/);
    await expect.poll(() => detail.getByRole('list', { name: 'Scores' }).textContent()).toContain('helpfulness 0.8');
    await expect.poll(() => page.locator('.trace-scores').textContent()).toContain('resolved true');
    await saveScreenshot(page, 'trace');
  });

  it('collapses and expands a subtree', async () => {
    await page.getByRole('button', { name: 'Collapse' }).click();
    await expect.poll(() => page.getByRole('treeitem').count()).toBe(1);
    await page.getByRole('button', { name: 'Expand' }).click();
    await expect.poll(() => page.getByRole('treeitem').count()).toBe(4);
  });

  it('draws every dashboard chart from metrics.timeseries, and narrows it by model', async () => {
    await page.goto(`${server.baseUrl}/dashboard`);
    await page.getByTestId('total-requests').getByText(String(demoSpanCount)).waitFor();
    for (const title of ['Requests', 'Error rate', 'Latency', 'Time to first token', 'Tokens', 'Cost (USD)', 'Eval scores (average)']) {
      const chart = page.locator(`[data-chart="${title}"]`);
      await expect.poll(() => chart.locator('svg path').count(), { message: title }).toBeGreaterThan(5);
      const description = (await chart.getAttribute('aria-label')) ?? '';
      expect(description, title).toMatch(/\d+ of \d+ buckets above zero/);
    }
    expect(await page.locator('[data-chart="Latency"]').getAttribute('aria-label')).toMatch(/p50: .*; p95: .*; p99: /);
    expect(await page.locator('[data-chart="Eval scores (average)"]').getAttribute('aria-label')).toMatch(/helpfulness: 1 of \d+ buckets above zero, peak 0.8; resolved: 1 of \d+ buckets above zero, peak 1/);
    await saveScreenshot(page, 'dashboard');

    await page.getByLabel('Model').fill('claude-3-5-haiku-20241022');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // Every third chat (index % 3 === 2) uses claude: 83 of 250.
    await page.getByTestId('total-requests').getByText('83').waitFor();
    expect(page.url()).toContain('model=claude-3-5-haiku-20241022');
  });

  it('returns to sign-in, saying why, when the key is revoked', async () => {
    const { apiKey } = await server.createProjectWithKey('short-lived');
    const context = await browser.newContext();
    const revokedPage = await context.newPage();
    await revokedPage.goto(`${server.baseUrl}/`);
    await revokedPage.getByLabel('Admin token or API key').fill(apiKey);
    await revokedPage.getByRole('button', { name: 'Sign in' }).click();
    // Wait until every query of the page has answered: the empty project's guide shows last.
    await revokedPage.getByRole('region', { name: 'Send your first span' }).waitFor();
    const keys = dataOf<{ id: string }[]>(await server.call({ path: 'keys.list', token: testAdminToken, input: { project: 'short-lived' } }));
    for (const key of keys) {
      dataOf(await server.call({ path: 'keys.revoke', type: 'mutation', token: testAdminToken, input: { project: 'short-lived', keyId: key.id } }));
    }
    await revokedPage.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => revokedPage.getByRole('alert').textContent()).toContain('no longer valid');
    expect(await revokedPage.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    await context.close();
  });

  describe('with the admin token', () => {
    let adminPage: Page;

    beforeAll(async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      adminPage = await context.newPage();
      await adminPage.goto(`${server.baseUrl}/`);
      await adminPage.getByLabel('Admin token or API key').fill(testAdminToken);
      await adminPage.getByRole('button', { name: 'Sign in' }).click();
      await adminPage.getByLabel('Project').waitFor();
    });

    it('switches between projects and shows how to send the first span to an empty one', async () => {
      const options = await adminPage.getByLabel('Project').locator('option').allTextContents();
      expect(options).toEqual(expect.arrayContaining(['demo', 'empty', 'large']));
      await adminPage.getByLabel('Project').selectOption('empty');
      const guide = adminPage.getByRole('region', { name: 'Send your first span' });
      await guide.waitFor();
      expect(await guide.textContent()).toContain(`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${server.baseUrl}/v1/traces`);
      await saveScreenshot(adminPage, 'empty-project');
      await adminPage.getByLabel('Project').selectOption('demo');
      await adminPage.getByTestId('loaded-count').getByText('100 spans loaded').waitFor();
    });

    it('opens a 10,000-span trace with a virtualized waterfall and reaches its last span', async () => {
      await adminPage.getByLabel('Project').selectOption('large');
      await adminPage.goto(`${server.baseUrl}/traces/${largeTraceId}`);
      await adminPage.getByTestId('trace-span-count').getByText('10K').waitFor();
      const rendered = await adminPage.getByRole('treeitem').count();
      expect(rendered).toBeGreaterThan(10);
      expect(rendered).toBeLessThan(200);
      await adminPage.locator('.waterfall-rows').evaluate((element) => element.scrollTo(0, element.scrollHeight));
      await adminPage.getByRole('treeitem', { name: /call-9999/ }).waitFor();
      await saveScreenshot(adminPage, 'large-trace');
    });
  });
});
