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
  /** An independent stream named `key` under this one; with `n`, named `${key}:${n}` (without building it). */
  fork(key: string, n?: number): Rng;
  /** The stream's path, e.g. `42/faults/order-17`, for the journal. */
  readonly path: string;
}

/*
 * The seed of a stream is cyrb128 of its path. cyrb128 reads the text one code unit at a time, so a
 * fork continues the hash from its parent's state (kept before finalisation) over `/` and the key:
 * no path string is built per fork (per call and per retry in a replay), only on demand for `path`.
 * The hash state lives in module scratch variables while a stream is derived (no array per fork).
 */
let h1 = 0, h2 = 0, h3 = 0, h4 = 0;

function hashStart(): void {
  h1 = 1779033703; h2 = 3144134277; h3 = 1013904242; h4 = 2773480762;
}

function hashCode(k: number): void {
  h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
  h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
  h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
  h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
}

function hashText(str: string): void {
  for (let i = 0; i < str.length; i++) hashCode(str.charCodeAt(i));
}

const SLASH = 47;
const COLON = 58;

class Sfc32Rng implements Rng {
  /** cyrb128 state after this stream's path, before finalisation. */
  private readonly p1: number;
  private readonly p2: number;
  private readonly p3: number;
  private readonly p4: number;
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  /** sfc32 is seeded on the first draw: streams used only to fork never pay for it. */
  private seeded = false;
  private spareNormal: number | undefined;
  private pathText: string | undefined;

  /** The hash state (h1..h4) must hold this stream's path when constructing. */
  constructor(
    pathText: string | undefined,
    private readonly parent: Sfc32Rng | undefined,
    private readonly key: string,
    private readonly n: number | undefined,
  ) {
    this.pathText = pathText;
    this.p1 = h1; this.p2 = h2; this.p3 = h3; this.p4 = h4;
  }

  get path(): string {
    this.pathText ??= this.n === undefined ? `${this.parent!.path}/${this.key}` : `${this.parent!.path}/${this.key}:${this.n}`;
    return this.pathText;
  }

  private seed(): void {
    let x1 = this.p1, x2 = this.p2, x3 = this.p3, x4 = this.p4;
    x1 = Math.imul(x3 ^ (x1 >>> 18), 597399067);
    x2 = Math.imul(x4 ^ (x2 >>> 22), 2869860233);
    x3 = Math.imul(x1 ^ (x3 >>> 17), 951274213);
    x4 = Math.imul(x2 ^ (x4 >>> 19), 2716044179);
    x1 ^= x2 ^ x3 ^ x4;
    x2 ^= x1;
    x3 ^= x1;
    x4 ^= x1;
    // Discard the first outputs: sfc32 needs a few rounds to mix a hashed state. (nextUint32's
    // rounds on locals, stored once: the same state.)
    let a = x1 >>> 0, b = x2 >>> 0, c = x3 >>> 0, d = x4 >>> 0;
    for (let i = 0; i < 12; i++) {
      let t = (a + b) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      d = (d + 1) | 0;
      t = (t + d) | 0;
      c = (c + t) | 0;
      a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    }
    this.a = a; this.b = b; this.c = c; this.d = d;
    this.seeded = true;
  }

  private nextUint32(): number {
    if (!this.seeded) this.seed();
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

  fork(key: string, n?: number): Rng {
    h1 = this.p1; h2 = this.p2; h3 = this.p3; h4 = this.p4;
    hashCode(SLASH);
    hashText(key);
    if (n !== undefined) {
      hashCode(COLON);
      hashText(String(n));
    }
    return new Sfc32Rng(undefined, this, key, n);
  }
}

/** The root stream for a seed. Named streams hang off it: market, workload, faults, jitter, latency. */
export function createRng(seed: number | string): Rng {
  const path = String(seed);
  hashStart();
  hashText(path);
  return new Sfc32Rng(path, undefined, '', undefined);
}
