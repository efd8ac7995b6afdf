/**
 * Cross-border reporting (finance-reference.md §5.2, §5.3; issue 15 §2): an IFTI (AU) or a PTR for an
 * international wire transfer (NZ) depends on the firm's jurisdiction and licence and on the payment
 * crossing the firm's border, never on its currency; obligations the baseline had too are routine,
 * the others the incident caused. Amounts and their reporting-currency equivalents are in
 * compliance.csv. Every expected figure is worked out by hand from the journal below.
 */
import { describe, expect, it } from 'vitest';
import type { RunEventBody } from '../../../src/engine/events.js';
import { computeCompliance, type ComplianceInputs } from '../../../src/finance/evaluate/compliance-report.js';
import { buildLedger } from '../../../src/finance/evaluate/ledger.js';
import { buildFxTable } from '../../../src/finance/fx.js';
import type { Scenario } from '../../../src/scenario/model.js';
import { journal, makeScenario, MIN, START } from './helpers.js';

const pay = (id: string, amount: string, ccy: string, origin: string, destination: string): RunEventBody => ({
  type: 'payment', paymentId: id, customerId: `cus-${id}`, amount, ccy, originCountry: origin, destinationCountry: destination, international: origin !== destination,
  outcome: 'SUCCEEDED', feeCcy: ccy, retries: 0, unsafeRetries: 0,
});
const charge = (ref: string, occurrence: number, amount: string, ccy: string): RunEventBody => ({ type: 'execution', provider: 'gw', op: 'create_payment', reference: ref, occurrence, amount, ccy, fee: '0.00', feeCcy: ccy });

// P1: AUD from GB into Australia. P2: USD, domestic in Australia. P3: USD from Australia to the US,
// charged twice in the faulted replay (the second execution is the incident's). P4: NZD, NZ→AU.
const BASELINE: (readonly [number, RunEventBody])[] = [
  [START + 1 * MIN, charge('P1', 1, '250.00', 'AUD')], [START + 1 * MIN, pay('P1', '250.00', 'AUD', 'GB', 'AU')],
  [START + 2 * MIN, charge('P2', 1, '900.00', 'USD')], [START + 2 * MIN, pay('P2', '900.00', 'USD', 'AU', 'AU')],
  [START + 3 * MIN, charge('P3', 1, '700.00', 'USD')], [START + 3 * MIN, pay('P3', '700.00', 'USD', 'AU', 'US')],
];
const FAULTED: (readonly [number, RunEventBody])[] = [
  ...BASELINE.slice(0, 4),
  [START + 3 * MIN, charge('P3', 1, '700.00', 'USD')], [START + 3 * MIN + 900, charge('P3', 2, '700.00', 'USD')], [START + 3 * MIN + 900, pay('P3', '700.00', 'USD', 'AU', 'US')],
  [START + 4 * MIN, charge('P4', 1, '500.00', 'NZD')], [START + 4 * MIN, pay('P4', '500.00', 'NZD', 'NZ', 'AU')],
];

// AUDUSD 0.6550 and NZDUSD 0.6000: 1 USD = 1 / 0.6550 AUD = 1 / 0.6000 NZD.
const fx = buildFxTable([
  { pair: 'AUDUSD', rate: '0.6550', source: 'test fixing', ts: START },
  { pair: 'NZDUSD', rate: '0.6000', source: 'test fixing', ts: START },
]);

function evaluate(scenario: Scenario, faulted = FAULTED, baseline = BASELINE) {
  const input: ComplianceInputs = {
    scenario, fx, staleFills: [], auditGaps: 0,
    faulted: buildLedger(scenario, journal('faulted', faulted), 'faulted'),
    baseline: { ledger: buildLedger(scenario, journal('baseline', baseline), 'baseline'), staleFillIds: new Set(), auditGaps: 0 },
  };
  return computeCompliance(input);
}

const scenario = (firm: string, regimes = ''): Scenario => makeScenario(`firm: ${firm}\n${regimes}`);

const instances = (r: ReturnType<typeof evaluate>, id: string) => r.result.rows.filter((x) => x.obligation_id === id && x.trigger_event_id !== '');

