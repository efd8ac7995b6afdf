// Shared by the sim benchmarks.
import { readFileSync } from 'node:fs';

/**
 * The process's peak RSS so far: the kernel's high-water mark (VmHWM) where there is one (Linux),
 * which sees peaks inside synchronous stretches that a timer cannot sample; else the sampled peak.
 */
export function peakRssSoFar(sampled) {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb !== undefined) return Math.max(sampled, Number(kb) * 1024);
  } catch {
    // not Linux: the sampled figure
  }
  return sampled;
}
