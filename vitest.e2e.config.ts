// End-to-end journeys in Debian's Chromium (`npm run test:e2e`); not part of `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/setup/data-dir-guard.ts'],
    setupFiles: ['tests/setup/fail-on-console-error.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: 'forks',
    // One browser at a time: the machine is shared and Chromium is heavy.
    fileParallelism: false,
  },
});
