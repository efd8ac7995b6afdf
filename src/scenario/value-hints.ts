/**
 * What a value should look like, by the schema that describes it: the examples and syntax rules
 * shown in hints ("durations are a number and a unit ..."). Keyed by schema identity, so a field
 * declared as `Duration.default(...)` gets the duration hint once its wrappers are stripped.
 */
import type { z } from 'zod';
import { Currency, DecimalValue, Duration, Identifier, Instant, InstrumentSymbol, IntradayProfile, NonNegativeDecimal, Ratio, ThresholdSpec, TimePoint, HedgingSpec } from './schema.js';
import { unwrap } from './schema-walk.js';

export interface ValueSyntax {
  /** What it is, for "expected ..." messages. */
  noun: string;
  /** An example to copy. */
  example: string;
  /** The syntax rule, for hints. */
  rule: string;
}

export const DURATION_RULE = 'a duration is a number and a unit (ms, s, m, h, d), parts may be combined: "500ms", "30s", "45m", "2h", "1h30m"';

const SYNTAXES = new Map<z.ZodType, ValueSyntax>([
  [Duration, { noun: 'a duration', example: '"30s"', rule: DURATION_RULE }],
  [TimePoint, { noun: 'an offset from the start or an instant', example: '"15m" or "2025-04-06T22:15:00Z"', rule: `an offset from the drill start (${DURATION_RULE}) or an ISO-8601 instant with a zone, like "2025-04-06T22:15:00Z"` }],
  [DecimalValue, { noun: 'a decimal number', example: '"101400.50"', rule: 'write decimals as quoted strings ("0.30") so no binary floating point is involved' }],
  [NonNegativeDecimal, { noun: 'a non-negative decimal number', example: '"0.30"', rule: 'write decimals as quoted strings ("0.30"); negative values are not allowed here' }],
  [Currency, { noun: 'a currency code', example: '"AUD"', rule: 'currency codes are upper case: "AUD", "USD", "BTC"' }],
  [Instant, { noun: 'an ISO-8601 instant', example: '"2025-04-06T22:00:00Z"', rule: 'instants need a date, a time and a zone ("Z" for UTC or "+10:00"), e.g. "2025-04-06T22:00:00Z"' }],
  [Identifier, { noun: 'an identifier', example: '"lp-primary"', rule: 'identifiers are lower case letters, digits, "-" and "_", starting with a letter or digit' }],
  [InstrumentSymbol, { noun: 'an instrument symbol', example: '"BTC-AUD"', rule: 'instrument symbols are BASE-QUOTE in upper case, e.g. "BTC-AUD"' }],
  [Ratio, { noun: 'a ratio between 0 and 1', example: '0.25', rule: 'ratios and probabilities are numbers from 0 to 1 (0.25 means 25 %)' }],
  [IntradayProfile, { noun: 'a profile', example: '"sydney-open"', rule: 'a profile is "flat", "sydney-open", "business-hours" or a list of { from, multiplier }' }],
  [ThresholdSpec, { noun: 'a threshold', example: '"pnl.total >= -50000 AUD"', rule: 'a threshold is "<metric> <op> <value> [unit]", e.g. "incident.ttd <= 5m", or { metric, op, value }' }],
  [HedgingSpec.shape.limit, { noun: 'a notional limit', example: '"750k AUD"', rule: 'a limit is an amount (k, m, b suffixes allowed) and a currency: "750000 AUD" or "750k AUD"' }],
]);

/** The syntax of the value described by `schema`, if it is one of the scenario's scalar types. */
export function syntaxOf(schema: z.ZodType | undefined): ValueSyntax | undefined {
  if (schema === undefined) return undefined;
  return SYNTAXES.get(schema) ?? SYNTAXES.get(unwrap(schema));
}

/** Examples for plain JSON types. */
export const TYPE_EXAMPLES: Record<string, string> = {
  string: 'text (quote it if it could be read as something else)',
  number: 'a number like 42 or 0.5',
  int: 'a whole number like 3',
  boolean: 'true or false',
  object: 'a mapping of `key: value` lines, indented under this key',
  array: 'a list of `- item` lines',
  record: 'a mapping of `name: value` lines',
};

/** What a raw value is, for "got ..." messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
    case 'number':
      return Number.isInteger(value) ? `the number ${value}` : `the number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}
