/**
 * Rules zod cannot express: references between parts of the file, windows that cannot happen,
 * units that do not fit their metric, currencies that cannot be translated. Each rule reads the
 * fields it needs through a `RuleReader`, so the rules run (and report) even when other parts of
 * the file failed the schema. Each problem names a path; parse-scenario-text gives it a position.
 */
import { z } from 'zod';
import {
  ARCHETYPE_ROLES,
  Archetype,
  Currency,
  Duration,
  FaultSpec,
  HedgingSpec,
  Identifier,
  Instant,
  InstrumentSymbol,
  LatencySpec,
  PaymentWorkload,
  ProviderRole,
  ReportingSpec,
  RetryPolicy,
  ThresholdSpec,
  TimePoint,
} from './schema.js';
import { parseDuration, formatDuration } from './duration.js';
import { assignFaultIds } from './fault-ids.js';
import { canTranslate, pairToAdd, type CurrencyUse } from './fx-coverage.js';
import { METRICS, OPERATION_MEASURES, isKnownMetric, parseOperationMetric } from './metrics.js';
import type { ProblemPath } from './problems.js';
import { createRuleReader, type RuleReader } from './rule-reader.js';
import { closest, listOf } from './suggest.js';
import { rawToleranceLookup, resilienceRules } from './resilience-rules.js';
import { splitThreshold, thresholdValue, type ToleranceLookup } from './thresholds.js';
import type { PathProblem } from './zod-issues.js';
import { isKnownTimeZone } from './zoned-time.js';
import { parseNotional } from './compile-scenario.js';

const ROLES = ProviderRole.options;

/** Fault kinds Toxiproxy can inject (network level); the others change HTTP payloads and need the mocks. */
export const TOXIPROXY_FAULT_KINDS: ReadonlySet<string> = new Set(['outage', 'latency', 'partial']);

/** Which provider role each part of the workload needs. */
export const REQUIRED_ROLES: readonly { path: ProblemPath; role: z.infer<typeof ProviderRole>; why: string }[] = [
  { path: ['workload', 'trades'], role: 'price_feed', why: 'trades are quoted from a price feed' },
  { path: ['hedging'], role: 'liquidity_provider', why: 'hedges are executed with a liquidity provider' },
  { path: ['workload', 'payments'], role: 'payment_gateway', why: 'payments go through a payment gateway' },
];

/** Reporting calendar ids: a country code, optionally a region: `AU-NSW`, `AU-QLD`, `NZ`. */
export const CALENDAR_ID = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;

/** Every cross-field problem in the raw scenario data. */
export function checkCrossFieldRules(raw: unknown): PathProblem[] {
  const r = createRuleReader(raw);
  const ctx = context(r);
  return [
    ...providerRules(r),
    ...failoverRules(r, ctx),
    ...instrumentReferenceRules(r, ctx),
    ...windowRules(r, ctx),
    ...faultRules(r, ctx),
    ...durationRules(r),
    ...roleCoverageRules(r, ctx),
    ...thresholdRules(r, ctx),
    ...reportingRules(r),
    ...fxRules(r, ctx),
    ...moduleIntegrationRules(r),
    ...httpIntegrationRules(r, ctx),
    ...resilienceRules(r, ctx),
  ];
}

interface Context {
  providers: string[];
  roles: Map<string, z.infer<typeof ProviderRole>>;
  instruments: string[];
  startMs?: number;
  durationMs?: number;
  reportingCurrency: string;
}

function context(r: RuleReader): Context {
  const providers = r.keys(['providers']);
  const roles = new Map<string, z.infer<typeof ProviderRole>>();
  for (const id of providers) {
    const role = r.get(['providers', id, 'role'], ProviderRole);
    if (role !== undefined) roles.set(id, role);
  }
  const start = r.get(['start'], Instant);
  const duration = r.get(['duration'], Duration);
  const startMs = start === undefined ? undefined : realInstantMs(start);
  return {
    providers,
    roles,
    instruments: r.keys(['market', 'instruments']).filter((s) => InstrumentSymbol.safeParse(s).success),
    ...(startMs === undefined ? {} : { startMs }),
    ...(duration === undefined ? {} : { durationMs: parseDuration(duration)! }),
    reportingCurrency: r.get(['reporting', 'currency'], ReportingSpec.shape.currency) ?? 'AUD',
  };
}

