// Sim-mode throughput: trades and payments per second through the whole pipeline (plan, both
// replays, evaluation, every report file written), on a drill of ~100,000 workload items, as a
// ratio to the cost of the decimal arithmetic alone on the same items, measured in the same run.
// Target (issue 2): pipeline ≤ 5× the decimal floor; peak memory < 300 MB for 100k items.
// Each measurement is one fresh process (as one `faultline run` is); RUNS of them in a row, and the
// verdict on the median ratio, because one busy moment of a shared machine moves a single run by ±20%.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { peakRssSoFar } from './peak-rss.js';

const RUNS = 3;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (process.argv[2] === '--child') await child();
else parent();

/** One measurement, in this fresh process: prints its figures as one JSON line. */
async function child() {
  const { runScenarioFile } = await import(join(root, 'dist/src/run/run-scenario.js'));
  const { loadScenario } = await import(join(root, 'dist/src/io/read-scenario.js'));
  const { planRun } = await import(join(root, 'dist/src/engine/plan.js'));
  const { dec, roundTo, roundToStep } = await import(join(root, 'dist/src/finance/decimal.js'));
  const { applyDrillV8Flags } = await import(join(root, 'dist/src/run/v8-flags.js'));
  // The pipeline is measured as the CLI runs it (src/run/v8-flags.ts): FAULTLINE_BENCH_V8_DEFAULTS=1
  // measures it with Node's defaults instead (bench/run.js runs both).
  const cliFlags = process.env.FAULTLINE_BENCH_V8_DEFAULTS !== '1';
  if (cliFlags) applyDrillV8Flags();

  const scenarioFile = join(root, 'bench/scenarios/throughput-100k.yaml');

  /** The floor: the decimal work any pricing of these items needs, twice (faulted and baseline). */
  function decimalFloor(plan) {
    const s = plan.scenario;
    const markup = dec(s.business.markupBps).div(10_000);
    const feeRate = dec(s.business.clientFeeBps).div(10_000);
    const take = dec(s.business.paymentTakeRateBps).div(10_000);
    const pct = dec('1.7').div(100);
    const fixed = dec('0.30');
    const tick = dec('0.01');
    let acc = dec('0');
    const t0 = performance.now();
    for (let replay = 0; replay < 2; replay++) {
      for (const item of plan.workload) {
        if (item.kind === 'trade') {
          const mid = plan.market.midAt(item.instrument, item.t);
          const close = plan.market.closingMid(item.instrument);
          const qty = dec(item.qty);
          const px = roundToStep(mid.times(item.side === 'buy' ? markup.plus(1) : dec('1').minus(markup)), tick, item.side === 'buy' ? 'ceil' : 'floor');
          const notional = px.times(qty);
          const fee = roundTo(notional.times(feeRate), 2);
          const n = item.side === 'buy' ? qty.neg() : qty;
          const edge = n.times(mid.minus(px));
          const inventory = n.times(close.minus(mid));
          acc = acc.plus(edge).plus(fee).plus(inventory);
        } else {
          const amount = dec(item.amount);
          const fee = roundTo(amount.times(pct), 2, 'half_up').plus(fixed);
          acc = acc.plus(amount.times(take).minus(fee));
        }
      }
    }
    return { ms: performance.now() - t0, checksum: acc.toFixed(2) };
  }

  function median(xs) {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  }

  // The pipeline first, in a process that has only loaded faultline (as `faultline run` would be),
  // with peak RSS sampled; then the floor (3 repetitions, median) on a plan of the same drill.
  const out = await mkdtemp(join(tmpdir(), 'faultline-bench-'));
  global.gc?.();
  const baseRss = process.memoryUsage.rss();
  let peakRss = baseRss;
  let peakHeap = process.memoryUsage().heapUsed;
  // RSS every 10 ms (cheap); the V8 heap every 50 ms (process.memoryUsage() walks the heap spaces).
  // Synchronous stretches are not sampled: on Linux the kernel's high-water mark is read at the end.
  let ticks = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    if (ticks++ % 5 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 10);
  // Phase marks from the event stream itself: the end of each replay (run.finished); what follows the
  // baseline's end is evaluation, report rendering and the run folder's finish.
  const marks = {};
  const phaseSink = { emit: (e) => { if (e.type === 'run.finished') marks[e.run] = performance.now(); } };
  const t0 = performance.now();
  const result = await runScenarioFile(scenarioFile, { out, sinks: [phaseSink] });
  const pipelineMs = performance.now() - t0;
  clearInterval(sampler);
  peakRss = peakRssSoFar(Math.max(peakRss, process.memoryUsage.rss()));
  const journalBytes = (await stat(join(result.dir, 'journal.jsonl'))).size;
  const journalEvents = (await readFile(join(result.dir, 'journal.jsonl'), 'utf8')).split('\n').filter((l) => l !== '').length - 1;
  await rm(out, { recursive: true, force: true });

  const scenario = await loadScenario(scenarioFile);
  const plan = planRun(scenario, { version: 'bench', contentHash: 'bench' });
  const items = plan.workload.length;
  const trades = plan.workload.filter((w) => w.kind === 'trade').length;
  const floors = [decimalFloor(plan), decimalFloor(plan), decimalFloor(plan)];
  const floorMs = median(floors.map((f) => f.ms));

  process.stdout.write(`${JSON.stringify({
    cliFlags, items, trades, journalEvents, journalBytes, floorMs, pipelineMs, peakRss, baseRss, peakHeap,
    faultedMs: (marks.faulted ?? t0) - t0, baselineMs: (marks.baseline ?? t0) - (marks.faulted ?? t0), afterMs: pipelineMs - (marks.baseline ?? t0) + t0,
  })}\n`);
}

