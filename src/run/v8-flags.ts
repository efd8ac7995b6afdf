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
 * takes peak RSS from ~400 MB to ~300 MB at no cost in speed (docs/performance.md).
 *
 * `v8.setFlagsFromString` after start-up is allowed for flags V8 reads as it goes; this one is read
 * at each GC's pretenuring decision. Library users embedding faultline can call this too, or start
 * Node with `--no-allocation-site-pretenuring`.
 */
import { setFlagsFromString } from 'node:v8';

let applied = false;

export function applyDrillV8Flags(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString('--no-allocation-site-pretenuring');
}
