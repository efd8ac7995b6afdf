/**
 * validate is run's contract for the resilience sections: every problem with its path, a message
 * and a hint; what validates compiles to the operations the run measures.
 */
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../src/scenario/parse-scenario-text.js';
import { problemLines, problemTexts, scenarioText } from './helpers.js';

/** Problem lines without the `s.yaml:line:col ` prefix. */
function problems(text: string): string[] {
  return problemLines(text).map((l) => l.replace(/^s\.yaml:\d+:\d+ /, ''));
}

const op = (body: string) => `operations:\n  trading:\n    title: Trading\n${body}`;

describe('operations', () => {
  it.each([
    ['an unknown provider, with a suggestion', op('    providers: [feed, lpp]\n    tolerances: { max_disruption: 30m }\n'), 'operations.trading.providers[1]: unknown provider "lpp"'],
    ['a flow the drill does not have', op('    providers: [feed, lp]\n    flows: [trades, payments]\n    tolerances: { max_disruption: 30m }\n'), 'operations.trading.flows[1]: flow "payments" is not in this drill'],
    ['a flow none of its providers serves', op('    providers: [lp]\n    flows: [trades]\n    tolerances: { max_disruption: 30m }\n'), 'operations.trading.flows[0]: flow "trades" goes through a price_feed, and none of this operation\'s providers is one'],
    ['providers whose flows are not in the drill', op('    providers: [lp]\n    tolerances: { max_disruption: 30m }\n'), "operations.trading.providers: none of these providers' flows is in this drill"],
    ['a minimum service level above the disruption level', op('    providers: [feed]\n    service: { disrupted_below_pct: 95 }\n    tolerances: { min_service_level: { served_pct: 96 } }\n'), 'operations.trading.tolerances.min_service_level.served_pct: the minimum service level (96 %) is above the level below which the operation counts as disrupted (95 %)'],
    ['a value tolerance in another currency', op('    providers: [feed]\n    tolerances: { max_value_affected: 10k USD }\n'), 'operations.trading.tolerances.max_value_affected: the value tolerance is in USD, but value is measured in the reporting currency AUD'],
    ['no tolerance at all', op('    providers: [feed]\n    tolerances: {}\n'), 'operations.trading.tolerances: give at least one tolerance (max_disruption, max_data_loss, min_service_level, max_customers_affected or max_value_affected)'],
    ['a zero service time', op('    providers: [feed]\n    service: { within: 0s }\n    tolerances: { max_disruption: 30m }\n'), 'operations.trading.service.within: service.within cannot be zero'],
    ['an unknown key', op('    providers: [feed]\n    tolerances: { max_disrupton: 30m }\n'), 'operations.trading.tolerances.max_disrupton: unknown key "max_disrupton"'],
  ])('%s', (_name, text, expected) => {
    expect(problems(scenarioText(text))).toContain(expected);
  });

  it('hedges-only operations cannot have customer or value tolerances', () => {
    const text = scenarioText('hedging:\n  instrument: BTC-AUD\n  threshold: "1"\n  limit: 1m AUD\n' + op('    providers: [lp]\n    flows: [hedges]\n    tolerances: { max_customers_affected: 10 }\n'));
    expect(problems(text)).toContain("operations.trading.tolerances.max_customers_affected: the firm's own hedges have no customers and no client value, so this tolerance could never be measured");
  });

  it('compliance.outage_tolerance with operations: replaced, with a migration hint', () => {
    const texts = problemTexts(scenarioText(`compliance:\n  outage_tolerance: 45m\n${op('    providers: [feed]\n    tolerances: { max_disruption: 30m }\n')}`));
    expect(texts.join('\n')).toContain('compliance.outage_tolerance: compliance.outage_tolerance is replaced by the tolerances of the critical operations\n  hint: move it: set tolerances.max_disruption on each operation (`trading`) and remove compliance.outage_tolerance');
  });

  it('a valid operation compiles; its flows default from its providers\' roles', () => {
    const r = parseScenarioText(scenarioText(op('    providers: [feed, lp]\n    tolerances: { max_disruption: 30m, min_service_level: { served_pct: 90 } }\n')), 's.yaml');
    expect(r.problems).toEqual([]);
    expect(r.scenario!.operations).toEqual([{
      id: 'trading', title: 'Trading', providers: ['feed', 'lp'], flows: ['trades'], derived: false,
      service: { withinMs: 30_000, windowMs: 60_000, disruptedBelowPct: 99 },
      tolerances: { maxDisruptionMs: 1_800_000, minServiceLevel: { servedPct: 90, withinMs: 30_000 } },
    }]);
  });

  it('without operations: one derived operation over every flow and provider, its max disruption the outage tolerance', () => {
    const r = parseScenarioText(scenarioText('compliance:\n  outage_tolerance: 45m\n'), 's.yaml');
    expect(r.problems).toEqual([]);
    expect(r.scenario!.operations).toMatchObject([{ id: 'all-services', derived: true, providers: ['feed', 'lp'], flows: ['trades'], tolerances: { maxDisruptionMs: 2_700_000 } }]);
  });
});

