// Headless Debian Chromium driven by playwright-core (no browser download), with screenshots under test-artifacts/.
import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, type Page, chromium } from 'playwright-core';

export const chromiumPath = process.env.LOUPE_CHROMIUM ?? '/usr/bin/chromium';
export const artifactsDirectory = new URL('../../test-artifacts/e2e/', import.meta.url).pathname;

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install Debian's package (apt-get install -y chromium) or set LOUPE_CHROMIUM`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // The machine has no outside network: keep Chromium from trying to reach Google's services.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Saves a full-page screenshot as test-artifacts/e2e/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDirectory, { recursive: true });
  const path = `${artifactsDirectory}${name}.png`;
  await page.screenshot({ path, fullPage: false });
  return path;
}
