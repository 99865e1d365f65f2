import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Temporal worker's native module does not survive worker threads (SDK issue #876).
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-runtime.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Any test that leaks a handle or hangs should fail the run, not stall CI.
    teardownTimeout: 30_000,
  },
});
