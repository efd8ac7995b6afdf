// Pure helpers of the embedded server: Go-compatible JSON, the seeded PRNG, slicer offsets, the deadline queue.
import { describe, expect, it } from 'vitest';
import { decodeGoJson, formatFloat32, GoJsonError, marshalGo, parseGoJson, type GoType } from '../../src/toxiproxy/go-json.js';
import { createRng, hashSeed } from '../../src/toxiproxy/rng.js';
import { sliceOffsets } from '../../src/toxiproxy/toxics/slicer.js';
import { atDeadline } from '../../src/toxiproxy/deadline.js';

const parseError = (text: string): string => {
  try {
    parseGoJson(text);
  } catch (error) {
    if (error instanceof GoJsonError) return error.message;
    throw error;
  }
  return 'no error';
};

describe('Go-compatible JSON', () => {
  it.each([
    ['', 'EOF'],
    ['   ', 'EOF'],
    ['{', 'unexpected EOF'],
    ['{"a":1', 'unexpected EOF'],
    ['x', "invalid character 'x' looking for beginning of value"],
    ['{a}', "invalid character 'a' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', "invalid character '\"' after object key:value pair"],
    ['[1 2]', "invalid character '2' after array element"],
    ['tru', 'unexpected EOF'],
    ['trux', "invalid character 'x' in literal true (expecting 'e')"],
    ['-x', "invalid character 'x' in numeric literal"],
    ['{"a":1} trailing garbage', 'no error'],
  ])('parses %j like json.Decoder (%s)', (text, message) => {
    expect(parseError(text)).toBe(message);
  });

  const proxy: GoType = { kind: 'struct', name: 'Proxy', qualified: 'toxiproxy.Proxy', fields: { name: { kind: 'string' }, enabled: { kind: 'bool' }, n: { kind: 'int64' } } };

  it('matches keys case-insensitively, ignores unknown keys and null, and merges onto the target', () => {
    expect(decodeGoJson(parseGoJson('{"NAME":"a","other":1,"enabled":null}'), proxy, { name: '', enabled: true, n: 3 })).toEqual({ name: 'a', enabled: true, n: 3 });
  });

  it('reports the first type mismatch with Go\'s text', () => {
    expect(() => decodeGoJson(parseGoJson('{"n":"1","enabled":1}'), proxy, {})).toThrow('json: cannot unmarshal string into Go struct field Proxy.n of type int64');
    expect(() => decodeGoJson(parseGoJson('{"n":1e3}'), proxy, {})).toThrow('json: cannot unmarshal number 1e3 into Go struct field Proxy.n of type int64');
    expect(() => decodeGoJson(parseGoJson('{"n":9223372036854775808}'), proxy, {})).toThrow('number 9223372036854775808');
    expect(() => decodeGoJson(parseGoJson('"x"'), proxy, {})).toThrow('json: cannot unmarshal string into Go value of type toxiproxy.Proxy');
  });

  it('escapes HTML characters like Go and prints float32 values shortest-first', () => {
    expect(marshalGo({ a: '<&>' })).toBe('{"a":"\\u003c\\u0026\\u003e"}');
    expect([0, 1, 0.5, 0.1, 0.3, 0.333].map((v) => formatFloat32(Math.fround(v)))).toEqual(['0', '1', '0.5', '0.1', '0.3', '0.333']);
  });
});

describe('seeded PRNG', () => {
  it('is reproducible per seed and independent per stream', () => {
    const a = createRng(hashSeed(1, 'p', 0, 'upstream'));
    const b = createRng(hashSeed(1, 'p', 0, 'upstream'));
    const c = createRng(hashSeed(1, 'p', 0, 'downstream'));
    const draws = (r: ReturnType<typeof createRng>) => Array.from({ length: 5 }, () => r.float32());
    const fromA = draws(a);
    expect(draws(b)).toEqual(fromA);
    expect(draws(c)).not.toEqual(fromA);
  });

  it('float32 is in [0, 1) and intn in [0, n), roughly uniform', () => {
    const rng = createRng(123);
    let below = 0;
    for (let i = 0; i < 10_000; i += 1) {
      const f = rng.float32();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      if (f < 0.5) below += 1;
      const n = rng.intn(7);
      expect(Number.isInteger(n) && n >= 0 && n < 7).toBe(true);
    }
    expect(below).toBeGreaterThan(4700);
    expect(below).toBeLessThan(5300);
  });
});

describe('slicer offsets', () => {
  const stub = { rng: createRng(5) };

  it('covers the chunk contiguously with pieces near average ± variation', () => {
    const cuts = sliceOffsets(stub, { average_size: 100, size_variation: 10, delay: 0 }, 0, 10_000);
    let position = 0;
    for (let i = 0; i < cuts.length; i += 2) {
      expect(cuts[i]).toBe(position);
      const size = cuts[i + 1]! - cuts[i]!;
      expect(size).toBeGreaterThan(0);
      expect(size).toBeLessThanOrEqual(110);
      position = cuts[i + 1]!;
    }
    expect(position).toBe(10_000);
    expect(cuts.length / 2).toBeGreaterThan(80);
  });

  it('terminates where Go would recurse forever (average_size 0)', () => {
    const cuts = sliceOffsets(stub, { average_size: 0, size_variation: 0, delay: 0 }, 0, 16);
    expect(cuts.length).toBe(32);
  });
});

/** Resolves once `done()` holds, checking every few ms; fails the test after 10 s (it never happened). */
async function until(done: () => boolean): Promise<void> {
  const giveUp = performance.now() + 10_000;
  while (!done()) {
    if (performance.now() > giveUp) throw new Error('never happened within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('deadline queue', () => {
  it('fires every wait in deadline order, never early, and skips cancelled ones', async () => {
    const start = performance.now();
    const fired: { id: number; late: number }[] = [];
    const deadlines = [30, 5, 18, 5.4, 12.7, 1, 25];
    const cancels = deadlines.map((ms, id) => atDeadline(start + ms, () => fired.push({ id, late: performance.now() - (start + ms) })));
    cancels[2]!();
    cancels[2]!();
    // Until all six have fired (a busy machine may run the test's own timer first: no fixed wait).
    await until(() => fired.length === 6);
    expect(fired.map((f) => f.id)).toEqual([5, 1, 3, 4, 6, 0]);
    for (const f of fired) expect(f.late).toBeGreaterThanOrEqual(0);
  });

  it('starts afresh once every wait was cancelled (no timer left armed)', async () => {
    const cancel = atDeadline(performance.now() + 10_000, () => undefined);
    cancel();
    const fired: number[] = [];
    atDeadline(performance.now() + 1, () => fired.push(1));
    await until(() => fired.length > 0);
    expect(fired).toEqual([1]);
  });
});
