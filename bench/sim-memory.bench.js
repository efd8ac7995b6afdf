// Sim-mode memory growth (issue 2: "growing no faster than the journal"): the same drill at ~50k and
// ~100k workload items, each run in its own process as `faultline run` runs it (src/run/v8-flags.ts);
// peak RSS above the process's start-up, against the journal's size. Growth no faster than the
// journal: (RSS₁₀₀ₖ − start) / (RSS₅₀ₖ − start) ≤ journal₁₀₀ₖ / journal₅₀ₖ.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { peakRssSoFar } from './peak-rss.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

if (process.argv[2] === '--child') {
  const { applyDrillV8Flags } = await import(join(root, 'dist/src/run/v8-flags.js'));
  applyDrillV8Flags();
  const { runScenarioFile } = await import(join(root, 'dist/src/run/run-scenario.js'));
  const out = await mkdtemp(join(tmpdir(), 'faultline-bench-'));
  global.gc?.();
  const baseRss = process.memoryUsage.rss();
  let peakRss = baseRss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()); }, 10);
  const result = await runScenarioFile(process.argv[3], { out });
  clearInterval(sampler);
  peakRss = peakRssSoFar(Math.max(peakRss, process.memoryUsage.rss()));
  const journalBytes = (await stat(join(result.dir, 'journal.jsonl'))).size;
  await rm(out, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ items: result.plan.workload.length, baseRss, peakRss, journalBytes }));
} else {
  const measure = (file) => {
    const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', join(here, 'scenarios', file)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${file}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  const small = measure('throughput-50k.yaml');
  const big = measure('throughput-100k.yaml');
  const mb = (b) => (b / 1e6).toFixed(0);
  for (const m of [small, big]) {
    console.log(`${String(m.items).padStart(6)} items: peak RSS ${mb(m.peakRss)} MB (start ${mb(m.baseRss)} MB, +${mb(m.peakRss - m.baseRss)} MB); journal ${mb(m.journalBytes)} MB`);
  }
  const rssGrowth = (big.peakRss - big.baseRss) / (small.peakRss - small.baseRss);
  const journalGrowth = big.journalBytes / small.journalBytes;
  console.log(`growth 50k -> 100k: RSS above start ×${rssGrowth.toFixed(2)}, journal ×${journalGrowth.toFixed(2)} (target: RSS growing no faster than the journal): ${rssGrowth <= journalGrowth ? 'PASS' : 'MISS'}`);
  console.log(`peak RSS at 100k:   ${mb(big.peakRss)} MB (target < 300 MB): ${big.peakRss < 300e6 ? 'PASS' : 'MISS'}`);
}
