/**
 * V8 settings faultline runs drills with, applied once at start-up by the CLI (and by the sim
 * benchmark, which measures the pipeline as the CLI runs it).
 *
 * Allocation-site pretenuring off: V8 watches where objects are allocated and, once most objects of
 * an allocation site survive a young-generation GC, allocates every later object of that site
 * directly in the old generation. decimal.js allocates every value's digit array at a handful of
 * sites, and a drill keeps many values for a while (ledger figures, exposure steps, report rows) and
 * then makes millions of short-lived ones (attribution, positions, compliance): once a site is
 * pretenured, those short-lived values become old-generation garbage that only a full GC reclaims,
 * and the heap grows to several times what is live. On the 100k-item benchmark drill this flag
 * takes peak RSS from ~390 MB to ~325-340 MB at no cost in speed (docs/performance.md).
 *
 *
 * Heap growth ×2: after a full GC, V8 lets the old generation grow to up to 4× what was live on a
 * machine with this much memory before the next one. A drill's replays and evaluation each leave a
 * lot of garbage behind, so the heap peaked at ~4× the live data; capping the factor at 2 brings
 * peak RSS on the benchmark drill from ~325 to ~290 MB for a few more full GCs (same wall time
 * within noise). The heap is not capped: a bigger drill still gets all the memory it needs.
 *
 * Smaller inlining budget (a function of at most 60 bytes of bytecode is inlined, instead of 460):
 * a drill runs for seconds, and a CPU profile of the 100k-item drill (perf, every thread) showed
 * TurboFan compiling on V8's background threads for ~1.5 s of CPU — a quarter of the run's CPU on a
 * two-core machine, competing with the replay and the events worker. Most of it was large
 * functions (the gateway's call path, events.csv's row builder) compiled with their callees
 * inlined, several times over as new event shapes deoptimised them. With the smaller budget the
 * compiler's CPU falls by ~0.5 s and the replay's own code runs no slower (small helpers such as
 * decimal getters are still inlined); the drill takes ~10% less wall time (docs/performance.md).
 * The benchmark's decimal floor measures the same under both settings.
 *
 * `v8.setFlagsFromString` after start-up is allowed for flags V8 reads as it goes: the first two are
 * read at each GC (the pretenuring decision, the next heap limit), the inlining budget at each
 * optimising compile. All three exist in the V8 of every Node from 20 to 24 (Node keeps V8's flags
 * writable after start-up for this call). Library users embedding faultline can call this too, or
 * start Node with `--no-allocation-site-pretenuring --heap-growing-percent=100 --max-inlined-bytecode-size=60`.
 */
import { setFlagsFromString } from 'node:v8';

let applied = false;

export function applyDrillV8Flags(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString('--no-allocation-site-pretenuring');
  setFlagsFromString('--heap-growing-percent=100');
  setFlagsFromString('--max-inlined-bytecode-size=60');
}
