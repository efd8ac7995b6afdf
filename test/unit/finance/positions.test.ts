import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Dec, fixed, plain } from '../../../src/finance/decimal.js';
import { applyFill, buildPosition, describePosition, getCostBasis, getNetQty, getTotalRealizedPnl, markPosition, openPositionLedger, type CostMethod, type PositionFill } from '../../../src/finance/positions.js';

const T0 = Date.parse('2025-04-05T00:00:00Z');
const fills: PositionFill[] = [
  { qty: '1', px: '90000', ts: T0 },
  { qty: '1', px: '100000', ts: T0 + 60_000 },
  { qty: '-1', px: '105000', ts: T0 + 120_000 },
];

describe('realized vs unrealized under FIFO and average (finance-reference.md §2.6)', () => {
  it.each([
    ['fifo', '15000', '4000'],
    ['average', '10000', '9000'],
  ] as const)('%s: buy 1 @ 90,000, buy 1 @ 100,000, sell 1 @ 105,000, mark 104,000 → R %s, U %s, total 19,000', (method, r, u) => {
    const pos = buildPosition('BTC-AUD', 'AUD', method, fills);
    const realized = getTotalRealizedPnl(pos);
    const { unrealizedPnl } = markPosition(pos, { mid: '104000' });
    expect(plain(realized)).toBe(r);
    expect(plain(unrealizedPnl)).toBe(u);
    expect(plain(realized.plus(unrealizedPnl))).toBe('19000');
    expect(plain(getNetQty(pos))).toBe('1');
  });

  it('position report: peak qty, avg_px_open/close, cost basis', () => {
    const fifo = buildPosition('BTC-AUD', 'AUD', 'fifo', fills);
    const [row] = describePosition(fifo, { mid: '104000' });
    expect(row!.side).toBe('LONG');
    expect(plain(row!.peakQty)).toBe('2');
    expect(plain(row!.avgPxOpen!)).toBe('95000');
    expect(plain(row!.avgPxClose!)).toBe('105000');
    expect(row!.isSnapshot).toBe(false);
    expect(plain(getCostBasis(fifo)!)).toBe('100000');
    expect(plain(getCostBasis(buildPosition('BTC-AUD', 'AUD', 'average', fills))!)).toBe('95000');
  });

  it('conservative marks: bid for longs, ask for shorts (§1.5)', () => {
    const long = buildPosition('BTC-AUD', 'AUD', 'fifo', [{ qty: '2', px: '100000', ts: T0 }]);
    const m = markPosition(long, { bid: '99900', ask: '100100', mid: '100000' }, 'conservative');
    expect(m.markType).toBe('bid');
    expect(plain(m.unrealizedPnl)).toBe('-200');
    const short = buildPosition('BTC-AUD', 'AUD', 'fifo', [{ qty: '-2', px: '100000', ts: T0 }]);
    const s = markPosition(short, { bid: '99900', ask: '100100' }, 'conservative');
    expect(s.markType).toBe('ask');
    expect(plain(s.unrealizedPnl)).toBe('-200');
    expect(() => markPosition(short, { bid: '99900' }, 'conservative')).toThrow(/ask/);
  });

  it('shorts: realized on buy-back, FIFO lots', () => {
    const pos = buildPosition('BTC-AUD', 'AUD', 'fifo', [
      { qty: '-1', px: '100000', ts: T0 },
      { qty: '-1', px: '102000', ts: T0 + 1 },
      { qty: '1.5', px: '101000', ts: T0 + 2 },
    ]);
    expect(plain(getTotalRealizedPnl(pos))).toBe('-500'); // 1 × (100000 − 101000) + 0.5 × (102000 − 101000)
    expect(plain(getNetQty(pos))).toBe('-0.5');
    expect(plain(markPosition(pos, { mid: '101000' }).unrealizedPnl)).toBe('500');
  });

  it('flip through zero closes the cycle as a snapshot and opens the remainder at the fill price', () => {
    const pos = buildPosition('BTC-AUD', 'AUD', 'average', [
      { qty: '2', px: '100000', ts: T0, commission: '20' },
      { qty: '-3', px: '101000', ts: T0 + 5_000, commission: '30', fillId: 'f2' },
    ]);
    expect(pos.snapshots).toHaveLength(1);
    const closed = pos.snapshots[0]!;
    expect(plain(closed.realizedPnl)).toBe('1960'); // 2 × 1000 − 20 − 20 (2/3 of 30)
    expect(closed.closedTs).toBe(T0 + 5_000);
    expect(plain(closed.commissions)).toBe('40');
    expect(plain(getNetQty(pos))).toBe('-1');
    expect(pos.current!.entry).toBe('SHORT');
    expect(plain(pos.current!.realizedPnl)).toBe('-10');
    expect(plain(getTotalRealizedPnl(pos))).toBe('1950');
    const rows = describePosition(pos, { mid: '100500' });
    expect(rows.map((r) => [r.positionId, r.isSnapshot, r.side])).toEqual([['BTC-AUD-1', true, 'FLAT'], ['BTC-AUD-2', false, 'SHORT']]);
    expect(plain(rows[1]!.unrealizedPnl)).toBe('500');
  });

  it('commissions in another currency are kept apart from realized P&L', () => {
    const pos = buildPosition('BTC-AUD', 'AUD', 'fifo', [
      { qty: '1', px: '100', ts: T0, commission: '0.001', commissionCcy: 'BNB' },
      { qty: '-1', px: '110', ts: T0 + 1, commission: '0.001', commissionCcy: 'BNB' },
    ]);
    expect(plain(getTotalRealizedPnl(pos))).toBe('10');
    expect(plain(pos.snapshots[0]!.otherCommissions['BNB']!)).toBe('0.002');
    expect(pos.current).toBeNull();
  });

  it('the ledger is append-only: applying a fill returns a new value', () => {
    const p0 = openPositionLedger('ETH-AUD', 'AUD', 'fifo');
    const p1 = applyFill(p0, { qty: '1', px: '5000', ts: T0 });
    expect(p0.current).toBeNull();
    expect(p1.fillCount).toBe(1);
    expect(() => applyFill(p1, { qty: '0', px: '1', ts: T0 })).toThrow(RangeError);
  });

  it('rejects JS numbers for quantities and prices at runtime', () => {
    // @ts-expect-error qty must be a decimal string or Dec, never a JS number
    expect(() => applyFill(openPositionLedger('X', 'AUD', 'fifo'), { qty: 1, px: '1', ts: T0 })).toThrow(TypeError);
  });
});