/** Epoch ms of an instant whose fields are all in range (Date.parse rolls 30 February over to March). */
function realInstantMs(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function unknownReference(path: ProblemPath, what: string, name: string, existing: readonly string[]): PathProblem {
  const suggestion = closest(name, existing);
  const list = existing.length === 0 ? `no ${what}s are declared` : `${what}s: ${listOf(existing)}`;
  return { path, message: `unknown ${what} "${name}"`, hint: suggestion === undefined ? list : `did you mean \`${suggestion}\`? (${list})` };
}

function archetypesFor(role: string): string[] {
  return Object.entries(ARCHETYPE_ROLES)
    .filter(([, r]) => r === role)
    .map(([a]) => a);
}

function providerRules(r: RuleReader): PathProblem[] {
  const out: PathProblem[] = [];
  for (const id of r.keys(['providers'])) {
    const role = r.get(['providers', id, 'role'], ProviderRole);
    const archetype = r.get(['providers', id, 'archetype'], Archetype);
    if (role !== undefined && archetype !== undefined && ARCHETYPE_ROLES[archetype] !== role) {
      out.push({
        path: ['providers', id, 'archetype'],
        message: `archetype "${archetype}" plays ${ARCHETYPE_ROLES[archetype]}, not ${role}`,
        hint: `a ${role} is one of ${listOf(archetypesFor(role), '"', 'or')}; or set role: ${ARCHETYPE_ROLES[archetype]}`,
      });
    }
    const latency = r.get(['providers', id, 'latency'], LatencySpec);
    if (latency !== undefined) {
      const median = parseDuration(latency.median)!;
      const p99 = latency.p99 === undefined ? undefined : parseDuration(latency.p99)!;
      const min = latency.min === undefined ? undefined : parseDuration(latency.min)!;
      const max = latency.max === undefined ? undefined : parseDuration(latency.max)!;
      if (p99 !== undefined && p99 < median) {
        out.push({ path: ['providers', id, 'latency', 'p99'], message: `p99 (${latency.p99}) is below the median (${latency.median})`, hint: 'the 99th percentile is at least the median; omit p99 for the default of 4× the median' });
      }
      if (min !== undefined && max !== undefined && min > max) {
        out.push({ path: ['providers', id, 'latency', 'min'], message: `min (${latency.min}) is above max (${latency.max})`, hint: 'swap them' });
      }
    }
  }
  return out;
}

function failoverRules(r: RuleReader, ctx: Context): PathProblem[] {
  const out: PathProblem[] = [];
  for (const role of ROLES) {
    const base = ['integration', 'failover', role];
    const seen = new Set<string>();
    for (let i = 0; i < r.length(base); i++) {
      const id = r.get([...base, i], Identifier);
      if (id === undefined) continue;
      const ofRole = ctx.providers.filter((p) => ctx.roles.get(p) === role);
      if (!ctx.providers.includes(id)) out.push(unknownReference([...base, i], 'provider', id, ofRole.length > 0 ? ofRole : ctx.providers));
      else if (ctx.roles.has(id) && ctx.roles.get(id) !== role) {
        out.push({ path: [...base, i], message: `provider "${id}" is a ${ctx.roles.get(id)}, not a ${role}`, hint: ofRole.length > 0 ? `${role} providers: ${listOf(ofRole)}` : `no provider has role ${role}` });
      } else if (seen.has(id)) out.push({ path: [...base, i], message: `provider "${id}" is listed twice`, hint: 'list each provider once, primary first' });
      seen.add(id);
    }
  }
  return out;
}

function instrumentReferenceRules(r: RuleReader, ctx: Context): PathProblem[] {
  if (!r.has(['market', 'instruments'])) return [];
  const out: PathProblem[] = [];
  const check = (path: ProblemPath, symbol: string | undefined, atKey = false) => {
    if (symbol !== undefined && !ctx.instruments.includes(symbol)) out.push({ ...unknownReference(path, 'instrument', symbol, ctx.instruments), ...(atKey ? { at: 'key' as const } : {}) });
  };
  check(['hedging', 'instrument'], r.get(['hedging', 'instrument'], InstrumentSymbol));
  for (const symbol of r.keys(['workload', 'trades', 'instruments'])) check(['workload', 'trades', 'instruments', symbol], symbol, true);
  for (let i = 0; i < r.length(['market', 'jumps']); i++) check(['market', 'jumps', i, 'instrument'], r.get(['market', 'jumps', i, 'instrument'], InstrumentSymbol));
  const model = r.get(['market', 'model'], z.enum(['gbm', 'tape']));
  if (model === 'tape' && !r.has(['market', 'tape'])) out.push({ path: ['market', 'model'], message: 'model "tape" needs a `market.tape` file', hint: 'add `tape: { file: prices.csv }` under market, or use model: gbm' });
  if (model !== 'tape' && r.has(['market', 'tape'])) out.push({ path: ['market', 'tape'], at: 'key', message: 'a tape is given but the market model is "gbm", so it would be ignored', hint: 'set `model: tape` under market, or remove the tape' });
  // Each setting of the simulated path is either needed (gbm) or would be silently ignored (tape).
  for (const symbol of ctx.instruments) {
    const hasMid = r.has(['market', 'instruments', symbol, 'mid']);
    if (model === 'tape' && hasMid) out.push({ path: ['market', 'instruments', symbol, 'mid'], at: 'key', message: `with model "tape" the opening mid of ${symbol} comes from the tape, so this mid would be ignored`, hint: 'remove `mid`, or use model: gbm to simulate a path from it' });
    if (model !== 'tape' && !hasMid && r.has(['market', 'instruments', symbol])) out.push({ path: ['market', 'instruments', symbol], at: 'key', message: `missing required key "mid": the simulated (gbm) path of ${symbol} starts from it`, hint: 'add `mid: "<starting price>"` in the quote currency, or use model: tape with a recorded tape' });
  }
  if (model === 'tape') {
    for (const key of ['jumps', 'step'] as const) {
      if (r.has(['market', key])) out.push({ path: ['market', key], at: 'key', message: `\`${key}\` shapes the simulated (gbm) path; with model "tape" the recorded prices are replayed, so it would be ignored`, hint: `remove \`${key}\`, or use model: gbm` });
    }
  }
  return out;
}

/** Offset of a time point from the start, when both are known. */
function offsetOf(point: string, ctx: Context): number | undefined {
  if (/^\d{4}-/.test(point)) {
    const ms = realInstantMs(point);
    return ms === undefined || ctx.startMs === undefined ? undefined : ms - ctx.startMs;
  }
  return parseDuration(point);
}

function windowRules(r: RuleReader, ctx: Context): PathProblem[] {
  const out: PathProblem[] = [];
  const start = r.get(['start'], Instant);
  if (start !== undefined && ctx.startMs === undefined) out.push({ path: ['start'], message: `"${start}" is not a real date and time`, hint: 'check the month, day, hour and minute' });
  const drill = ctx.durationMs;
  if (drill === 0) out.push({ path: ['duration'], message: 'the drill has zero length', hint: 'give a positive duration, e.g. "2h"' });
  const inside = (path: ProblemPath, what: string, point: string | undefined) => {
    if (point === undefined) return;
    const at = offsetOf(point, ctx);
    if (at === undefined) {
      if (/^\d{4}-/.test(point) && realInstantMs(point) === undefined) out.push({ path, message: `"${point}" is not a real date and time`, hint: 'check the month, day, hour and minute' });
      return;
    }
    if (at < 0) out.push({ path, message: `${what} is before the drill starts (${start})`, hint: 'use an offset like "15m" or an instant after `start`' });
    else if (drill !== undefined && drill > 0 && at >= drill) out.push({ path, message: `${what} is at ${formatDuration(at)}, not before the drill ends (duration ${formatDuration(drill)})`, hint: `use an offset below ${formatDuration(drill)}, or lengthen \`duration\`` });
  };
  for (let i = 0; i < r.length(['market', 'jumps']); i++) inside(['market', 'jumps', i, 'at'], 'the jump', r.get(['market', 'jumps', i, 'at'], TimePoint));
  for (const part of ['trades', 'payments'] as const) {
    for (let i = 0; i < r.length(['workload', part, 'profile']); i++) inside(['workload', part, 'profile', i, 'from'], 'this profile step', r.get(['workload', part, 'profile', i, 'from'], TimePoint));
  }
  for (let i = 0; i < r.length(['faults']); i++) {
    const at = r.get(['faults', i, 'at'], TimePoint);
    const length = r.get(['faults', i, 'for'], Duration);
    const lengthMs = length === undefined ? undefined : parseDuration(length)!;
    if (lengthMs === 0) out.push({ path: ['faults', i, 'for'], message: 'the fault window has zero length', hint: 'give a positive duration, e.g. "10m"' });
    const before = out.length;
    inside(['faults', i, 'at'], 'the fault', at);
    const atMs = at === undefined ? undefined : offsetOf(at, ctx);
    if (out.length === before && atMs !== undefined && lengthMs !== undefined && drill !== undefined && drill > 0 && atMs + lengthMs > drill) {
      out.push({
        path: ['faults', i, 'for'],
        message: `the fault runs to ${formatDuration(atMs + lengthMs)}, past the drill's end (duration ${formatDuration(drill)})`,
        hint: `shorten it to at most ${formatDuration(drill - atMs)}, or lengthen \`duration\``,
      });
    }
  }
  return out;
}

function faultRules(r: RuleReader, ctx: Context): PathProblem[] {
  const out: PathProblem[] = [];
  const count = r.length(['faults']);
  const named: ({ id?: string; kind: string; target: string } | undefined)[] = [];
  for (let i = 0; i < count; i++) {
    const path = ['faults', i];
    const target = r.get([...path, 'target'], Identifier);
    if (target !== undefined && !ctx.providers.includes(target)) out.push(unknownReference([...path, 'target'], 'provider', target, ctx.providers));
    const kind = r.get([...path, 'kind'], z.enum(FaultSpec.options.map((o) => o.shape.kind.value) as [string, ...string[]]));
    const via = r.get([...path, 'via'], z.enum(['msw', 'toxiproxy']).default('msw'));
    if (kind !== undefined && via === 'toxiproxy' && !TOXIPROXY_FAULT_KINDS.has(kind)) {
      out.push({
        path: [...path, 'via'],
        message: `"${kind}" faults change HTTP responses, which Toxiproxy (TCP level) cannot do`,
        hint: `use \`via: msw\` (the mocks apply it in every mode); Toxiproxy can inject ${listOf([...TOXIPROXY_FAULT_KINDS], '"')}`,
      });
    }
    if (kind === 'partial' && via === 'toxiproxy') {
      const lostAs = r.get([...path, 'lost_as'], z.enum(['timeout', 'reset', '502', '504']).default('timeout'));
      if (lostAs === '502' || lostAs === '504') out.push({ path: [...path, 'lost_as'], message: `a lost response "${lostAs}" is an HTTP status, which Toxiproxy cannot produce`, hint: 'use lost_as: timeout or reset with via: toxiproxy, or via: msw' });
    }
    if (kind === 'latency') {
      const latency = r.get([...path, 'latency'], Duration);
      const jitter = r.get([...path, 'jitter'], Duration.default('0ms'));
      if (latency !== undefined && jitter !== undefined && parseDuration(jitter)! > parseDuration(latency)!) {
        out.push({ path: [...path, 'jitter'], message: `jitter (${jitter}) is larger than the latency (${latency})`, hint: 'latency ± jitter would go below zero; keep jitter at most the latency' });
      }
    }
    const id = r.get([...path, 'id'], Identifier);
    named.push(kind !== undefined && target !== undefined ? { kind, target, ...(id === undefined ? {} : { id }) } : undefined);
  }
  const ids = assignFaultIds(named);
  const first = new Map<string, number>();
  ids.forEach((id, i) => {
    if (id === undefined) return;
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, i);
      return;
    }
    const explicit = r.has(['faults', i, 'id']);
    out.push({
      path: explicit ? ['faults', i, 'id'] : ['faults', i],
      message: `duplicate fault id "${id}" (also faults[${earlier}])`,
      hint: explicit ? 'give every fault its own id' : `faults without an id are named <kind>-<target>-<n>; give this one an explicit \`id\``,
    });
  });
  return out;
}

