// Runs every bench/*.bench.js in sequence, each in its own process so peak memory is per benchmark.
// Benchmarks print ratios against a baseline measured in the same run: these machines are noisy,
// so absolute timings mean little and are never asserted in tests.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
// The sim pipeline is measured as `faultline run` runs it (its V8 settings) and, for comparison, with
// Node's defaults (a library user who does not apply them).
const variants = {
  'sim-throughput.bench.js': [{ label: '', env: {} }, { label: " (Node's default V8 settings, for comparison)", env: { FAULTLINE_BENCH_V8_DEFAULTS: '1' } }],
};
let failed = 0;
for (const file of files) {
  for (const { label, env } of variants[file] ?? [{ label: '', env: {} }]) {
    process.stdout.write(`\n== ${file}${label}\n`);
    const r = spawnSync(process.execPath, ['--expose-gc', join(here, file)], { stdio: 'inherit', env: { ...process.env, ...env } });
    if (r.status !== 0) failed += 1;
  }
}
process.exitCode = failed === 0 ? 0 : 1;
