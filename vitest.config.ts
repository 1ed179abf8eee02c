import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    globalSetup: ['tests/setup/data-dir-guard.ts'],
    // Modules that read the environment at import (app/utils/env.server) would otherwise generate
    // data/session-secret in the working copy; tests that need a database use a temporary one.
    env: {
      SESSION_SECRET: 'vitest-session-secret-0123456789abcdef0123456789',
      AUDIT_KEY: 'vitest-audit-key-0123456789abcdef0123456789abcdef',
    },
    setupFiles: ['tests/setup/fail-on-console-error.ts', 'tests/setup/fast-check.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