/** A module integration names a loadable adapter file (existence is checked when the run loads it). */
function moduleIntegrationRules(r: RuleReader): PathProblem[] {
  if (r.get(['integration', 'type'], z.literal('module')) === undefined) return [];
  const module = r.get(['integration', 'module'], z.string().min(1));
  if (module === undefined || /\.(ts|mts|js|mjs)$/.test(module)) return [];
  return [{ path: ['integration', 'module'], message: `adapter module "${module}" is not a .ts, .mts, .js or .mjs file`, hint: 'point module at the adapter source file, e.g. ./adapters/my-client.ts' }];
}

/**
 * An http integration: proxies only for providers of the scenario, each on its own port; without a
 * command faultline cannot hand the service its provider URLs, so the proxies' addresses must be
 * fixed (the service was configured with them) and the URL must name a real port.
 */
function httpIntegrationRules(r: RuleReader, ctx: Context): PathProblem[] {
  if (r.get(['integration', 'type'], z.literal('http')) === undefined) return [];
  const out: PathProblem[] = [];
  const hasCommand = r.has(['integration', 'command']);
  const url = r.get(['integration', 'url'], z.string());
  const port = url === undefined ? undefined : /:(\d+)\/?$/.exec(url)?.[1];
  if (port !== undefined && Number(port) > 65535) out.push({ path: ['integration', 'url'], message: `port ${port} is above 65535`, hint: 'use a port between 1 and 65535' });
  if (!hasCommand && (url === undefined || port === '0' || port === undefined)) {
    out.push({ path: ['integration', 'url'], message: 'without a command, url must be the address of the running service (port 0 means "pick one", which needs a command)', hint: 'add command: to let faultline start the service, or give the running service\'s url' });
  }
  const listen = new Map<string, string>();
  for (const id of r.keys(['integration', 'proxies'])) {
    const address = r.get(['integration', 'proxies', id], z.string());
    if (!ctx.providers.includes(id)) out.push({ ...unknownReference(['integration', 'proxies', id], 'provider', id, ctx.providers), at: 'key' });
    if (address === undefined) continue;
    const other = listen.get(address);
    if (other !== undefined) out.push({ path: ['integration', 'proxies', id], message: `${address} is already the proxy address of ${other}`, hint: 'each provider needs its own port' });
    listen.set(address, id);
  }
  if (!hasCommand) {
    const missing = ctx.providers.filter((p) => !listen.has(p) && r.get(['integration', 'proxies', p], z.string()) === undefined);
    if (missing.length > 0) {
      out.push({ path: ['integration', 'proxies'], message: `without a command, every provider needs a fixed proxy address (missing: ${listOf(missing)})`, hint: 'the running service was configured with its provider URLs: list them as proxies: { <provider>: "127.0.0.1:<port>" }, or add command: so faultline starts it' });
    }
  }
  return out;
}

