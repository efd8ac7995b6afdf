import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../../src/scenario/compile-scenario.js';
import { parseScenarioText } from '../../../src/scenario/parse-scenario-text.js';
import { ScenarioFile } from '../../../src/scenario/schema.js';
import { scenarioText } from './helpers.js';

const compile = (text: string) => {
  const parsed = parseScenarioText(text, 's.yaml', { sourcePath: '/abs/s.yaml' });
  expect(parsed.problems).toEqual([]);
  return parsed.scenario!;
};

const START = Date.parse('2025-04-06T22:00:00Z');

describe('compileScenario defaults', () => {
  const s = compile(scenarioText());

  it('times: start, duration and end in ms', () => {
    expect([s.startMs, s.durationMs, s.endMs]).toEqual([START, 3_600_000, START + 3_600_000]);
    expect(s.sourcePath).toBe('/abs/s.yaml');
  });

  it('providers: latency p99 is 4x the median, fees default to zero in the reporting currency', () => {
    expect(s.providers.map((p) => p.id)).toEqual(['feed', 'lp']);
    expect(s.providers[0]).toMatchObject({ name: 'feed', role: 'price_feed', archetype: 'coingecko', errorRate: 0, spreadBps: '0' });
    expect(s.providers[0]!.latency).toEqual({ distribution: 'lognormal', medianMs: 50, p99Ms: 200, minMs: 0, maxMs: 2000 });
    expect(s.providers[0]!.fees).toEqual({ percent: '0', fixed: '0', makerBps: '0', takerBps: '0', currency: 'AUD', disputeFee: '0', refundable: false, rounding: 'half_up' });
  });

  it('integration: reference defaults, failover lists every provider of each role', () => {
    expect(s.integration).toMatchObject({ type: 'reference', timeoutMs: 2000, idempotency: true, deadLetter: true, pricePollIntervalMs: 5000 });
    expect(s.integration.retries).toEqual({ max: 2, backoff: 'exponential', baseDelayMs: 250, maxDelayMs: 5000, jitter: 'full', respectRetryAfter: true });
    expect(s.integration.failover).toEqual({ price_feed: ['feed'], liquidity_provider: ['lp'], payment_gateway: [] });
  });

  it('firm: AU (the reporting calendar\'s country) with no licence unless stated', () => {
    expect(s.firm).toEqual({ country: 'AU', licences: [] });
    expect(compile(scenarioText('reporting: { calendar: NZ-WGN }\n')).firm).toEqual({ country: 'NZ', licences: [] });
    expect(compile(scenarioText('firm: { country: NZ, licences: [remitter, exchange] }\n')).firm).toEqual({ country: 'NZ', licences: ['remitter', 'exchange'] });
  });

  it('regimes not switched in the scenario follow the firm\'s country', () => {
    // AU firm (default: the reporting calendar is AU-NSW): AUSTRAC, ASIC, OAIC, PCI; APRA and NZ off.
    expect(s.compliance.regimes).toEqual({ austrac: true, asic: true, apra_cps230: false, apra_cps234: false, oaic: true, pci: true, nz_aml: false, nz_fma: false, nz_rbnz: false, nz_opc: false });
    // NZ firm, from the reporting calendar or from firm.country: AML/CFT, FMA, Privacy Commissioner, PCI; RBNZ and AU off.
    const nz = { austrac: false, asic: false, apra_cps230: false, apra_cps234: false, oaic: false, pci: true, nz_aml: true, nz_fma: true, nz_rbnz: false, nz_opc: true };
    expect(compile(scenarioText('reporting: { currency: NZD, calendar: NZ, timezone: Pacific/Auckland }\nmarket:\n  instruments:\n    BTC-NZD: { mid: "170000" }\n', [['market:\n  instruments:\n    BTC-AUD:\n      mid: "101400.50"\n', '']])).compliance.regimes).toEqual(nz);
    expect(compile(scenarioText('firm: { country: NZ }\n')).compliance.regimes).toEqual(nz);
    // A regime written in the scenario is taken as written; only the others follow the country.
    expect(compile(scenarioText('firm: { country: NZ }\ncompliance:\n  regimes: { nz_fma: false, apra_cps230: true }\n')).compliance.regimes).toEqual({ ...nz, nz_fma: false, apra_cps230: true });
  });

  it('firm: an unknown country or licence, or a licence listed twice, is a problem', () => {
    const problems = (t: string) => parseScenarioText(scenarioText(t), 's.yaml').problems.map((p) => `${p.path}: ${p.message}`);
    expect(problems('firm: { country: US }\n')[0]).toMatch(/^firm\.country/);
    expect(problems('firm: { licences: [bank] }\n')[0]).toMatch(/^firm\.licences\[0\]/);
    expect(problems('firm: { licences: [merchant, merchant] }\n')[0]).toMatch(/^firm\.licences: each licence is listed once/);
  });

  it('market: base and quote from the symbol, decimals as strings', () => {
    expect(s.market.instruments).toEqual([{ symbol: 'BTC-AUD', base: 'BTC', quote: 'AUD', mid: '101400.50', volatility: 0.55, tickSize: '0.01', lotSize: '0.00001', spreadBps: '2' }]);
    expect(s.market).toMatchObject({ model: 'gbm', stepMs: 1000, jumps: [], fx: {} });
  });

  it('workload: flat profile, equal instrument weights, normalised client tiers', () => {
    expect(s.workload.trades).toEqual({
      ratePerMinute: 10,
      profile: [{ fromMs: 0, multiplier: 1 }],
      size: { distribution: 'lognormal', median: '0.05', sigma: 0.8 },
      instruments: [{ symbol: 'BTC-AUD', weight: 1 }],
      buyRatio: 0.5,
      clients: { count: 200, tiers: [{ name: 'retail', weight: 0.85 }, { name: 'vip', weight: 0.15 }] },
    });
  });

  it('operations defaults: monitoring, reporting, compliance', () => {
    expect(s.monitoring).toEqual({ probeIntervalMs: 30_000, failuresToAlert: 3, timeToAcknowledgeMs: 300_000, timeToResolveMs: 14_400_000 });
    expect(s.reporting).toEqual({ currency: 'AUD', calendar: 'AU-NSW', timezone: 'Australia/Sydney', costMethod: 'fifo' });
    expect(s.compliance.materialityAssessmentDelayMs).toBe(1_800_000);
    expect(s.compliance.regimes.austrac).toBe(true);
    expect(s.hedging).toBeUndefined();
  });
});

