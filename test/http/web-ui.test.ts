import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.ts';
import { hashSecret } from '../../server/lib/secret.ts';
import type { Store } from '../../server/store/db.ts';
import { openTestStore } from '../helpers/store.ts';

describe('web UI serving', () => {
  let store: Store;
  let webRoot: string;
  const appWith = (root: string) => createApp({ store, adminTokenHash: hashSecret('admin'), webRoot: root });

  beforeAll(async () => {
    store = await openTestStore();
    webRoot = mkdtempSync(join(tmpdir(), 'loupe-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(webRoot, 'assets', 'index-abc123.js'), 'console.log("ui")');
  });
  afterAll(async () => {
    rmSync(webRoot, { recursive: true, force: true });
    await store.close();
  });

  it('serves index.html at / and at every client-side route, never cached', async () => {
    for (const path of ['/', '/spans?model=gpt-4o', '/traces/4bf92f3577b34da6a3ce929d0e0e4736?span=00f067aa0ba902b7', '/dashboard']) {
      const response = await appWith(webRoot).request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<div id="root">');
    }
  });

  it('serves hashed assets with a long immutable cache', async () => {
    const response = await appWith(webRoot).request('/assets/index-abc123.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(await response.text()).toBe('console.log("ui")');
  });

  it('keeps JSON 404s for unknown API paths and missing assets', async () => {
    for (const path of ['/trpc/nope.nothing', '/v1/metrics', '/api/nothing', '/assets/missing.js']) {
      const response = await appWith(webRoot).request(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toContain('application/json');
    }
  });

  it('says how to build the UI when it is not built', async () => {
    const response = await appWith(join(webRoot, 'not-built')).request('/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build');
  });
});