/** Durations where zero makes no sense (the drill would divide by zero or spin). */
function durationRules(r: RuleReader): PathProblem[] {
  const paths: ProblemPath[] = [['market', 'step'], ['monitoring', 'probe_interval'], ['hedging', 'check_interval'], ['integration', 'timeout'], ['integration', 'price_poll_interval'], ['integration', 'call_timeout'], ['integration', 'ready', 'timeout']];
  for (const id of r.keys(['providers'])) {
    paths.push(['providers', id, 'rate_limit', 'per'], ['providers', id, 'latency', 'median'], ['providers', id, 'sla', 'downtime_rule', 'window']);
  }
  const out: PathProblem[] = [];
  for (const path of paths) {
    const value = r.get(path, Duration);
    if (value !== undefined && parseDuration(value) === 0) out.push({ path, message: `${String(path[path.length - 1])} cannot be zero`, hint: 'give a positive duration, e.g. "1s"' });
  }
  const retries = r.get(['integration', 'retries'], RetryPolicy);
  if (retries !== undefined && parseDuration(retries.base_delay)! > parseDuration(retries.max_delay)!) {
    out.push({ path: ['integration', 'retries', 'base_delay'], message: `base_delay (${retries.base_delay}) is above max_delay (${retries.max_delay})`, hint: 'the first retry delay must not exceed the cap' });
  }
  return out;
}

