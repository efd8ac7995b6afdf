import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PositionFold } from '../../../src/finance/position-fold.js';
import { buildPosition, getTotalRealizedPnl } from '../../../src/finance/positions.js';
import type { PositionFill } from '../../../src/finance/position-types.js';

// The cost-method self-check reads the fee-free realized P&L off the commissioned fold
// (grossRealized): it must be exactly what folding the same fills without commissions realizes.
const fill = fc.record({
  qty: fc.integer({ min: -5000, max: 5000 }).filter((q) => q !== 0).map((q) => (q / 100).toString()),
  px: fc.integer({ min: 1, max: 2_000_000 }).map((p) => (p / 100).toString()),
  commission: fc.integer({ min: 0, max: 500 }).map((c) => (c / 7).toFixed(6)),
  ccy: fc.constantFrom('USD', 'AUD'),
});

describe('PositionFold.grossRealized', () => {
  for (const method of ['fifo', 'average'] as const) {
    it(`equals the commission-free fold's total realized P&L (${method})`, () => {
      fc.assert(fc.property(fc.array(fill, { maxLength: 60 }), (raw) => {
        const withFees: PositionFill[] = raw.map((f, i) => ({ qty: f.qty, px: f.px, ts: i, commission: f.commission, commissionCcy: f.ccy }));
        const fold = new PositionFold('X-USD', 'USD', method);
        for (const f of withFees) fold.apply(f);
        const bare = buildPosition('X-USD', 'X', method, raw.map((f, i) => ({ qty: f.qty, px: f.px, ts: i })));
        expect(fold.grossRealized().toFixed()).toBe(getTotalRealizedPnl(bare).toFixed());
      }), { numRuns: 500 });
    });
  }
});
