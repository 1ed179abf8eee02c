// End-to-end journeys in Debian's Chromium (`npm run test:e2e`); not part of `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/setup/data-dir-guard.ts'],
    // Modules that read the environment at import (app/utils/env.server) would otherwise generate
    // data/session-secret in the working copy; tests that need a database use a temporary one.
    env: {
      SESSION_SECRET: 'vitest-session-secret-0123456789abcdef0123456789',
      AUDIT_KEY: 'vitest-audit-key-0123456789abcdef0123456789abcdef',
    },
    setupFiles: ['tests/setup/fail-on-console-error.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: 'forks',
    // One browser at a time: the machine is shared and Chromium is heavy.
    fileParallelism: false,
  },
});
