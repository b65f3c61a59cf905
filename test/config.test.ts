import { describe, expect, it } from 'vitest';
import { readConfig } from '../server/config.ts';

describe('readConfig', () => {
  it('applies defaults on an empty environment', () => {
    expect(readConfig({})).toEqual({ port: 3000, databaseUrl: undefined, dataDir: './.loupe', adminToken: undefined });
  });

  it('treats empty variables as unset', () => {
    expect(readConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ port: 3000, databaseUrl: undefined });
  });

  it('names every bad variable in one error', () => {
    expect(() => readConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOUPE_ADMIN_TOKEN: 'short' })).toThrow(
      /PORT: .*\n\s+DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL\n\s+LOUPE_ADMIN_TOKEN: must be at least 16 characters/,
    );
  });
});
