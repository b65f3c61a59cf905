// Vitest: node environment; PGlite start-up and real-database setup need generous hook timeouts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Lets memory tests collect garbage before measuring what is really retained.
    execArgv: ['--expose-gc'],
  },
});