describe('compileScenario specifics', () => {
  it('fault ids default to <kind>-<target>-<n>; at is an offset or an instant', () => {
    const s = compile(
      scenarioText(
        'faults:\n' +
          '  - { kind: outage, target: lp, at: 5m, for: 1m }\n' +
          '  - { kind: outage, target: lp, at: "2025-04-06T22:30:00Z", for: 90s }\n' +
          '  - { kind: latency, target: feed, at: 1m, for: 1m, latency: 800ms, jitter: 100ms, id: slow }\n' +
          '  - { kind: error, target: feed, at: 2m, for: 1m, status: 429, retry_after: 30s }\n',
      ),
    );
    expect(s.faults.map((f) => [f.id, f.startMs - START, f.endMs - START])).toEqual([
      ['outage-lp-1', 300_000, 360_000],
      ['outage-lp-2', 1_800_000, 1_890_000],
      ['slow', 60_000, 120_000],
      ['error-feed-1', 120_000, 180_000],
    ]);
    expect(s.faults[2]).toMatchObject({ kind: 'latency', latencyMs: 800, jitterMs: 100, probability: 1, via: 'msw' });
    expect(s.faults[3]).toMatchObject({ kind: 'error', status: 429, retryAfterMs: 30_000 });
  });

  it('failover: a listed chain is the automatic chain; unlisted providers of the role are manual-only backups', () => {
    const s = compile(
      scenarioText('integration:\n  type: reference\n  failover:\n    liquidity_provider: [lp3]\n', [
        ['    archetype: binance', '    archetype: binance\n  lp2:\n    role: liquidity_provider\n    archetype: binance\n  lp3:\n    role: liquidity_provider\n    archetype: binance'],
      ]),
    );
    expect(s.integration.failover.liquidity_provider).toEqual(['lp3']);
    expect(s.integration.failover.price_feed).toEqual(['feed']);
  });

  it('hedging limit "750k AUD" becomes 750000 + AUD; thresholds parse to canonical values, each with its line in the file', () => {
    const text = scenarioText('hedging:\n  instrument: BTC-AUD\n  threshold: "2.5"\n  limit: 750k AUD\nthresholds:\n  - "pnl.total >= -50k AUD"\n  - "incident.ttd <= 5m"\n  - { metric: payments.duplicates, op: "==", value: 0, name: no duplicate payment, abort_on_fail: true }\n');
    const s = compile(text);
    // 1-based line of the list item that starts with `needle`, found in the text itself.
    const lineOf = (needle: string): number => text.split('\n').findIndex((l) => l.startsWith(`  - ${needle}`)) + 1;
    expect(s.hedging).toEqual({ instrument: 'BTC-AUD', threshold: '2.5', limit: '750000', limitCurrency: 'AUD', initialPosition: '0', checkIntervalMs: 5000 });
    expect(s.thresholds).toEqual([
      { name: 'pnl.total >= -50k AUD', metric: 'pnl.total', op: '>=', value: '-50000', unit: 'AUD', abortOnFail: false, index: 0, line: lineOf('"pnl.total') },
      { name: 'incident.ttd <= 5m', metric: 'incident.ttd', op: '<=', value: '300000', abortOnFail: false, index: 1, line: lineOf('"incident.ttd') },
      { name: 'no duplicate payment', metric: 'payments.duplicates', op: '==', value: '0', abortOnFail: true, index: 2, line: lineOf('{ metric: payments.duplicates') },
    ]);
    expect(new Set(s.thresholds.map((t) => t.line)).size).toBe(3);
    expect(s.thresholds.every((t) => t.line! > 1)).toBe(true);
  });

  it('custom instrument weights are normalised; numbers become plain decimal strings', () => {
    const s = compile(
      scenarioText('', [
        ['    BTC-AUD:\n      mid: "101400.50"', '    BTC-AUD:\n      mid: 101400.5\n      tick_size: 0.0000001\n    ETH-AUD:\n      mid: "5000"'],
        ['      median: "0.05"', '      median: "0.05"\n    instruments: { BTC-AUD: 3, ETH-AUD: 1 }'],
      ]),
    );
    expect(s.workload.trades!.instruments).toEqual([{ symbol: 'BTC-AUD', weight: 0.75 }, { symbol: 'ETH-AUD', weight: 0.25 }]);
    expect(s.market.instruments[0]).toMatchObject({ mid: '101400.5', tickSize: '0.0000001' });
  });

  it('replay and tape formats default from the file extension', () => {
    const file = ScenarioFile.parse({
      faultline: 1, id: 'r', title: 'r', start: '2025-04-06T22:00:00Z', duration: '1h',
      market: { model: 'tape', instruments: { 'BTC-AUD': {} }, tape: { file: 'prices.jsonl' } },
      providers: { feed: { role: 'price_feed', archetype: 'coingecko' } },
      workload: { replay: { file: 'orders.csv', columns: { origin_country: 'from' } } },
    });
    const s = compileScenario(file);
    expect(s.market.tape).toEqual({ file: 'prices.jsonl', format: 'jsonl', columns: { ts: 'ts', instrument: 'instrument', mid: 'mid' } });
    expect(s.workload.replay).toMatchObject({ file: 'orders.csv', format: 'csv', columns: { originCountry: 'from', destinationCountry: 'destination_country', customer: 'customer', tier: 'tier' } });
    expect(s.sourcePath).toBeUndefined();
    // A tape's instrument has no mid until the tape is read; then it is the tape's opening mid.
    expect(s.market.instruments[0]!.mid).toBe('');
    expect(compileScenario(file, undefined, { openingMids: { 'BTC-AUD': '64000.5' } }).market.instruments[0]!.mid).toBe('64000.5');

  });
});

