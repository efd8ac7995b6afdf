import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files that compare live timing against sim mode with measured tolerances. They run after
 * everything else, one file at a time: with other test files competing for the 2 cores, an event-loop
 * stall delays a failover by a few hundred wall ms (several scenario seconds at speed 60), more calls
 * meet the fault, and the figures leave tolerances measured on a machine the drill has to itself.
 */
const LIVE_TIMING = ['test/e2e/proxy-drills.test.ts'];

export default defineConfig({
  test: {
    // Builds dist/ (what bin/faultline.js imports) when it is older than the sources; e2e tests spawn it.
    globalSetup: ['test/global-setup.ts'],
    // Integration tests open real sockets on 127.0.0.1; keep the pool small on 2-core machines.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: 'faultline', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'], exclude: [...configDefaults.exclude, ...LIVE_TIMING], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'live-timing', include: LIVE_TIMING, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
