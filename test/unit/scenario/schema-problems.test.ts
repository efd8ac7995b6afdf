import { describe, expect, it } from 'vitest';
import { BASE, problemLines, problemTexts, scenarioText } from './helpers.js';

describe('the base scenario', () => {
  it('is valid', () => {
    expect(problemLines(BASE)).toEqual([]);
  });
});

describe('schema problems: position, path, message and hint', () => {
  const cases: { name: string; text: string; line: string; hint?: string }[] = [
    {
      name: 'unknown top-level key, with a suggestion',
      text: scenarioText('thresholdz: []\n'),
      line: 's.yaml:22:1 thresholdz: unknown key "thresholdz"',
      hint: 'did you mean `thresholds`?',
    },
    {
      name: 'unknown nested key points at the key',
      text: scenarioText('', [['      mid: "101400.50"', '      mid: "101400.50"\n      volatilty: 0.5']]),
      line: 's.yaml:10:7 market.instruments.BTC-AUD.volatilty: unknown key "volatilty"',
      hint: 'did you mean `volatility`?',
    },
    {
      name: 'unknown key with nothing close lists the allowed keys',
      text: scenarioText('', [['    archetype: binance', '    archetype: binance\n    colour: red']]),
      line: 's.yaml:17:5 providers.lp.colour: unknown key "colour"',
      hint: 'allowed keys here: `role`, `archetype`, `name`, `latency`, `error_rate`, `rate_limit`, `fees`, `sla` and `spread_bps`',
    },
    {
      name: 'a bare number where a duration belongs',
      text: scenarioText('', [['duration: 1h', 'duration: 90']]),
      line: 's.yaml:5:11 duration: expected a duration, got the number 90',
      hint: 'a bare number has no unit: write "90s", "90m" or "90ms"; a duration is a number and a unit (ms, s, m, h, d), parts may be combined: "500ms", "30s", "45m", "2h", "1h30m"',
    },
    {
      name: 'a malformed duration',
      text: scenarioText('', [['duration: 1h', 'duration: 1 hour']]),
      line: 's.yaml:5:11 duration: expected a duration like "500ms", "30s", "45m", "2h" or "1h30m", got the text "1 hour"',
    },
    {
      name: 'a wrong type shows what was expected',
      text: scenarioText('', [['rate_per_minute: 10', 'rate_per_minute: lots']]),
      line: 's.yaml:19:22 workload.trades.rate_per_minute: expected a number, got the text "lots"',
      hint: 'expected a number like 42 or 0.5',
    },
    {
      name: 'a missing key points at the map that lacks it',
      text: scenarioText('', [['title: T\n', '']]),
      line: 's.yaml:1:1 title: missing required key "title"',
    },
    {
      name: 'a missing nested key',
      text: scenarioText('', [['      median: "0.05"', '      sigma: 0.5']]),
      line: 's.yaml:21:7 workload.trades.size.median: missing required key "median"',
    },
    {
      name: 'an enum value with a typo',
      text: scenarioText('', [['role: price_feed', 'role: pricefeed']]),
      line: 's.yaml:12:11 providers.feed.role: expected one of "price_feed", "liquidity_provider" or "payment_gateway", got the text "pricefeed"',
      hint: 'did you mean "price_feed"?',
    },
    {
      name: 'an unknown fault kind',
      text: scenarioText('faults:\n  - kind: outtage\n    target: lp\n    at: 5m\n    for: 1m\n'),
      line: 's.yaml:23:11 faults[0].kind: unknown kind "outtage"',
      hint: 'did you mean "outage"? (kinds: outage, latency, stale, corrupt, error, partial, schema-drift)',
    },
    {
      name: 'a lower-case currency',
      text: scenarioText('reporting:\n  currency: aud\n'),
      line: 's.yaml:23:13 reporting.currency: expected an upper-case currency code like "AUD", "USD" or "BTC", got the text "aud"',
      hint: 'did you mean "AUD"? currency codes are upper case: "AUD", "USD", "BTC"',
    },
    {
      name: 'an instant without a zone',
      text: scenarioText('', [['start: "2025-04-06T22:00:00Z"', 'start: "2025-04-06T22:00:00"']]),
      line: 's.yaml:4:8 start: expected an ISO-8601 instant with a time zone, like "2025-04-06T22:00:00Z", got the text "2025-04-06T22:00:00"',
      hint: 'add a zone: "2025-04-06T22:00:00Z" for UTC; instants need a date, a time and a zone ("Z" for UTC or "+10:00"), e.g. "2025-04-06T22:00:00Z"',
    },
    {
      name: 'a ratio out of range',
      text: scenarioText('', [['    archetype: coingecko', '    archetype: coingecko\n    error_rate: 1.5']]),
      line: 's.yaml:14:17 providers.feed.error_rate: must be <= 1, got the number 1.5',
    },
    {
      name: 'the wrong format version',
      text: scenarioText('', [['faultline: 1', 'faultline: 2']]),
      line: 's.yaml:1:12 faultline: unsupported scenario format version 2',
      hint: 'this faultline reads format 1: write `faultline: 1` at the top of the file',
    },
    {
      name: 'an upper-case provider key',
      text: scenarioText('', [['  lp:\n', '  LP:\n']]),
      line: 's.yaml:14:3 providers.LP: invalid key "LP": expected a lower-case identifier (letters, digits, "-" and "_")',
    },
    {
      name: 'a key with no value',
      text: scenarioText('', [['title: T', 'title:']]),
      line: 's.yaml:3:1 title: expected a string, got nothing (null)',
    },
    {
      name: 'an empty workload',
      text: scenarioText('', [['workload:\n  trades:\n    rate_per_minute: 10\n    size:\n      median: "0.05"\n', 'workload: {}\n']]),
      line: 's.yaml:17:11 workload: the workload needs trades, payments or a replay file',
    },
  ];

  it.each(cases)('$name', ({ text, line, hint }) => {
    const lines = problemLines(text);
    expect(lines).toEqual([line]);
    if (hint !== undefined) expect(problemTexts(text)[0]).toBe(`${line}\n  hint: ${hint}`);
  });
});

