import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Every test file whose results depend on the wall clock: live drills (proxy mode, msw --speed) and
 * the toxics' wall-clock timings. They run after everything else, one file at a time, so that they
 * compete with no other test file of this run for the 2 cores. Other load (another suite, a CPU hog)
 * they meet as any live drill does: the drills run at `--speed auto` and again at the speed their
 * report names when the clock did not keep time (test/helpers/live.ts), and wall-clock bounds widen
 * by the stalls measured while they ran (test/helpers/stalls.ts).
 */
const LIVE_TIMING = [
  'test/e2e/proxy-drills.test.ts',
  'test/e2e/proxy-mode.test.ts',
  'test/e2e/proxy-toxics.test.ts',
  'test/e2e/proxy-adapter.test.ts',
  'test/e2e/proxy-service.test.ts',
  'test/e2e/proxy-signals.test.ts',
  'test/e2e/msw-live.test.ts',
  'test/toxiproxy/toxics.test.ts',
  'test/toxiproxy/client.test.ts',
  'test/toxiproxy/embedded.test.ts',
];

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