describe('intraday profiles', () => {
  const profileOf = (profile: string, start = '2025-04-06T22:00:00Z', duration = '1d') =>
    compile(scenarioText('', [['start: "2025-04-06T22:00:00Z"', `start: "${start}"`], ['duration: 1h', `duration: ${duration}`], ['      median: "0.05"', `      median: "0.05"\n    profile: ${profile}`]])).workload.trades!.profile;

  it('sydney-open follows Sydney wall time (AEST, UTC+10, after DST ended on 6 April 2025)', () => {
    // 22:00Z on 6 April = 08:00 AEST on 7 April: the drill starts at the first peak.
    const h = 3_600_000;
    expect(profileOf('sydney-open')).toEqual([
      { fromMs: 0, multiplier: 2 },
      { fromMs: 1 * h, multiplier: 1.5 },
      { fromMs: 2 * h, multiplier: 1.8 },
      { fromMs: 3 * h, multiplier: 1 },
      { fromMs: 9 * h, multiplier: 0.6 },
      { fromMs: 16 * h, multiplier: 0.4 },
      { fromMs: 23 * h, multiplier: 0.8 },
    ]);
  });

  it('sydney-open in summer time (AEDT, UTC+11)', () => {
    // 21:00Z on 14 January = 08:00 AEDT on 15 January.
    expect(profileOf('sydney-open', '2025-01-14T21:00:00Z', '2h')).toEqual([
      { fromMs: 0, multiplier: 2 },
      { fromMs: 3_600_000, multiplier: 1.5 },
    ]);
  });

  it('business-hours: 09:00–17:00 weekdays in the reporting time zone', () => {
    // Monday 7 April 2025, 08:00 AEST → 09:00 is 1h in, 17:00 is 9h in.
    expect(profileOf('business-hours', '2025-04-06T22:00:00Z', '12h')).toEqual([
      { fromMs: 0, multiplier: 0.2 },
      { fromMs: 3_600_000, multiplier: 1 },
      { fromMs: 9 * 3_600_000, multiplier: 0.2 },
    ]);
  });

  it('a custom list is sorted, with 1x before its first step', () => {
    expect(profileOf('[{ from: 30m, multiplier: 3 }, { from: 10m, multiplier: 2 }]', '2025-04-06T22:00:00Z', '1h')).toEqual([
      { fromMs: 0, multiplier: 1 },
      { fromMs: 600_000, multiplier: 2 },
      { fromMs: 1_800_000, multiplier: 3 },
    ]);
  });
});
