import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IdMap } from '../../../src/finance/id-map.js';

// IdMap must answer every get as a Map<string, V> given the same sets would: ids of several
// prefixes and widths (leading zeros, the same number under two widths), keys without digits, very
// long digit runs, numbers past the array range, more prefixes than it keeps groups for.
const prefix = fc.constantFrom('', 'P', 'T', 'idem-P', 'H', 'U', 'px:BTC-AUD:', 'a1b', 'P0', '-', 'idem-T', 'x');
const digits = fc.oneof(
  fc.integer({ min: 0, max: 999 }).chain((n) => fc.integer({ min: 1, max: 7 }).map((w) => String(n).padStart(w, '0'))),
  fc.integer({ min: 0, max: 2 ** 31 }).map(String),
  fc.constantFrom('', '0', '00', '000001', '1', '16777215', '16777216', '999999999', '1234567890', '000000000000001'),
);
const key = fc.tuple(prefix, digits).map(([p, d]) => p + d);

describe('IdMap', () => {
  it('answers as a Map for any sequence of gets and sets', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), key, fc.integer()), { maxLength: 200 }), (ops) => {
      const ids = new IdMap<number>();
      const map = new Map<string, number>();
      for (const [isSet, k, v] of ops) {
        if (isSet) {
          ids.set(k, v);
          map.set(k, v);
        }
        expect(ids.get(k)).toBe(map.get(k));
      }
      for (const [, k] of ops) expect(ids.get(k)).toBe(map.get(k));
    }), { numRuns: 3000 });
  });

  it('keeps workload ids of one prefix and width apart from the same number under another', () => {
    const ids = new IdMap<string>();
    ids.set('P000001', 'a');
    ids.set('P00001', 'b');
    ids.set('idem-P000001', 'c');
    ids.set('T000001', 'd');
    expect([ids.get('P000001'), ids.get('P00001'), ids.get('idem-P000001'), ids.get('T000001'), ids.get('P1'), ids.get('XP000001')]).toEqual(['a', 'b', 'c', 'd', undefined, undefined]);
  });
});
