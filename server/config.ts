// The only reader of process.env: validates Loupe's configuration once, with errors naming the variable.
import { z } from 'zod';

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  LOUPE_DATA_DIR: z.string().min(1).default('./.loupe'),
  LOUPE_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

export type Config = {
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  adminToken: string | undefined;
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
  };
}
