import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Builds dist/ (what bin/faultline.js imports) when it is older than the sources; e2e tests spawn it.
    globalSetup: ['test/global-setup.ts'],
    // Integration tests open real sockets on 127.0.0.1; keep the pool small on 2-core machines.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
