// Serves the built web UI (web/dist): hashed assets cached for good, index.html for every client-side route.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';

export const defaultWebRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Paths that belong to the API or to files; a miss there stays a JSON 404 rather than becoming the UI. */
const apiPrefixes = ['/trpc', '/v1/', '/api/', '/proxy/', '/healthz', '/assets/'];

const notBuiltPage = `<!doctype html><meta charset="utf-8"><title>Loupe</title>
<p>The Loupe web UI is not built. Run <code>npm run build</code> (or <code>npm start</code>, which builds it when missing).</p>`;

export function mountWebUi(app: Hono, options: { root?: string } = {}): void {
  const root = options.root ?? defaultWebRoot;
  const indexPath = `${root}/index.html`;
  app.use('/assets/*', async (context, next) => {
    await next();
    // File names carry a content hash: a changed file is a new name, so browsers may keep these forever.
    if (context.res.status === 200) context.res.headers.set('cache-control', 'public, max-age=31536000, immutable');
  });
  app.use('/assets/*', serveStatic({ root }));
  app.get('*', async (context, next) => {
    const path = context.req.path;
    if (apiPrefixes.some((prefix) => path.startsWith(prefix))) return next();
    // Read per request, so a rebuild while the server runs is served at once.
    const page = await readFile(indexPath, 'utf8').catch(() => null);
    if (page === null) return context.html(notBuiltPage, 503);
    context.header('cache-control', 'no-cache');
    return context.html(page);
  });
}