function parent() {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child'], { encoding: 'utf8', env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) {
      console.error(`run ${i + 1} failed (exit ${r.status})`);
      process.exit(1);
    }
    runs.push(JSON.parse(r.stdout.trim().split('\n').pop()));
  }
  for (const run of runs) run.ratio = run.pipelineMs / run.floorMs;
  const byRatio = [...runs].sort((a, b) => a.ratio - b.ratio);
  const mid = byRatio[Math.floor(RUNS / 2)];
  const peakRss = Math.max(...runs.map((r) => r.peakRss));
  const { items, trades, journalEvents, journalBytes, cliFlags, floorMs } = mid;
  const mb = (b) => (b / 1e6).toFixed(0);
  const share = (ms) => `${ms.toFixed(0).padStart(6)} ms  ${(ms / floorMs).toFixed(1).padStart(5)}× floor`;
  console.log(`V8 settings:        ${cliFlags ? "faultline's (as `faultline run` runs: allocation-site pretenuring off, heap growth ×2, inlining budget 60 bytes)" : "Node's defaults (library use without applyDrillV8Flags)"}`);
  console.log(`workload: ${items} items (${trades} trades, ${items - trades} payments), replayed twice; ${journalEvents} journal events`);
  console.log(`${RUNS} runs, each a fresh process: pipeline ${runs.map((r) => `${r.pipelineMs.toFixed(0)} ms`).join(', ')}; floor ${runs.map((r) => `${r.floorMs.toFixed(0)} ms`).join(', ')}; ratio ${runs.map((r) => `${r.ratio.toFixed(2)}×`).join(', ')}`);
  console.log(`median run:`);
  console.log(`decimal floor:      ${floorMs.toFixed(0)} ms  (median of 3 in its process; ${(2 * items / floorMs * 1000).toFixed(0)} items/s)`);
  console.log(`whole pipeline:     ${mid.pipelineMs.toFixed(0)} ms  (${(2 * items / mid.pipelineMs * 1000).toFixed(0)} items/s through both replays, report included)`);
  console.log(`ratio:              ${mid.ratio.toFixed(2)}× the decimal floor (median of ${RUNS} runs; target ≤ 5×): ${mid.ratio <= 5 ? 'PASS' : 'MISS'}`);
  console.log(`peak RSS:           ${mb(peakRss)} MB (highest of ${RUNS} runs; process baseline ${mb(mid.baseRss)} MB; target < 300 MB): ${peakRss < 300e6 ? 'PASS' : 'MISS'}`);
  console.log(`journal:            ${mb(journalBytes)} MB on disk; peak RSS / journal = ${(peakRss / journalBytes).toFixed(2)}`);
  console.log(`peak V8 heap used:  ${mb(mid.peakHeap)} MB (sampled every 50 ms; RSS also counts heap reserved but free, code, buffers)`);
  console.log('phases of the median run (wall clock; each replay includes its journal, events.csv and ledger sinks):');
  console.log(`  load + plan + faulted replay ${share(mid.faultedMs)}`);
  console.log(`  baseline replay              ${share(mid.baselineMs)}`);
  console.log(`  evaluate + render + write    ${share(mid.afterMs)}`);
}