describe('property: FIFO and average give the same realized + unrealized without fees (§2.6, §10.4)', () => {
  const fillArb = fc.record({
    qty: fc.integer({ min: -500, max: 500 }).filter((q) => q !== 0),
    px: fc.integer({ min: 1, max: 2_000_000 }),
  });
  it('holds for any fill sequence, with shorts and flips', () => {
    fc.assert(
      fc.property(fc.array(fillArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 2_000_000 }), (raw, markInt) => {
        const fs: PositionFill[] = raw.map((f, i) => ({ qty: new Dec(f.qty).div(100), px: new Dec(f.px).div(10), ts: T0 + i }));
        const mark = new Dec(markInt).div(10);
        const totals = (['fifo', 'average'] as CostMethod[]).map((m) => {
          const pos = buildPosition('BTC-AUD', 'AUD', m, fs);
          return getTotalRealizedPnl(pos).plus(markPosition(pos, { mid: mark }).unrealizedPnl);
        });
        // Average cost divides, so agreement is to the 50-digit internal precision, not bit-identical.
        expect(totals[0]!.minus(totals[1]!).abs().lt('1e-30')).toBe(true);
        expect(fixed(totals[0]!, 8)).toBe(fixed(totals[1]!, 8));
      }),
    );
  });
});

describe('property: cost-currency commissions do not break the cross-method identity', () => {
  it('FIFO and average still agree when both book the same commissions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ qty: fc.integer({ min: -500, max: 500 }).filter((q) => q !== 0), px: fc.integer({ min: 1, max: 2_000_000 }), fee: fc.integer({ min: 0, max: 1000 }) }), { minLength: 1, maxLength: 30 }),
        (raw) => {
          const fs: PositionFill[] = raw.map((f, i) => ({ qty: new Dec(f.qty).div(100), px: new Dec(f.px).div(10), ts: T0 + i, commission: new Dec(f.fee).div(100) }));
          const [a, b] = (['fifo', 'average'] as CostMethod[]).map((m) => {
            const pos = buildPosition('BTC-AUD', 'AUD', m, fs);
            return getTotalRealizedPnl(pos).plus(markPosition(pos, { mid: '1000' }).unrealizedPnl);
          });
          expect(a!.minus(b!).abs().lt('1e-30')).toBe(true);
        },
      ),
    );
  });
});

describe('buildPosition (in-place fold)', () => {
  // A small LCG: deterministic fills with flips, partial closes, and commissions in two currencies.
  function makeFills(seed: number, n: number): PositionFill[] {
    let s = seed;
    const next = (m: number): number => { s = (s * 1103515245 + 12345) % 2147483648; return s % m; };
    const out: PositionFill[] = [];
    for (let i = 0; i < n; i++) {
      const sign = next(5) < 2 ? '-' : '';
      const fill: PositionFill = { qty: `${sign}${1 + next(40)}.${next(100)}`, px: `${90 + next(20)}.${next(1000)}`, ts: 1_700_000_000_000 + i * 1000 };
      const c = next(4);
      out.push(c === 0 ? fill : { ...fill, commission: `0.${next(100)}`, ...(c === 3 ? { commissionCcy: 'eur' } : {}) });
    }
    return out;
  }
  for (const method of ['fifo', 'average'] as const) {
    it(`gives the same position as folding applyFill (${method})`, () => {
      for (const seed of [1, 2, 3, 42]) {
        const list = makeFills(seed, 400);
        const expected = list.reduce(applyFill, openPositionLedger('ABC', 'usd', method));
        const got = buildPosition('ABC', 'usd', method, list);
        expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
        expect(got.snapshots.length).toBe(expected.snapshots.length);
      }
    });
  }
});
