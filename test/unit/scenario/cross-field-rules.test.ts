import { describe, expect, it } from 'vitest';
import { problemLines, problemTexts, scenarioText } from './helpers.js';

const fault = (lines: string) => `faults:\n${lines}`;

describe('cross-field rules', () => {
  const cases: { name: string; text: string; lines: string[]; hint?: string }[] = [
    {
      name: 'fault target that does not exist',
      text: scenarioText(fault('  - kind: outage\n    target: lp2\n    at: 5m\n    for: 1m\n')),
      lines: ['s.yaml:24:13 faults[0].target: unknown provider "lp2"'],
      hint: 'did you mean `lp`? (providers: `feed` and `lp`)',
    },
    {
      name: 'failover entry that does not exist, and one of another role',
      text: scenarioText('integration:\n  type: reference\n  failover:\n    liquidity_provider: [lp, feed, backup]\n'),
      lines: [
        's.yaml:25:30 integration.failover.liquidity_provider[1]: provider "feed" is a price_feed, not a liquidity_provider',
        's.yaml:25:36 integration.failover.liquidity_provider[2]: unknown provider "backup"',
      ],
    },
    {
      name: 'hedging instrument that does not exist',
      text: scenarioText('hedging:\n  instrument: ETH-AUD\n  threshold: "1"\n  limit: 750k AUD\n'),
      lines: ['s.yaml:23:15 hedging.instrument: unknown instrument "ETH-AUD"'],
      hint: 'did you mean `BTC-AUD`? (instruments: `BTC-AUD`)',
    },
    {
      name: 'trade instrument weight for an unknown instrument points at the key',
      text: scenarioText('', [['      median: "0.05"', '      median: "0.05"\n    instruments:\n      ETH-AUD: 1']]),
      lines: ['s.yaml:23:7 workload.trades.instruments.ETH-AUD: unknown instrument "ETH-AUD"'],
    },
    {
      name: 'jump on an unknown instrument, after the drill',
      text: scenarioText('', [['      mid: "101400.50"', '      mid: "101400.50"\n  jumps:\n    - instrument: BTC-USD\n      at: 2h\n      size: -0.2']]),
      lines: [
        's.yaml:11:19 market.jumps[0].instrument: unknown instrument "BTC-USD"',
        's.yaml:12:11 market.jumps[0].at: the jump is at 2h, not before the drill ends (duration 1h)',
      ],
    },
    {
      name: 'archetype that does not play the role',
      text: scenarioText('', [['archetype: coingecko', 'archetype: stripe']]),
      lines: ['s.yaml:13:16 providers.feed.archetype: archetype "stripe" plays payment_gateway, not price_feed'],
      hint: 'a price_feed is one of "coingecko" or "coinmarketcap"; or set role: payment_gateway',
    },
    {
      name: 'zero-length fault window',
      text: scenarioText(fault('  - kind: outage\n    target: lp\n    at: 5m\n    for: 0s\n')),
      lines: ['s.yaml:26:10 faults[0].for: the fault window has zero length'],
    },
    {
      name: 'fault starting after the drill',
      text: scenarioText(fault('  - kind: outage\n    target: lp\n    at: 1h\n    for: 1m\n')),
      lines: ['s.yaml:25:9 faults[0].at: the fault is at 1h, not before the drill ends (duration 1h)'],
    },
    {
      name: 'fault running past the drill',
      text: scenarioText(fault('  - kind: outage\n    target: lp\n    at: 50m\n    for: 20m\n')),
      lines: ["s.yaml:26:10 faults[0].for: the fault runs to 1h10m, past the drill's end (duration 1h)"],
      hint: 'shorten it to at most 10m, or lengthen `duration`',
    },
    {
      name: 'fault at an instant before the start',
      text: scenarioText(fault('  - kind: outage\n    target: lp\n    at: "2025-04-06T21:00:00Z"\n    for: 1m\n')),
      lines: ['s.yaml:25:9 faults[0].at: the fault is before the drill starts (2025-04-06T22:00:00Z)'],
    },
    {
      name: 'zero drill duration',
      text: scenarioText('', [['duration: 1h', 'duration: 0s']]),
      lines: ['s.yaml:5:11 duration: the drill has zero length'],
    },
    {
      name: 'a start date that does not exist',
      text: scenarioText('', [['start: "2025-04-06T22:00:00Z"', 'start: "2025-02-30T22:00:00Z"']]),
      lines: ['s.yaml:4:8 start: "2025-02-30T22:00:00Z" is not a real date and time'],
    },
    {
      name: 'latency jitter larger than the latency',
      text: scenarioText(fault('  - kind: latency\n    target: lp\n    at: 5m\n    for: 1m\n    latency: 100ms\n    jitter: 200ms\n')),
      lines: ['s.yaml:28:13 faults[0].jitter: jitter (200ms) is larger than the latency (100ms)'],
    },
    {
      name: 'provider p99 below its median',
      text: scenarioText('', [['archetype: coingecko', 'archetype: coingecko\n    latency:\n      median: 100ms\n      p99: 50ms']]),
      lines: ['s.yaml:16:12 providers.feed.latency.p99: p99 (50ms) is below the median (100ms)'],
    },
    {
      name: 'duplicate explicit fault ids',
      text: scenarioText(fault('  - { kind: outage, target: lp, at: 5m, for: 1m, id: cut }\n  - { kind: outage, target: feed, at: 9m, for: 1m, id: cut }\n')),
      lines: ['s.yaml:24:56 faults[1].id: duplicate fault id "cut" (also faults[0])'],
    },
    {
      name: 'an explicit id colliding with a default id',
      text: scenarioText(fault('  - { kind: outage, target: lp, at: 5m, for: 1m, id: outage-lp-2 }\n  - { kind: outage, target: lp, at: 9m, for: 1m }\n')),
      lines: ['s.yaml:24:5 faults[1]: duplicate fault id "outage-lp-2" (also faults[0])'],
    },
    {
      name: 'an HTTP-level fault sent through Toxiproxy',
      text: scenarioText(fault('  - { kind: error, status: 503, target: lp, at: 5m, for: 1m, via: toxiproxy }\n')),
      lines: ['s.yaml:23:67 faults[0].via: "error" faults change HTTP responses, which Toxiproxy (TCP level) cannot do'],
      hint: 'use `via: msw` (the mocks apply it in every mode); Toxiproxy can inject "outage", "latency" and "partial"',
    },
    {
      name: 'payments without a payment gateway',
      text: scenarioText('', [['workload:\n', 'workload:\n  payments:\n    rate_per_minute: 5\n    amount: { median: "120.00" }\n']]),
      lines: ['s.yaml:18:3 workload.payments: payments go through a payment gateway, and no provider has role payment_gateway'],
      hint: 'add a provider with `role: payment_gateway` (archetype "stripe" or "paypal")',
    },
    {
      name: 'trades without a price feed',
      text: scenarioText('', [['  feed:\n    role: price_feed\n    archetype: coingecko\n', '']]),
      lines: ['s.yaml:15:3 workload.trades: trades are quoted from a price feed, and no provider has role price_feed'],
    },
    {
      name: 'hedging without a liquidity provider',
      text: scenarioText('hedging:\n  instrument: BTC-AUD\n  threshold: "1"\n  limit: 750k AUD\n', [['  lp:\n    role: liquidity_provider\n    archetype: binance\n', '']]),
      lines: ['s.yaml:19:1 hedging: hedges are executed with a liquidity provider, and no provider has role liquidity_provider'],
    },
    {
      name: 'threshold on an unknown metric',
      text: scenarioText('thresholds:\n  - "pnl.totl >= -50k AUD"\n'),
      lines: ['s.yaml:23:5 thresholds[0]: unknown metric "pnl.totl"'],
      hint: 'did you mean `pnl.total`?',
    },
    {
      name: 'money threshold in another currency',
      text: scenarioText('thresholds:\n  - "pnl.total >= -50k USD"\n'),
      lines: ['s.yaml:23:5 thresholds[0]: "pnl.total" is measured in the reporting currency AUD, not USD'],
    },
    {
      name: 'money threshold without a currency',
      text: scenarioText('thresholds:\n  - metric: exposure.peak\n    op: "<="\n    value: 750k\n'),
      lines: ['s.yaml:25:12 thresholds[0].value: "exposure.peak" is an amount of money and needs a currency'],
      hint: 'add the reporting currency: "exposure.peak <= 750k AUD"',
    },
    {
      name: 'duration threshold without a unit',
      text: scenarioText('thresholds:\n  - "incident.ttd <= 300"\n'),
      lines: ['s.yaml:23:5 thresholds[0]: "incident.ttd" is a duration; "300" is not one'],
    },
    {
      name: 'count threshold with a unit',
      text: scenarioText('thresholds:\n  - "payments.duplicates == 0 AUD"\n'),
      lines: ['s.yaml:23:5 thresholds[0]: "payments.duplicates" is a count with no unit, so "AUD" does not fit'],
    },
    {
      name: 'malformed calendar id and unknown time zone',
      text: scenarioText('reporting:\n  calendar: nsw\n  timezone: Sydney/Australia\n'),
      lines: ['s.yaml:23:13 reporting.calendar: "nsw" is not a calendar id', 's.yaml:24:13 reporting.timezone: unknown time zone "Sydney/Australia"'],
    },
    {
      name: 'a quote currency with no FX rate to the reporting currency',
      text: scenarioText('', [['    BTC-AUD:\n      mid: "101400.50"', '    BTC-AUD:\n      mid: "101400.50"\n    ETH-USD:\n      mid: "3000"']]),
      lines: ['s.yaml:10:5 market.instruments.ETH-USD: instrument ETH-USD produces amounts in USD, and market.fx has no rate to translate USD into the reporting currency AUD'],
      hint: 'add the pair under market.fx, e.g. `AUDUSD: "<rate>"` (1 AUD = rate USD)',
    },
    {
      name: 'fee and SLA currencies need FX too (each currency reported once)',
      text: scenarioText('', [['archetype: binance', 'archetype: binance\n    fees: { taker_bps: "10", currency: EUR }\n    sla: { uptime_target: 99.9, monthly_fee: "1000", currency: EUR, tiers: [{ below: 99.9, credit_pct: 10 }] }']]),
      lines: ['s.yaml:17:40 providers.lp.fees.currency: fees of lp produces amounts in EUR, and market.fx has no rate to translate EUR into the reporting currency AUD'],
    },
    {
      name: 'hedging limit in a currency other than the reporting currency',
      text: scenarioText('hedging:\n  instrument: BTC-AUD\n  threshold: "1"\n  limit: 500k USD\n'),
      lines: ['s.yaml:25:10 hedging.limit: the exposure limit is in USD, but exposure is measured in the reporting currency AUD'],
    },
    {
      name: 'tape model without a tape',
      text: scenarioText('', [['market:\n', 'market:\n  model: tape\n']]),
      lines: [
        's.yaml:7:10 market.model: model "tape" needs a `market.tape` file',
        's.yaml:10:7 market.instruments.BTC-AUD.mid: with model "tape" the opening mid of BTC-AUD comes from the tape, so this mid would be ignored',
      ],
    },
    {
      name: 'a gbm instrument without a mid',
      text: scenarioText('', [['      mid: "101400.50"\n', '      volatility: 0.5\n']]),
      lines: ['s.yaml:8:5 market.instruments.BTC-AUD: missing required key "mid": the simulated (gbm) path of BTC-AUD starts from it'],
    },
    {
      name: 'jumps and step with a tape would be ignored',
      text: scenarioText('', [['market:\n', 'market:\n  model: tape\n  step: 5s\n  tape: { file: t.csv }\n  jumps: [{ instrument: BTC-AUD, at: 5m, size: -0.1 }]\n'], ['      mid: "101400.50"\n', '      volatility: 0.5\n']]),
      lines: [
        's.yaml:8:3 market.step: `step` shapes the simulated (gbm) path; with model "tape" the recorded prices are replayed, so it would be ignored',
        's.yaml:10:3 market.jumps: `jumps` shapes the simulated (gbm) path; with model "tape" the recorded prices are replayed, so it would be ignored',
      ],
    },
  ];

  it.each(cases)('$name', ({ text, lines, hint }) => {
    expect(problemLines(text)).toEqual(lines);
    if (hint !== undefined) expect(problemTexts(text)[0]).toBe(`${lines[0]}\n  hint: ${hint}`);
  });

  it('accepts an FX rate through a shared currency (EUR → USD → AUD)', () => {
    const text = scenarioText('', [
      ['    BTC-AUD:\n      mid: "101400.50"', '    BTC-EUR:\n      mid: "90000"\n  fx:\n    EURUSD: "1.08"\n    AUDUSD: "0.655"'],
      ['duration: 1h', 'duration: 1h\nhedging: { instrument: BTC-EUR, threshold: "1", limit: 750k AUD }'],
    ]);
    expect(problemLines(text)).toEqual([]);
  });

  it('suggests the USD leg when the reporting currency already has one', () => {
    const text = scenarioText('', [['    BTC-AUD:\n      mid: "101400.50"', '    BTC-AUD:\n      mid: "101400.50"\n    BTC-EUR:\n      mid: "90000"\n  fx:\n    AUDUSD: "0.655"']]);
    expect(problemTexts(text)[0]).toMatch(/hint: add the pair under market\.fx, e\.g\. `EURUSD: "<rate>"`/);
  });

  it('still checks references when another part of the file fails the schema', () => {
    const text = scenarioText(fault('  - kind: outage\n    target: lp2\n    at: 5m\n    for: soon\n'));
    expect(problemLines(text)).toEqual([
      's.yaml:24:13 faults[0].target: unknown provider "lp2"',
      's.yaml:26:10 faults[0].for: expected a duration like "500ms", "30s", "45m", "2h" or "1h30m", got the text "soon"',
    ]);
  });
});
