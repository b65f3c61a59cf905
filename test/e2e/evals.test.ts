import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf } from '../helpers/app.ts';
import { launchChromium, saveScreenshot } from '../helpers/browser.ts';
import { type TestServer, startTestServer } from '../helpers/server.ts';
import { buildSdkSpan } from '../helpers/spans.ts';

describe('evaluations UI in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const answers = ['Short answer', 'A much longer answer that rambles on and on about penguins and volcanoes', 'Fine', 'OK'];
  const spans = answers.map((content, index) => buildSdkSpan({ name: 'chat', output: { role: 'assistant', content } }, { minutesAgo: 10 + index }));

  beforeAll(async () => {
    server = await startTestServer({ evals: {} });
    const { apiKey } = await server.createProjectWithKey('evals-ui');
    dataOf(await server.call({ path: 'spans.ingest', type: 'mutation', input: { spans }, token: apiKey }));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await page.goto(`${server.baseUrl}/`);
    await page.getByLabel('Admin token or API key').fill(apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Evaluations' }).click();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const editor = () => page.getByLabel('Evaluator code');

  it('tests unsaved code on the newest span, showing its score and what it printed', async () => {
    await page.getByLabel('Name').fill('short-answer');
    await editor().fill('function evaluate({ output }) {\n  console.log("length", output.content.length);\n  return output.content.length < 20;\n}');
    await page.getByRole('button', { name: 'Test on a sample span' }).click();
    const result = page.getByLabel('Test result');
    await expect.poll(() => result.textContent()).toContain('short-answer: true');
    expect(await result.textContent()).toContain('length 12');
  });

  it('shows an error from the code under test instead of a score', async () => {
    await editor().fill('function evaluate() { throw new Error("not ready yet") }');
    await page.getByRole('button', { name: 'Test on a sample span' }).click();
    await expect.poll(() => page.getByLabel('Test result').getByRole('alert').textContent()).toContain('not ready yet');
  });

  it('creates the evaluator, then saves an edit as version 2', async () => {
    await editor().fill('function evaluate({ output }) { return output.content.length < 20 }');
    await page.getByRole('button', { name: 'Create evaluator' }).click();
    await page.getByRole('heading', { name: 'short-answer · version 1' }).waitFor();
    await editor().fill('function evaluate({ output }) { return { value: output.content.length < 20, comment: output.content.length + " chars" } }');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByRole('heading', { name: 'short-answer · version 2' }).waitFor();
    await expect.poll(() => page.getByLabel('Evaluators').textContent()).toContain('v2');
  });

  it('runs it over the spans with a progress bar that ends done, and the scores show on the span', async () => {
    await page.getByRole('button', { name: 'Preview on 5 sampled spans' }).click();
    await expect.poll(() => page.getByLabel('Preview').textContent()).toContain(`newest ${answers.length} matching spans`);
    await page.getByRole('button', { name: 'Start run' }).click();
    const row = page.getByLabel('Eval runs').locator('tbody tr').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('done');
    expect(await row.textContent()).toContain(`${answers.length} / ${answers.length}`);
    expect(await row.getByRole('progressbar').getAttribute('aria-valuenow')).toBe(String(answers.length));
    await row.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'evals');

    const long = spans[1];
    await page.goto(`${server.baseUrl}/traces/${long?.traceId}?span=${long?.spanId}`);
    const scoreList = page.getByRole('list', { name: 'Scores' }).first();
    await expect.poll(() => scoreList.textContent(), { timeout: 10_000 }).toContain('short-answer');
    expect(await scoreList.textContent()).toContain('false');
    await saveScreenshot(page, 'evals-score-on-span');
  });

  it('lists the spans a run failed on, with the reason, under the failed count', async () => {
    await page.goto(`${server.baseUrl}/evals`);
    await page.getByLabel('Name').fill('fussy');
    await editor().fill('function evaluate({ output }) { if (output.content === "Fine") throw new Error("Fine is not an answer"); return true }');
    await page.getByRole('button', { name: 'Create evaluator' }).click();
    await page.getByRole('heading', { name: 'fussy · version 1' }).waitFor();
    await page.getByRole('button', { name: 'Start run' }).click();
    const row = page.getByLabel('Eval runs').locator('tbody tr').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('done');
    await row.getByRole('button', { name: '1' }).click();
    const failures = page.getByLabel('Failed spans');
    await expect.poll(() => failures.textContent()).toContain('Fine is not an answer');
    expect(await failures.getByRole('link').textContent()).toBe(spans[2]?.spanId);
    await failures.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'evals-failures');
  });
});
