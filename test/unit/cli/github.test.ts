/** GitHub Actions workflow commands and step outputs, from a drill's verdicts. */
import { describe, expect, it } from 'vitest';
import { ciPath, githubAnnotations, githubOutputs } from '../../../src/cli/reporters/github.js';
import { dec } from '../../../src/finance/decimal.js';
import type { RunScenarioResult } from '../../../src/run/run-scenario.js';

/** Only what the reporter reads of a run. */
function result(id: string, over: { thresholds?: { name: string; status: 'PASS' | 'FAIL'; detail: string }[]; lines?: number[]; selfChecks?: { id: string; title: string; status: 'PASS' | 'FAIL'; detail: string }[]; incomplete?: string; pnl?: string; ccy?: string; verdict?: 'PASS' | 'FAIL' }): RunScenarioResult {
  return {
    scenario: { id, thresholds: (over.lines ?? []).map((line, index) => ({ index, line })) },
    evaluation: {
      thresholds: over.thresholds ?? [],
      selfChecks: over.selfChecks ?? [],
      incomplete: over.incomplete !== undefined,
      ...(over.incomplete === undefined ? {} : { incompleteReason: over.incomplete }),
      verdict: over.verdict ?? 'PASS',
      reportingCcy: over.ccy ?? 'AUD',
      attribution: { incidentTotal: dec(over.pnl ?? '0') },
    },
  } as unknown as RunScenarioResult;
}

describe('githubAnnotations', () => {
  const r = result('lp-outage', {
    thresholds: [{ name: 'pnl.total >= -25000 AUD', status: 'PASS', detail: 'ok' }, { name: 'fees: 50%, or less', status: 'FAIL', detail: 'fees = 60% violates\nline two' }],
    lines: [40, 41],
    selfChecks: [{ id: 'faults-hit', title: 'Every fault touched the workload', status: 'FAIL', detail: 'lp-dark touched no request' }],
    incomplete: 'aborted: threshold "x" breached',
  });

  it('one command per failure: thresholds on their line, self-checks and an incomplete drill on the file; properties and data escaped', () => {
    expect(githubAnnotations(r, 'scenarios/lp-outage.yaml')).toEqual([
      '::error file=scenarios/lp-outage.yaml,line=41,title=faultline lp-outage%3A threshold fees%3A 50%25%2C or less failed::fees = 60%25 violates%0Aline two',
      '::error file=scenarios/lp-outage.yaml,title=faultline lp-outage%3A self-check faults-hit failed::Every fault touched the workload: lp-dark touched no request',
      '::error file=scenarios/lp-outage.yaml,title=faultline lp-outage%3A drill incomplete::aborted: threshold "x" breached',
    ]);
  });

  it('failures --fail-on does not count are warnings', () => {
    const lines = githubAnnotations(r, 'f.yaml', { thresholds: true, selfChecks: false });
    expect(lines.map((l) => l.slice(0, l.indexOf(' ')))).toEqual(['::error', '::warning', '::warning']);
  });

  it('a terminal escape in scenario text reaches the log visible, not obeyed', () => {
    const evil = result('x', { thresholds: [{ name: 'n', status: 'FAIL', detail: 'a\u001b[2Jb' }], lines: [3] });
    expect(githubAnnotations(evil, 'f.yaml')[0]).toBe('::error file=f.yaml,line=3,title=faultline x%3A threshold n failed::a\\u{1b}[2Jb');
  });
});

describe('githubOutputs', () => {
  it('the total only in one currency; per-drill verdicts and exact P&L always', () => {
    // -4692.022426 + 1300.915 = -3391.107426; to the cent half-even: -3391.11.
    const same = githubOutputs([result('a', { pnl: '-4692.022426' }), result('b', { pnl: '1300.915', verdict: 'FAIL' })]);
    expect(same).toBe('verdict=FAIL\ndrills=2\nfailed=1\nincident_pnl=-3391.107426\nincident_pnl_rounded=-3391.11\ncurrency=AUD\nverdict_a=PASS\nincident_pnl_a=-4692.022426\nverdict_b=FAIL\nincident_pnl_b=1300.915\n');
    const mixed = githubOutputs([result('a', { pnl: '1' }), result('b', { pnl: '2', ccy: 'NZD' })]);
    expect(mixed).toBe('verdict=PASS\ndrills=2\nfailed=0\nverdict_a=PASS\nincident_pnl_a=1\nverdict_b=PASS\nincident_pnl_b=2\n');
    // JPY has no minor unit: 1234.5 rounds half-even to 1234.
    expect(githubOutputs([result('j', { pnl: '1234.5', ccy: 'JPY' })])).toContain('incident_pnl_rounded=1234\n');
  });
});

describe('ciPath', () => {
  it('relative to $GITHUB_WORKSPACE when the file is in it, else to the working directory, else absolute', () => {
    expect(ciPath('drills/scenarios/a.yaml', { GITHUB_WORKSPACE: '/repo' }, '/repo')).toBe('drills/scenarios/a.yaml');
    expect(ciPath('scenarios/a.yaml', { GITHUB_WORKSPACE: '/repo' }, '/repo/drills')).toBe('drills/scenarios/a.yaml');
    expect(ciPath('scenarios/a.yaml', {}, '/repo/drills')).toBe('scenarios/a.yaml');
    expect(ciPath('/tmp/x/a.yaml', { GITHUB_WORKSPACE: '/repo' }, '/repo')).toBe('/tmp/x/a.yaml');
  });
});