function roleCoverageRules(r: RuleReader, ctx: Context): PathProblem[] {
  const out: PathProblem[] = [];
  const played = new Set(ctx.roles.values());
  // When a provider's role is unreadable the schema has already complained; do not pile on.
  if (played.size === 0 || ctx.roles.size < ctx.providers.length) return out;
  for (const need of REQUIRED_ROLES) {
    if (r.has(need.path) && !played.has(need.role)) {
      out.push({
        path: need.path,
        at: 'key',
        message: `${need.why}, and no provider has role ${need.role}`,
        hint: `add a provider with \`role: ${need.role}\` (archetype ${listOf(archetypesFor(need.role), '"', 'or')})`,
      });
    }
  }
  return out;
}

function thresholdRules(r: RuleReader, ctx: Context): PathProblem[] {
  const out: PathProblem[] = [];
  const metrics = Object.keys(METRICS);
  for (let i = 0; i < r.length(['thresholds']); i++) {
    const spec = r.get(['thresholds', i], ThresholdSpec);
    if (spec === undefined) continue;
    const parts = splitThreshold(spec);
    if (parts === undefined) continue;
    const path: ProblemPath = typeof spec === 'string' ? ['thresholds', i] : ['thresholds', i, 'metric'];
    const operation = /^operations?\.([^.]+)\.([^.]+)$/.exec(parts.metric);
    if (operation !== null && !isKnownMetric(parts.metric)) {
      const measures = Object.keys(OPERATION_MEASURES);
      const suggestion = closest(operation[2]!, measures);
      out.push({ path, message: `unknown metric "${parts.metric}"`, hint: `an operation metric is operation.<id>.<measure>, measures: ${measures.join(', ')}${suggestion === undefined ? '' : ` (did you mean \`${suggestion}\`?)`}` });
      continue;
    }
    if (!isKnownMetric(parts.metric)) {
      const suggestion = closest(parts.metric, metrics);
      out.push({
        path,
        message: `unknown metric "${parts.metric}"`,
        hint: suggestion !== undefined ? `did you mean \`${suggestion}\`?` : `metrics: ${metrics.join(', ')}, and operation.<id>.<measure>`,
      });
      continue;
    }
    const op = parseOperationMetric(parts.metric);
    if (op !== undefined) {
      const declared = r.has(['operations']) ? r.keys(['operations']) : ['all-services'];
      if (!declared.includes(op.operation)) {
        out.push({ ...unknownReference(path, 'critical operation', op.operation, declared), message: `threshold on unknown critical operation "${op.operation}"` });
        continue;
      }
    }
    const value = thresholdValue(parts, ctx.reportingCurrency, r.has(['operations']) ? rawToleranceLookup(r, ctx.reportingCurrency) : derivedToleranceLookup(r));
    if (!value.ok) out.push({ path: typeof spec === 'string' ? path : ['thresholds', i, 'value'], message: value.message, hint: value.hint });
  }
  return out;
}