describe('IFTI (AU): the firm\'s licence and the border decide, not the currency', () => {
  it('a remitter in Australia: every execution crossing the Australian border, in or out, whatever its currency', () => {
    const r = evaluate(scenario('{ country: AU, licences: [remitter] }'));
    // P1 GB→AU (AUD), P3 AU→US twice (USD), P4 NZ→AU (NZD); not P2 (USD, but within Australia).
    expect(instances(r, 'AU-AUSTRAC-IFTI').map((x) => [x.trigger_event_id, x.jurisdiction])).toEqual([
      ['P1#1', 'AU'], ['P3#1', 'AU'], ['P3#2', 'AU'], ['P4#1', 'AU'],
    ]);
    expect(r.crossBorder).toEqual({ home: 'AU', licences: ['remitter'], inbound: 2, outbound: 2, carried: ['AU-AUSTRAC-IFTI'], regimeOn: true });
  });

  it.each(['merchant', 'card_acquirer', 'exchange'])('a %s: no IFTI; the rule is listed as not binding, with the reason', (licence) => {
    const r = evaluate(scenario(`{ country: AU, licences: [${licence}] }`));
    expect(instances(r, 'AU-AUSTRAC-IFTI')).toEqual([]);
    const row = r.result.rows.find((x) => x.obligation_id === 'AU-AUSTRAC-IFTI')!;
    expect([row.applicable, row.status]).toEqual([false, 'NOT_TRIGGERED']);
    expect(row.clock_start_assumption).toMatch(new RegExp(`^does not bind the firm \\(licences: ${licence}\\): only a remitter licence carries it`));
    expect(r.crossBorder.carried).toEqual([]);
  });

  it('no licence stated: nothing binds, and the row says to state them', () => {
    const row = evaluate(scenario('{ country: AU }')).result.rows.find((x) => x.obligation_id === 'AU-AUSTRAC-IFTI')!;
    expect(row.clock_start_assumption).toMatch(/no licence stated.*state the firm's licences in firm\.licences/);
  });

  it('a per-rule switch still wins: compliance.rules can force the IFTI on for a merchant', () => {
    const r = evaluate(scenario('{ country: AU, licences: [merchant] }', 'compliance:\n  rules: { AU-AUSTRAC-IFTI: true }\n'));
    expect(instances(r, 'AU-AUSTRAC-IFTI').length).toBe(4);
  });
});

describe('PTR for an international wire transfer (NZ): NZD 1,000 or more through a remitter in New Zealand', () => {
  it('thresholds on the NZD equivalent; the NZ border, so a payment within Australia does not cross it', () => {
    const r = evaluate(scenario('{ country: NZ, licences: [remitter] }', 'compliance:\n  regimes: { nz_aml: true }\n'));
    // Crossing NZ's border: only P4 (NZ→AU, NZD 500.00 < 1,000: below the threshold). P1 GB→AU,
    // P2 AU→AU and P3 AU→US never touch New Zealand.
    expect(instances(r, 'NZ-FIU-PTR-IFT')).toEqual([]);
    expect(instances(r, 'AU-AUSTRAC-IFTI')).toEqual([]);
    expect(r.crossBorder).toMatchObject({ home: 'NZ', outbound: 1, inbound: 0, carried: ['NZ-FIU-PTR-IFT'] });
  });

  it('USD 700.00 out of New Zealand is NZD 1,166.67 (700 / 0.6000): reportable; USD 590.00 is NZD 983.33: not', () => {
    const nz = [
      [START + 1 * MIN, charge('P7', 1, '700.00', 'USD')], [START + 1 * MIN, pay('P7', '700.00', 'USD', 'NZ', 'US')],
      [START + 2 * MIN, charge('P8', 1, '590.00', 'USD')], [START + 2 * MIN, pay('P8', '590.00', 'USD', 'NZ', 'US')],
    ] as const;
    const r = evaluate(scenario('{ country: NZ, licences: [remitter] }', 'compliance:\n  regimes: { nz_aml: true }\n'), [...nz], [...nz]);
    const rows = instances(r, 'NZ-FIU-PTR-IFT');
    expect(rows.map((x) => [x.trigger_event_id, x.threshold, x.amount_in_threshold_ccy, x.clock_basis])).toEqual([['P7#1', '≥ NZD 1000', '1166.67', 'working_days']]);
  });
});

describe('routine business apart from what the incident caused; amounts with their reporting-currency equivalents', () => {
  const r = evaluate(scenario('{ country: AU, licences: [remitter] }'));
  const rows = instances(r, 'AU-AUSTRAC-IFTI');
  const byId = new Map(rows.map((x) => [x.trigger_event_id, x]));

  it('an IFTI the baseline had too is routine; the duplicate execution and a payment only the faulted replay made are the incident\'s', () => {
    expect(rows.map((x) => [x.trigger_event_id, x.cause])).toEqual([['P1#1', 'routine'], ['P3#1', 'routine'], ['P3#2', 'incident'], ['P4#1', 'incident']]);
    expect(r.byCause.routine.triggered).toBe(2);
    expect(r.byCause.incident.triggered).toBe(r.counts.triggered - 2);
  });

  it('the amount, its currency, the FX and the reporting-currency amount of each instruction', () => {
    const p3 = byId.get('P3#2')!;
    // USD 700.00 × (1 / 0.6550) = 1,068.7022… → AUD 1,068.70; the rate to 6 places 1.526718.
    expect([p3.amount, p3.amount_ccy, p3.fx_rate, p3.fx_source, p3.fx_ts, p3.amount_reporting, p3.reporting_ccy]).toEqual(['700.00', 'USD', '1.526718', 'test fixing', '2025-04-07T22:00:00.000Z', '1068.70', 'AUD']);
    const p4 = byId.get('P4#1')!;
    // NZD 500.00 × (0.6000 / 0.6550) = 458.0152… → AUD 458.02.
    expect([p4.amount, p4.amount_ccy, p4.amount_reporting]).toEqual(['500.00', 'NZD', '458.02']);
    const p1 = byId.get('P1#1')!;
    expect([p1.amount, p1.amount_ccy, p1.fx_rate, p1.amount_reporting, p1.evidence_ref.split(';')[0], p1.evidence_ref.split(';')[1]?.trim()]).toEqual(['250.00', 'AUD', '1.000000', '250.00', 'event:P1#1', 'GB→AU']);
  });
});
