// A VarReport crosses a thread boundary as data (var-report.ts): every decimal must come back exact.
import { describe, expect, it } from 'vitest';
import { computeMonteCarloVarFrom, varReportFromData, varReportToData } from '../../../src/finance/evaluate/var-report.js';
import { Dec } from '../../../src/finance/decimal.js';

describe('varReportToData / varReportFromData', () => {
  it('round-trips a report with every decimal equal and of the same type', () => {
    const report = computeMonteCarloVarFrom({ value: '0.000000012345678901234567890123', short: false, horizonMs: 60_000, sigmaAnnual: 0.3, parametricVar99: '1e-9', seed: 3, paths: 4_000 });
    const back = varReportFromData(JSON.parse(JSON.stringify(varReportToData(report))));
    expect(back.signedValue).toBeInstanceOf(Dec);
    expect(back.signedValue.toString()).toBe(report.signedValue.toString());
    back.rows.forEach((row, i) => {
      for (const k of ['var95', 'es95', 'var99', 'es99', 'meanLoss', 'stderrVar99'] as const) expect(row.result[k].equals(report.rows[i]!.result[k]), `${row.label} ${k}`).toBe(true);
    });
    expect(back).toEqual(report);
  });
});