/** Without `operations:`, the derived operation `all-services` has one tolerance: compliance.outage_tolerance. */
function derivedToleranceLookup(r: RuleReader): ToleranceLookup {
  const tolerance = r.get(['compliance', 'outage_tolerance'], Duration.default('30m'));
  return (operation, measure) => (operation !== 'all-services' ? null : measure === 'disruption' && tolerance !== undefined ? String(parseDuration(tolerance)) : undefined);
}

function reportingRules(r: RuleReader): PathProblem[] {
  const out: PathProblem[] = [];
  const calendar = r.get(['reporting', 'calendar'], z.string());
  if (calendar !== undefined && !CALENDAR_ID.test(calendar)) {
    out.push({ path: ['reporting', 'calendar'], message: `"${calendar}" is not a calendar id`, hint: 'a calendar id is a country code with an optional region, upper case: "AU-NSW", "AU-QLD", "NZ"' });
  }
  const timezone = r.get(['reporting', 'timezone'], z.string());
  if (timezone !== undefined && !isKnownTimeZone(timezone)) {
    out.push({ path: ['reporting', 'timezone'], message: `unknown time zone "${timezone}"`, hint: 'use an IANA zone name like "Australia/Sydney" or "Pacific/Auckland"' });
  }
  for (const id of r.keys(['providers'])) {
    const zone = r.get(['providers', id, 'sla', 'timezone'], z.string());
    if (zone !== undefined && !isKnownTimeZone(zone)) {
      out.push({ path: ['providers', id, 'sla', 'timezone'], message: `unknown time zone "${zone}"`, hint: 'use "UTC" (the default) or the IANA zone the contract measures its months in, like "Australia/Sydney"' });
    }
  }
  return out;
}

