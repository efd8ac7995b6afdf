import { defineConfig } from 'vitest/config';

// Not part of `npm test`: a scratch harness that runs one scenario and prints the attribution.
// Usage: SMOKE=scenarios/lp-outage.yaml npx vitest run --config test/tools/vitest.probe.config.ts
export default defineConfig({ test: { include: ['test/tools/*.probe.ts'], testTimeout: 300_000 } });
