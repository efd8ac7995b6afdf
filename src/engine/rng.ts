/**
 * Seeded randomness with named, independent streams (design.md "Time and randomness").
 *
 * Every stream is derived from (seed, path) by hashing, so `rng.fork('workload')` yields the same
 * numbers whatever was drawn from any other stream. Per-request draws fork by request id
 * (`rng.fork('faults').fork(requestId)`), which keeps the faulted and the baseline run on the same
 * draws for the same request even though they make different numbers of requests.
 *
 * Generator: sfc32 (small, fast, passes PractRand to 2^40+), seeded from a cyrb128 hash.
 */

/** A deterministic source of uniform numbers with independent named sub-streams. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** Standard normal draw (Box–Muller). */
  normal(): number;
  /** True with probability p (p = 1 is always true, p = 0 never, without consuming extra draws). */
  chance(p: number): boolean;
  /** An independent stream named `key` under this one. */
  fork(key: string): Rng;
  /** The stream's path, e.g. `42/faults/order-17`, for the journal. */
  readonly path: string;
}

function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

class Sfc32Rng implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  constructor(readonly path: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(path);
    // Discard the first outputs: sfc32 needs a few rounds to mix a hashed state.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  private nextUint32(): number {
    this.a >>>= 0; this.b >>>= 0; this.c >>>= 0; this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.nextUint32() / 4294967296;
  }

  int(maxExclusive: number): number {
    if (!Number.isInteger(maxExclusive) || maxExclusive <= 0) throw new RangeError(`int(${maxExclusive}): need a positive integer`);
    return Math.floor(this.next() * maxExclusive);
  }

  normal(): number {
    if (this.spareNormal !== undefined) {
      const s = this.spareNormal;
      this.spareNormal = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  chance(p: number): boolean {
    if (p >= 1) return true;
    if (p <= 0) return false;
    return this.next() < p;
  }

  fork(key: string): Rng {
    return new Sfc32Rng(`${this.path}/${key}`);
  }
}

/** The root stream for a seed. Named streams hang off it: market, workload, faults, jitter, latency. */
export function createRng(seed: number | string): Rng {
  return new Sfc32Rng(String(seed));
}
