// Entry point: read config, start the instance, serve HTTP, stop cleanly on signals. No logic here.
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { readConfig } from './config.ts';
import { type FirstStartSecrets, startInstance } from './instance.ts';

/** Starts the server and resolves once it listens; returns a stop function. */
export async function runServer(): Promise<() => Promise<void>> {
  const config = readConfig();
  const instance = await startInstance(config, printSecrets);
  const server = serve({ fetch: instance.app.fetch, port: config.port }, (info) => {
    const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite at ${config.dataDir}`;
    console.log(`Loupe listening on http://localhost:${info.port} (store: ${where})`);
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= new Promise<void>((resolve) => server.close(() => resolve())).then(instance.close);
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().then(() => process.exit(0));
    });
  }
  return stop;
}

function printSecrets(secrets: FirstStartSecrets): void {
  const lines = ['', 'First start: these secrets are shown once. Store them now.'];
  if (secrets.adminToken) lines.push(`  Admin token (UI sign-in, project/key management): ${secrets.adminToken}`);
  if (secrets.project) lines.push(`  Project "${secrets.project.name}" API key: ${secrets.project.apiKey}`);
  lines.push('');
  console.log(lines.join('\n'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runServer().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
