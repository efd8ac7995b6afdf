/**
 * A small seeded PRNG (mulberry32). Real Toxiproxy draws toxicity rolls and jitter from Go's global
 * `math/rand`, and its `-seed` flag has done nothing since 2.9; faultline takes a seed so a drill's
 * network faults replay exactly. Never `Math.random()`.
 */

/** A deterministic source of random numbers. */
export interface ToxiproxyRng {
  /** Uniform in [0, 1) with float32 precision, like Go's `rand.Float32()`. */
  float32(): number;
  /** Uniform integer in [0, n), like Go's `rand.Intn(n)`; `n` must be > 0. */
  intn(n: number): number;
}

/** FNV-1a over the parts, so each link gets its own independent, reproducible stream. */
export function hashSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = `${String(part)}\u0000`;
    for (let i = 0; i < text.length; i += 1) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h >>> 0;
}

/** Creates a mulberry32 generator from a 32-bit seed. */
export function createRng(seed: number): ToxiproxyRng {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    // 24 bits, exactly representable in float32, so the result is < 1 and comparable to a float32 toxicity.
    float32: () => (nextUint32() >>> 8) / 0x1000000,
    intn: (n) => Math.floor((nextUint32() / 0x100000000) * n),
  };
}