/** Every place the scenario produces amounts in a currency. */
function currencyUses(r: RuleReader, ctx: Context): CurrencyUse[] {
  const uses: CurrencyUse[] = [];
  for (const symbol of ctx.instruments) {
    const quote = symbol.split('-')[1]!;
    uses.push({ currency: quote, path: ['market', 'instruments', symbol], atKey: true, what: `instrument ${symbol}` });
  }
  if (r.has(['workload', 'payments'])) {
    const currency = r.get(['workload', 'payments', 'currency'], PaymentWorkload.shape.currency);
    if (currency !== undefined) uses.push({ currency, path: r.has(['workload', 'payments', 'currency']) ? ['workload', 'payments', 'currency'] : ['workload', 'payments'], atKey: !r.has(['workload', 'payments', 'currency']), what: 'payments' });
  }
  for (const id of r.keys(['providers'])) {
    const fee = r.get(['providers', id, 'fees', 'currency'], Currency);
    if (fee !== undefined) uses.push({ currency: fee, path: ['providers', id, 'fees', 'currency'], what: `fees of ${id}` });
    const sla = r.get(['providers', id, 'sla', 'currency'], Currency);
    if (sla !== undefined) uses.push({ currency: sla, path: ['providers', id, 'sla', 'currency'], what: `the SLA of ${id}` });
  }
  return uses;
}

function fxRules(r: RuleReader, ctx: Context): PathProblem[] {
  const out: PathProblem[] = [];
  const reporting = ctx.reportingCurrency;
  const pairs = r.keys(['market', 'fx']);
  const reported = new Set<string>();
  for (const use of currencyUses(r, ctx)) {
    if (reported.has(use.currency) || canTranslate(pairs, use.currency, reporting)) continue;
    reported.add(use.currency);
    const pair = pairToAdd(pairs, use.currency, reporting);
    out.push({
      path: use.path,
      ...(use.atKey ? { at: 'key' as const } : {}),
      message: `${use.what} produces amounts in ${use.currency}, and market.fx has no rate to translate ${use.currency} into the reporting currency ${reporting}`,
      hint: `add the pair under market.fx, e.g. \`${pair}: "<rate>"\` (1 ${pair.slice(0, pair.length - 3)} = rate ${pair.slice(-3)})`,
    });
  }
  const limit = r.get(['hedging', 'limit'], HedgingSpec.shape.limit);
  if (limit !== undefined) {
    const { currency } = parseNotional(limit);
    if (currency !== reporting) out.push({ path: ['hedging', 'limit'], message: `the exposure limit is in ${currency}, but exposure is measured in the reporting currency ${reporting}`, hint: `convert the limit to ${reporting}, or set reporting.currency: ${currency}` });
  }
  return out;
}
