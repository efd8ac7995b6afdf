/**
 * CPU time, for the few tests that check a piece of pure computation is fast (issue 16): on a busy
 * machine the wall time of the same work grows with whatever else runs on the cores, its CPU time
 * does not, so a bound on CPU time can be stated once without a margin for the machine's load.
 */

/** Runs `fn` and returns its result with the CPU time this process spent meanwhile (user + system, ms). */
export function withCpuTime<T>(fn: () => T): { result: T; cpuMs: number } {
  const before = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(before);
  return { result, cpuMs: (used.user + used.system) / 1000 };
}