describe('actions', () => {
  it.each([
    ['an unknown operation', `${op('    providers: [feed]\n    tolerances: { max_disruption: 30m }\n')}actions:\n  - { id: a1, title: T, owner: O, due: "2025-06-30", operations: [tradin] }\n`, 'actions[0].operations[0]: unknown critical operation "tradin"'],
    ['a date that does not exist', 'actions:\n  - { id: a1, title: T, owner: O, due: "2025-02-30" }\n', 'actions[0].due: "2025-02-30" is not a real date'],
    ['a duplicate id', 'actions:\n  - { id: a1, title: T, owner: O, due: "2025-06-30" }\n  - { id: a1, title: U, owner: O, due: "2025-06-30" }\n', 'actions[1].id: duplicate action id "a1" (also actions[0])'],
    ['no owner', 'actions:\n  - { id: a1, title: T, due: "2025-06-30" }\n', 'actions[0].owner: missing required key "owner"'],
  ])('%s', (_name, text, expected) => {
    expect(problems(scenarioText(text))).toContain(expected);
  });
});

describe('regime inputs', () => {
  it.each([
    ['a notification for an obligation that does not exist', 'resilience:\n  notifications: { EU-DORA-INITAL: 2h }\n', 'resilience.notifications.EU-DORA-INITAL: unknown obligation id "EU-DORA-INITAL"'],
    ['DORA on without its inputs', 'compliance:\n  regimes: { eu_dora: true }\n', 'compliance.regimes.eu_dora: DORA needs the inputs the drill cannot measure'],
    ['a member state outside the EEA', 'resilience:\n  dora: { member_state: GB }\n', 'resilience.dora.member_state: unknown EEA member state "GB"'],
    ['a daily value in another currency', 'resilience:\n  dora: { member_state: IE, daily_value: 5m USD }\n', 'resilience.dora.daily_value: daily_value is in USD, but transaction value is measured in the reporting currency AUD'],
    ['DORA on and no EUR rate for the economic impact', 'compliance:\n  regimes: { eu_dora: true }\nresilience:\n  dora: { member_state: IE }\n', "resilience.dora: DORA's economic-impact threshold is EUR 100,000, and market.fx has no rate from AUD to EUR"],
  ])('%s', (_name, text, expected) => {
    expect(problems(scenarioText(text))).toContain(expected);
  });

  it('an EUR economic impact needs no rate', () => {
    expect(problems(scenarioText('compliance:\n  regimes: { eu_dora: true }\nresilience:\n  dora: { member_state: IE, economic_impact: 150k EUR }\n'))).toEqual([]);
  });
});

describe('thresholds on operations', () => {
  const ops = op('    providers: [feed]\n    tolerances: { max_disruption: 30m, max_data_loss: 2 }\n');
  it.each([
    ['an unknown operation', '"operation.tradng.disruption <= 10m"', 'thresholds[0]: threshold on unknown critical operation "tradng"'],
    ['an unknown measure', '"operation.trading.outage <= 10m"', 'thresholds[0]: unknown metric "operation.trading.outage"'],
    ['tolerance with a unit', '"operation.trading.disruption <= tolerance m"', 'thresholds[0]: "tolerance" takes no unit (it is in the tolerance\'s own unit), got "m"'],
    ['tolerance not set', '"operation.trading.customers_affected <= tolerance"', 'thresholds[0]: operation "trading" sets no max_customers_affected tolerance'],
    ['tolerance on a metric that is not an operation\'s', '"pnl.total >= tolerance"', 'thresholds[0]: "tolerance" stands for a critical operation\'s own tolerance, and "pnl.total" is not an operation metric'],
  ])('%s', (_name, threshold, expected) => {
    expect(problems(scenarioText(`${ops}thresholds:\n  - ${threshold}\n`))).toContain(expected);
  });

  it('`tolerance` compiles to the operation\'s own tolerance, in the metric\'s unit', () => {
    const r = parseScenarioText(scenarioText(`${ops}thresholds:\n  - "operation.trading.disruption <= tolerance"\n  - { metric: operation.trading.data_loss, op: "<=", value: tolerance }\n  - "operation.trading.service_level >= 75 %"\n`), 's.yaml');
    expect(r.problems).toEqual([]);
    expect(r.scenario!.thresholds.map((t) => [t.metric, t.op, t.value])).toEqual([
      ['operation.trading.disruption', '<=', '1800000'], ['operation.trading.data_loss', '<=', '2'], ['operation.trading.service_level', '>=', '75'],
    ]);
  });

  it('the derived operation\'s tolerance is compliance.outage_tolerance', () => {
    const r = parseScenarioText(scenarioText('compliance:\n  outage_tolerance: 20m\nthresholds:\n  - "operation.all-services.disruption <= tolerance"\n'), 's.yaml');
    expect(r.problems).toEqual([]);
    expect(r.scenario!.thresholds[0]!.value).toBe('1200000');
  });
});
