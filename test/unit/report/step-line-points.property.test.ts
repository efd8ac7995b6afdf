// exposure.svg's step line keeps, of the points on one printed x, the first, lowest, highest and last
// (exposure-chart.ts): the same picture with far fewer points. Checked against the plain list of
// every point (the oracle: two points per step, consecutive duplicates dropped).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stepLinePoints } from '../../../src/report/charts/exposure-chart.js';
import { n } from '../../../src/report/charts/svg.js';

type Segment = { ts: number; to: number; absNotional: number };

function allPoints(segments: Segment[], x: (t: number) => number, y: (v: number) => number): string[] {
  const pts: string[] = [];
  let last = '';
  for (const s of segments) {
    for (const p of [`${n(x(s.ts))},${n(y(s.absNotional))}`, `${n(x(s.to))},${n(y(s.absNotional))}`]) {
      if (p !== last) pts.push(p);
      last = p;
    }
  }
  return pts;
}

/** Runs of points by printed x: [x, ys in order]. */
function runs(pts: string[]): [string, number[]][] {
  const out: [string, number[]][] = [];
  for (const p of pts) {
    const [px, py] = p.split(',') as [string, string];
    if (out.length > 0 && out.at(-1)![0] === px) out.at(-1)![1].push(Number(py));
    else out.push([px, [Number(py)]]);
  }
  return out;
}

// Steps of a drill: increasing times, some closer together than a tenth of a pixel.
const drill = fc.array(fc.tuple(fc.integer({ min: 1, max: 4_000 }), fc.integer({ min: 0, max: 1_000_000 })), { minLength: 1, maxLength: 300 }).map((steps) => {
  let t = 0;
  return steps.map(([gap, v]) => {
    const ts = t;
    t += gap;
    return { ts, to: t, absNotional: v };
  });
});

describe('stepLinePoints', () => {
  it('keeps every printed x, each entered and left where the full line is, over the same vertical extent', () => {
    fc.assert(
      fc.property(drill, fc.integer({ min: 50, max: 800 }), (segments, width) => {
        const end = segments.at(-1)!.to;
        const x = (t: number): number => 70 + (t / end) * width;
        const y = (v: number): number => 300 - (v / 1_000_000) * 240;
        const full = runs(allPoints(segments, x, y));
        const reduced = runs(stepLinePoints(segments, x, y));
        expect(reduced.map(([px]) => px)).toEqual(full.map(([px]) => px));
        reduced.forEach(([px, ys], i) => {
          const all = full[i]![1];
          expect(ys[0], `first at x=${px}`).toBe(all[0]);
          expect(ys.at(-1), `last at x=${px}`).toBe(all.at(-1));
          expect(Math.min(...ys)).toBe(Math.min(...all));
          expect(Math.max(...ys)).toBe(Math.max(...all));
          expect(ys.length).toBeLessThanOrEqual(4);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('is the full line itself when no printed x holds more than the two points of a step boundary', () => {
    const segments = [{ ts: 0, to: 10, absNotional: 5 }, { ts: 10, to: 20, absNotional: 7 }, { ts: 20, to: 30, absNotional: 7 }];
    const x = (t: number): number => t * 10;
    const y = (v: number): number => 100 - v;
    expect(stepLinePoints(segments, x, y)).toEqual(allPoints(segments, x, y));
  });
});
