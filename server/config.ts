// The only reader of process.env: validates Loupe's configuration once, with errors naming the variable.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describeIssues } from './ingest/span.ts';
import { proxyFileSchema, type RoutingConfig } from './proxy/routing-config.ts';

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  LOUPE_DATA_DIR: z.string().min(1).default('./.loupe'),
  LOUPE_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LOUPE_PROXY_CONFIG: z.string().min(1).optional(),
});

export type Config = {
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  adminToken: string | undefined;
  /** Proxy routing per project (name or id) from the LOUPE_PROXY_CONFIG file; null when unset. */
  proxyRouting: Record<string, RoutingConfig> | null;
};

/** Reads and validates the environment; throws one error listing every bad variable. */
export function readConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const emptyAsUnset = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== ''),
  );
  const result = configSchema.safeParse(emptyAsUnset);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return {
    port: result.data.PORT,
    databaseUrl: result.data.DATABASE_URL,
    dataDir: result.data.LOUPE_DATA_DIR,
    adminToken: result.data.LOUPE_ADMIN_TOKEN,
    proxyRouting: result.data.LOUPE_PROXY_CONFIG ? readProxyFile(result.data.LOUPE_PROXY_CONFIG, environment) : null,
  };
}

/**
 * Reads the proxy routing file: JSON `{ "projects": { "<name or id>": <routing> } }`, where `${NAME}` is replaced
 * by that environment variable (so provider keys stay out of the file). Errors name the file and the field.
 */
function readProxyFile(path: string, environment: NodeJS.ProcessEnv): Record<string, RoutingConfig> {
  const fail = (problem: string) => new Error(`Invalid configuration:\n  LOUPE_PROXY_CONFIG (${path}): ${problem}`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw fail(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const missing = new Set<string>();
  const expanded = text.replace(/\$\{(\w+)\}/g, (_match, name: string) => {
    const value = environment[name];
    if (value === undefined) missing.add(name);
    return JSON.stringify(value ?? '').slice(1, -1);
  });
  if (missing.size > 0) throw fail(`refers to unset environment variables ${[...missing].join(', ')}`);
  let json: unknown;
  try {
    json = JSON.parse(expanded);
  } catch (error) {
    throw fail(`not valid JSON (${(error as Error).message})`);
  }
  const parsed = proxyFileSchema.safeParse(json);
  if (!parsed.success) throw fail(describeIssues(parsed.error.issues).join('; '));
  return parsed.data.projects;
}