describe('YAML syntax', () => {
  it.each([
    { name: 'an unclosed flow list', text: 'faultline: 1\nfaults: [\nid: x\n', line: /^s\.yaml:3:1: YAML syntax: / },
    { name: 'a tab used for indentation', text: 'faultline: 1\nmarket:\n\tstep: 1s\n', line: /^s\.yaml:3:1: YAML syntax: / },
    // yaml reports a missing closing quote where it expected it: at the end of the input.
    { name: 'an unclosed quote', text: 'faultline: 1\ntitle: "T\n', line: /^s\.yaml:3:1: YAML syntax: Missing closing "quote/ },
  ])('$name is reported with its position', ({ text, line }) => {
    const lines = problemLines(text);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(line);
  });

  it('reports a duplicate key and still checks the schema', () => {
    expect(problemLines(scenarioText('seed: 1\nseed: 2\nbogus: 1\n'))).toEqual([
      's.yaml:23:1: YAML syntax: Map keys must be unique',
      's.yaml:24:1 bogus: unknown key "bogus"',
    ]);
  });

  it('reports an empty file', () => {
    expect(problemLines('')).toEqual(['s.yaml:1:1: the file is empty']);
  });

  it('reads JSON and positions its problems', () => {
    expect(problemLines('{"faultline": 1, "id": "x", "title": "t", "idd": 2}', 's.json')).toEqual([
      's.json:1:1 duration: missing required key "duration"',
      's.json:1:1 market: missing required key "market"',
      's.json:1:1 providers: missing required key "providers"',
      's.json:1:1 start: missing required key "start"',
      's.json:1:1 workload: missing required key "workload"',
      's.json:1:43 idd: unknown key "idd"',
    ]);
  });

  it('reports every problem at once, in file order', () => {
    const text = scenarioText('bogus: 1\n', [['duration: 1h', 'duration: 1x'], ['role: price_feed', 'role: feed']]);
    expect(problemLines(text)).toEqual([
      's.yaml:5:11 duration: expected a duration like "500ms", "30s", "45m", "2h" or "1h30m", got the text "1x"',
      's.yaml:12:11 providers.feed.role: expected one of "price_feed", "liquidity_provider" or "payment_gateway", got the text "feed"',
      's.yaml:22:1 bogus: unknown key "bogus"',
    ]);
  });
});
