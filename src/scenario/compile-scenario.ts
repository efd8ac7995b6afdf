/**
 * `ScenarioFile` (validated, defaults applied by zod) → the normalised `Scenario` the engine
 * consumes. Pure: no I/O, no clock. Assumes the file passed the schema and the cross-field rules;
 * on a file that did not, it may throw a RangeError (a bug in the caller, not a user error).
 */
import type { z } from 'zod';
import { ComplianceSpec, type OperationTolerancesSpec, type PlaybookDeadline, type PlaybookSpec, type ScenarioFile, type IntradayProfile, type SizeDistribution, type ProviderSpec } from './schema.js';
import type {
  ActionModel,
  Fault,
  FeeModel,
  Instrument,
  LatencyModel,
  PaymentWorkloadModel,
  PlaybookClockModel,
  PlaybookModel,
  ProfileModel,
  OperationModel,
  OperationTolerancesModel,
  Provider,
  ProviderRole,
  IntegrationModel,
  ResilienceModel,
  ServiceFlowName,
  ReferenceIntegrationModel,
  Scenario,
  SizeModel,
  TradeWorkloadModel,
  WorkloadModel,
} from './model.js';
import { durationMs } from './duration.js';
import { expandSuffixedNumber, toDecimalString } from './decimal-text.js';
import { assignFaultIds } from './fault-ids.js';
import { customProfile, namedProfile } from './profiles.js';
import { compileThreshold, operationTolerance } from './thresholds.js';
import { regimeDefaultsFor } from '../finance/compliance/rules.js';

/** Roles in the order the model lists them. */
export const PROVIDER_ROLES: readonly ProviderRole[] = ['price_feed', 'liquidity_provider', 'payment_gateway'];

/** An instant or an offset from the drill start → epoch ms. */
export function timePointMs(text: string, startMs: number): number {
  return /^\d{4}-/.test(text) ? instantMs(text) : startMs + durationMs(text);
}

/** An explicit ISO-8601 instant (with zone) → epoch ms. Deterministic: the zone is in the text. */
export function instantMs(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${text}`);
  return ms;
}

/** "750k AUD" → { amount: "750000", currency: "AUD" }. */
export function parseNotional(text: string): { amount: string; currency: string } {
  const match = /^\s*(\S+?)\s+([A-Za-z]{3,5})\s*$/.exec(text);
  const amount = match ? expandSuffixedNumber(match[1]!) : undefined;
  if (!match || amount === undefined) throw new RangeError(`not a notional: ${text}`);
  return { amount, currency: match[2]!.toUpperCase() };
}

/** The firm's default country: that of the reporting calendar (`NZ-WGN` → NZ), else AU. */
export function calendarCountry(calendar: string): 'AU' | 'NZ' {
  return calendar.startsWith('NZ') ? 'NZ' : 'AU';
}

/** Format a relative weight list so weights sum to 1 (weights are relative in the file). */
function normalisedWeights<K extends string>(entries: [K, number][]): { key: K; weight: number }[] {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  return entries.map(([key, w]) => ({ key, weight: total > 0 ? w / total : 0 }));
}

function compileLatency(spec: z.output<typeof ProviderSpec>['latency']): LatencyModel {
  const medianMs = durationMs(spec.median);
  const p99Ms = spec.p99 === undefined ? medianMs * 4 : durationMs(spec.p99);
  return {
    distribution: spec.distribution,
    medianMs,
    p99Ms,
    minMs: spec.min === undefined ? 0 : durationMs(spec.min),
    // Without an explicit cap the lognormal tail is cut at 10× p99, so one draw cannot stall a drill.
    maxMs: spec.max === undefined ? Math.max(p99Ms, medianMs) * 10 : durationMs(spec.max),
  };
}

function compileFees(spec: z.output<typeof ProviderSpec>['fees'], reportingCurrency: string): FeeModel {
  return {
    percent: toDecimalString(spec?.percent ?? '0'),
    fixed: toDecimalString(spec?.fixed ?? '0'),
    makerBps: toDecimalString(spec?.maker_bps ?? '0'),
    takerBps: toDecimalString(spec?.taker_bps ?? '0'),
    currency: spec?.currency ?? reportingCurrency,
    disputeFee: toDecimalString(spec?.dispute_fee ?? '0'),
    refundable: spec?.refundable ?? false,
    rounding: spec?.rounding ?? 'half_up',
  };
}

function compileProvider(id: string, spec: z.output<typeof ProviderSpec>, reportingCurrency: string): Provider {
  const provider: Provider = {
    id,
    name: spec.name ?? id,
    role: spec.role,
    archetype: spec.archetype,
    latency: compileLatency(spec.latency),
    errorRate: spec.error_rate,
    fees: compileFees(spec.fees, reportingCurrency),
    spreadBps: toDecimalString(spec.spread_bps ?? '0'),
  };
  if (spec.rate_limit) {
    const perMs = durationMs(spec.rate_limit.per);
    // Without an explicit Retry-After the provider tells clients to wait out a whole window.
    provider.rateLimit = { requests: spec.rate_limit.requests, perMs, retryAfterMs: spec.rate_limit.retry_after === undefined ? perMs : durationMs(spec.rate_limit.retry_after) };
  }
  if (spec.sla) {
    const sla = spec.sla;
    provider.sla = {
      uptimeTarget: sla.uptime_target,
      monthlyFee: toDecimalString(sla.monthly_fee),
      currency: sla.currency,
      direction: sla.direction,
      tiers: sla.tiers.map((t) => ({ below: t.below, creditPct: t.credit_pct })),
      windowMs: durationMs(sla.downtime_rule.window),
      errorThresholdPct: sla.downtime_rule.error_threshold_pct,
      capPct: sla.cap_pct,
      claimWindowDays: sla.claim_window_days,
      timeZone: sla.timezone,
    };
  }
  return provider;
}

/**
 * The automatic failover chain of a role: the listed providers in the listed order when a list is
 * given (providers of the role left out are manual-only backups, reached by an operator's failover
 * after an alert), otherwise every provider of the role in declaration order.
 */
export function completeFailover(listed: readonly string[] | undefined, providers: readonly Provider[], role: ProviderRole): string[] {
  const ofRole = providers.filter((p) => p.role === role).map((p) => p.id);
  if (listed === undefined || listed.length === 0) return ofRole;
  return listed.filter((id, i, all) => ofRole.includes(id) && all.indexOf(id) === i);
}

function compileIntegration(spec: ScenarioFile['integration'], providers: readonly Provider[]): IntegrationModel {
  if (spec.type === 'module' || spec.type === 'http') {
    // The firm's own code (an adapter module or a service) does its own retries, breakers and
    // failover: faultline's reference fields are inert here.
    const own = spec.type === 'module'
      ? { type: 'module' as const, module: spec.module }
      : {
        type: 'http' as const, url: spec.url, env: spec.env, ready: { path: spec.ready.path, timeoutMs: durationMs(spec.ready.timeout) },
        ...(spec.command === undefined ? {} : { command: spec.command }), ...(spec.cwd === undefined ? {} : { cwd: spec.cwd }),
        ...(spec.proxies === undefined ? {} : { proxies: spec.proxies }),
      };
    return {
      ...own,
      callTimeoutMs: durationMs(spec.call_timeout),
      timeoutMs: durationMs(spec.timeout),
      retries: { max: 0, backoff: 'fixed', baseDelayMs: 0, maxDelayMs: 0, jitter: 'none', respectRetryAfter: false },
      idempotency: false,
      failover: {
        price_feed: completeFailover(undefined, providers, 'price_feed'),
        liquidity_provider: completeFailover(undefined, providers, 'liquidity_provider'),
        payment_gateway: completeFailover(undefined, providers, 'payment_gateway'),
      },
      validation: {
        ...(spec.validation.max_price_age === undefined ? {} : { maxPriceAgeMs: durationMs(spec.validation.max_price_age) }),
        ...(spec.validation.price_band_pct === undefined ? {} : { priceBandPct: spec.validation.price_band_pct }),
        currencyCheck: spec.validation.currency_check,
      },
      deadLetter: false,
      pricePollIntervalMs: durationMs(spec.price_poll_interval),
    };
  }
  const model: ReferenceIntegrationModel = {
    type: 'reference',
    timeoutMs: durationMs(spec.timeout),
    retries: {
      max: spec.retries.max,
      backoff: spec.retries.backoff,
      baseDelayMs: durationMs(spec.retries.base_delay),
      maxDelayMs: durationMs(spec.retries.max_delay),
      jitter: spec.retries.jitter,
      respectRetryAfter: spec.retries.respect_retry_after,
    },
    idempotency: spec.idempotency,
    failover: {
      price_feed: completeFailover(spec.failover.price_feed, providers, 'price_feed'),
      liquidity_provider: completeFailover(spec.failover.liquidity_provider, providers, 'liquidity_provider'),
      payment_gateway: completeFailover(spec.failover.payment_gateway, providers, 'payment_gateway'),
    },
    validation: {
      ...(spec.validation.max_price_age === undefined ? {} : { maxPriceAgeMs: durationMs(spec.validation.max_price_age) }),
      ...(spec.validation.price_band_pct === undefined ? {} : { priceBandPct: spec.validation.price_band_pct }),
      currencyCheck: spec.validation.currency_check,
    },
    deadLetter: spec.dead_letter,
    pricePollIntervalMs: durationMs(spec.price_poll_interval),
  };
  if (spec.circuit_breaker) {
    model.circuitBreaker = { failureThreshold: spec.circuit_breaker.failure_threshold, cooldownMs: durationMs(spec.circuit_breaker.cooldown) };
  }
  return model;
}

/** "BTC-AUD" → base BTC, quote AUD. */
export function splitSymbol(symbol: string): { base: string; quote: string } {
  const [base = '', quote = ''] = symbol.split('-');
  return { base, quote };
}

/** `.jsonl` and `.ndjson` files are JSON lines; everything else is CSV unless the format is given. */
export function dataFileFormat(file: string, format: 'csv' | 'jsonl' | undefined): 'csv' | 'jsonl' {
  return format ?? (/\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'csv');
}

function compileSize(spec: z.output<typeof SizeDistribution>): SizeModel {
  return {
    distribution: spec.distribution,
    median: toDecimalString(spec.median),
    sigma: spec.sigma,
    ...(spec.min === undefined ? {} : { min: toDecimalString(spec.min) }),
    ...(spec.max === undefined ? {} : { max: toDecimalString(spec.max) }),
  };
}

function compileProfile(spec: z.output<typeof IntradayProfile>, startMs: number, durationMsValue: number, timeZone: string): ProfileModel {
  if (typeof spec === 'string') return namedProfile(spec, startMs, durationMsValue, timeZone);
  return customProfile(spec.map((e) => ({ fromMs: timePointMs(e.from, startMs) - startMs, multiplier: e.multiplier })));
}

function compileWorkload(file: ScenarioFile, instruments: readonly Instrument[], startMs: number, drillMs: number): WorkloadModel {
  const { workload, reporting } = file;
  const model: WorkloadModel = {};
  if (workload.trades) {
    const t = workload.trades;
    const weights = t.instruments ? Object.entries(t.instruments) : instruments.map((i): [string, number] => [i.symbol, 1]);
    const trades: TradeWorkloadModel = {
      ratePerMinute: t.rate_per_minute,
      profile: compileProfile(t.profile, startMs, drillMs, reporting.timezone),
      size: compileSize(t.size),
      instruments: normalisedWeights(weights).map(({ key, weight }) => ({ symbol: key, weight })),
      buyRatio: t.buy_ratio,
      clients: { count: t.clients.count, tiers: normalisedWeights(Object.entries(t.clients.tiers)).map(({ key, weight }) => ({ name: key, weight })) },
    };
    model.trades = trades;
  }
  if (workload.payments) {
    const p = workload.payments;
    const payments: PaymentWorkloadModel = {
      ratePerMinute: p.rate_per_minute,
      profile: compileProfile(p.profile, startMs, drillMs, reporting.timezone),
      amount: compileSize(p.amount),
      currency: p.currency,
      internationalRatio: p.international_ratio,
      customers: p.customers,
    };
    model.payments = payments;
  }
  if (workload.replay) {
    const r = workload.replay;
    const c = r.columns;
    model.replay = {
      file: r.file,
      format: dataFileFormat(r.file, r.format),
      columns: {
        ts: c.ts, kind: c.kind, instrument: c.instrument, side: c.side, qty: c.qty, amount: c.amount, currency: c.currency,
        client: c.client, tier: c.tier, customer: c.customer, originCountry: c.origin_country, destinationCountry: c.destination_country,
      },
    };
  }
  return model;
}

function compileFaults(file: ScenarioFile, startMs: number): Fault[] {
  const ids = assignFaultIds(file.faults);
  return file.faults.map((f, i): Fault => {
    const windowStart = timePointMs(f.at, startMs);
    const base = {
      id: ids[i]!,
      target: f.target,
      startMs: windowStart,
      endMs: windowStart + durationMs(f.for),
      probability: f.probability,
      via: f.via,
      ...(f.expect_hits === undefined ? {} : { expectHits: f.expect_hits }),
      ...(f.note === undefined ? {} : { note: f.note }),
    };
    switch (f.kind) {
      case 'outage':
        return { ...base, kind: 'outage' };
      case 'latency':
        return { ...base, kind: 'latency', latencyMs: durationMs(f.latency), jitterMs: durationMs(f.jitter) };
      case 'stale':
        return { ...base, kind: 'stale', timestamps: f.timestamps };
      case 'corrupt':
        return { ...base, kind: 'corrupt', mode: f.mode, shift: f.shift };
      case 'error':
        return {
          ...base,
          kind: 'error',
          status: f.status,
          ...(f.retry_after === undefined ? {} : { retryAfterMs: durationMs(f.retry_after) }),
          ...(f.fail_first === undefined ? {} : { failFirst: f.fail_first }),
        };
      case 'partial':
        return { ...base, kind: 'partial', lostAs: f.lost_as };
      case 'schema-drift':
        return { ...base, kind: 'schema-drift', mode: f.mode, apiVersion: f.api_version };
    }
  });
}

function compilePlaybookClock(deadline: z.output<typeof PlaybookDeadline>): PlaybookClockModel {
  if (typeof deadline === 'string') return { basis: 'minutes', minutes: durationMs(deadline) / 60_000 };
  if ('business_days' in deadline) return { basis: 'business_days', days: deadline.business_days };
  if ('working_days' in deadline) return { basis: 'working_days', days: deadline.working_days };
  return { basis: 'calendar_days', days: deadline.calendar_days, roll: 'none' };
}

function compilePlaybook(spec: z.output<typeof PlaybookSpec>): PlaybookModel {
  const overrides: PlaybookModel['overrides'] = {};
  for (const [id, o] of Object.entries(spec.overrides)) {
    overrides[id] = {
      ...(o.title === undefined ? {} : { title: o.title }),
      ...(o.deadline === undefined ? {} : { clock: compilePlaybookClock(o.deadline) }),
      ...(o.done_after === undefined ? {} : { responseDelayMs: o.done_after === null ? null : durationMs(o.done_after) }),
      ...(o.enabled === undefined ? {} : { enabled: o.enabled }),
    };
  }
  return {
    enabled: spec.enabled,
    ...(spec.calendar === undefined ? {} : { calendar: spec.calendar }),
    ...(spec.steps === undefined ? {} : {
      steps: spec.steps.map((s) => ({ id: s.id, title: s.title, clock: compilePlaybookClock(s.deadline), responseDelayMs: s.done_after === null ? null : durationMs(s.done_after), enabled: s.enabled })),
    }),
    overrides,
  };
}

/** The regimes switched on: as written, every other one following the firm's country (docs/compliance.md). */
function regimesOf(written: Readonly<Record<string, boolean | undefined>>, country: 'AU' | 'NZ'): Record<string, boolean> {
  const regimes: Record<string, boolean> = regimeDefaultsFor(country);
  for (const [id, on] of Object.entries(written)) if (on !== undefined) regimes[id] = on;
  return regimes;
}

/** The flow each provider role serves: an operation's default flows come from its providers' roles. */
export const ROLE_FLOWS: Readonly<Record<ProviderRole, ServiceFlowName>> = { price_feed: 'trades', liquidity_provider: 'hedges', payment_gateway: 'payments' };

/** The flows the scenario actually has: trades and payments from the workload (or a replay file), hedges from `hedging`. */
export function flowsPresent(file: Pick<ScenarioFile, 'workload' | 'hedging'>): Set<ServiceFlowName> {
  const out = new Set<ServiceFlowName>();
  if (file.workload.trades !== undefined || file.workload.replay !== undefined) out.add('trades');
  if (file.workload.payments !== undefined || file.workload.replay !== undefined) out.add('payments');
  if (file.hedging !== undefined) out.add('hedges');
  return out;
}

/**
 * The scenario's critical operations. Without an `operations:` section, one derived operation
 * covers every flow and provider with `compliance.outage_tolerance` as its maximum disruption
 * (docs/resilience.md, "outage_tolerance").
 */
function compileOperations(file: ScenarioFile, providers: readonly Provider[], reportingCurrency: string): OperationModel[] {
  const present = flowsPresent(file);
  if (file.operations === undefined) {
    const tolerance = (file.compliance ?? ComplianceSpec.parse({})).outage_tolerance;
    return [{
      id: 'all-services',
      title: 'All services (derived from compliance.outage_tolerance)',
      providers: providers.map((p) => p.id),
      flows: (['trades', 'payments', 'hedges'] as const).filter((f) => present.has(f)),
      service: { withinMs: 30_000, windowMs: 60_000, disruptedBelowPct: 99 },
      tolerances: { maxDisruptionMs: durationMs(tolerance) },
      derived: true,
    }];
  }
  return Object.entries(file.operations).map(([id, o]): OperationModel => {
    const flows = o.flows ?? [...new Set(o.providers.map((p) => ROLE_FLOWS[providers.find((x) => x.id === p)!.role]))].filter((f) => present.has(f));
    const withinMs = durationMs(o.service.within);
    return {
      id,
      title: o.title,
      ...(o.description === undefined ? {} : { description: o.description }),
      providers: [...o.providers],
      flows: (['trades', 'payments', 'hedges'] as const).filter((f) => flows.includes(f)),
      service: { withinMs, windowMs: durationMs(o.service.window), disruptedBelowPct: o.service.disrupted_below_pct },
      tolerances: compileOperationTolerances(o.tolerances, withinMs, reportingCurrency),
      derived: false,
    };
  });
}

/**
 * An operation's tolerances in canonical units; `withinMs` is its service time (the minimum service
 * level's default). `strict`: a value tolerance must be in the reporting currency (else throws).
 */
export function compileOperationTolerances(t: z.output<typeof OperationTolerancesSpec>, withinMs: number, reportingCurrency: string, strict = true): OperationTolerancesModel {
  return {
    ...(t.max_disruption === undefined ? {} : { maxDisruptionMs: durationMs(t.max_disruption) }),
    ...(t.max_data_loss === undefined ? {} : { maxDataLoss: t.max_data_loss }),
    ...(t.min_service_level === undefined ? {} : { minServiceLevel: { servedPct: t.min_service_level.served_pct, withinMs: t.min_service_level.within === undefined ? withinMs : durationMs(t.min_service_level.within) } }),
    ...(t.max_customers_affected === undefined ? {} : { maxCustomersAffected: t.max_customers_affected }),
    ...(t.max_value_affected === undefined ? {} : { maxValueAffected: strict ? moneyIn(t.max_value_affected, reportingCurrency) : parseNotional(t.max_value_affected).amount }),
  };
}

/** "250k AUD" → "250000", checked against the currency it must be in (validated by the cross-field rules). */
function moneyIn(text: string, currency: string): string {
  const n = parseNotional(text);
  if (n.currency !== currency) throw new RangeError(`${text}: expected an amount in ${currency}`);
  return n.amount;
}

function compileResilience(file: ScenarioFile, reportingCurrency: string): ResilienceModel {
  const r = file.resilience;
  const d = r?.dora;
  return {
    notificationDelaysMs: Object.fromEntries(Object.entries(r?.notifications ?? {}).map(([id, delay]) => [id, durationMs(delay)])),
    ...(d === undefined ? {} : {
      dora: {
        memberState: d.member_state,
        entityType: d.entity_type,
        bankHolidays: [...d.bank_holidays].sort(),
        ...(d.clients_total === undefined ? {} : { clientsTotal: d.clients_total }),
        ...(d.daily_transactions === undefined ? {} : { dailyTransactions: d.daily_transactions }),
        ...(d.daily_value === undefined ? {} : { dailyValue: moneyIn(d.daily_value, reportingCurrency) }),
        ...(d.counterparts_affected_pct === undefined ? {} : { counterpartsAffectedPct: d.counterparts_affected_pct }),
        relevantClientsAffected: d.relevant_clients_affected,
        memberStatesAffected: d.member_states_affected,
        reputationalImpact: d.reputational_impact,
        maliciousAccess: d.malicious_access,
        ...(d.data_loss_adverse_impact === undefined ? {} : { dataLossAdverseImpact: d.data_loss_adverse_impact }),
        ...(d.economic_impact === undefined ? {} : { economicImpact: parseNotional(d.economic_impact) }),
      },
    }),
    ...(r?.mas === undefined ? {} : { mas: { downtimeUsedMs: durationMs(r.mas.downtime_used) } }),
  };
}

function compileActions(file: ScenarioFile): ActionModel[] {
  return file.actions.map((a) => ({ id: a.id, title: a.title, owner: a.owner, due: a.due, operations: [...a.operations], status: a.status }));
}

/**
 * Normalise a validated scenario file into the engine's `Scenario`.
 *
 * @param file - output of `ScenarioFile.parse` (defaults applied) that passed the cross-field rules.
 * @param sourcePath - absolute path of the scenario file, kept for resolving relative file references.
 * @param data - what the scenario's data files say: with `market.model: tape`, each instrument's
 *   opening mid (the tape's last price at or before the start; io/read-scenario.ts reads it).
 */
export function compileScenario(file: ScenarioFile, sourcePath?: string, data: { openingMids?: Readonly<Record<string, string>> } = {}): Scenario {
  const startMs = instantMs(file.start);
  const drillMs = durationMs(file.duration);
  const reportingCurrency = file.reporting.currency;
  const providers = Object.entries(file.providers).map(([id, spec]) => compileProvider(id, spec, reportingCurrency));
  const instruments = Object.entries(file.market.instruments).map(([symbol, spec]): Instrument => ({
    symbol,
    ...splitSymbol(symbol),
    // A tape's instrument has no mid in the file: its opening mid comes from the tape ('' until read).
    mid: spec.mid === undefined ? (data.openingMids?.[symbol] ?? '') : toDecimalString(spec.mid),
    volatility: spec.volatility,
    tickSize: toDecimalString(spec.tick_size),
    lotSize: toDecimalString(spec.lot_size),
    spreadBps: toDecimalString(spec.spread_bps),
  }));
  const market: Scenario['market'] = {
    model: file.market.model,
    stepMs: durationMs(file.market.step),
    instruments,
    jumps: file.market.jumps.map((j) => ({ instrument: j.instrument, atMs: timePointMs(j.at, startMs), size: j.size })),
    fx: Object.fromEntries(Object.entries(file.market.fx).map(([pair, rate]) => [pair, toDecimalString(rate)])),
    fxSource: file.market.fx_source,
  };
  if (file.market.tape) {
    const tape = file.market.tape;
    market.tape = { file: tape.file, format: dataFileFormat(tape.file, tape.format), columns: { ...tape.columns } };
  }
  const compliance = file.compliance ?? ComplianceSpec.parse({});
  const firm: Scenario['firm'] = { country: file.firm?.country ?? calendarCountry(file.reporting.calendar), licences: [...(file.firm?.licences ?? [])] };
  const operations = compileOperations(file, providers, reportingCurrency);
  const scenario: Scenario = {
    formatVersion: 1,
    id: file.id,
    title: file.title,
    ...(file.description === undefined ? {} : { description: file.description }),
    seed: file.seed,
    startMs,
    durationMs: drillMs,
    endMs: startMs + drillMs,
    reporting: { currency: reportingCurrency, calendar: file.reporting.calendar, timezone: file.reporting.timezone, costMethod: file.reporting.cost_method },
    firm,
    market,
    providers,
    integration: compileIntegration(file.integration, providers),
    business: {
      markupBps: toDecimalString(file.business.markup_bps),
      clientFeeBps: toDecimalString(file.business.client_fee_bps),
      recaptureRate: file.business.recapture_rate,
      paymentTakeRateBps: toDecimalString(file.business.payment_take_rate_bps),
      paymentRetrySuccessRate: file.business.payment_retry_success_rate,
      opsCostPerDuplicate: toDecimalString(file.business.ops_cost_per_duplicate),
      supportContactRate: file.business.support_contact_rate,
      pInformed: file.business.p_informed,
    },
    workload: compileWorkload(file, instruments, startMs, drillMs),
    faults: compileFaults(file, startMs),
    monitoring: {
      probeIntervalMs: durationMs(file.monitoring.probe_interval),
      failuresToAlert: file.monitoring.failures_to_alert,
      timeToAcknowledgeMs: durationMs(file.monitoring.time_to_acknowledge),
      ...(file.monitoring.manual_failover_after === undefined ? {} : { manualFailoverAfterMs: durationMs(file.monitoring.manual_failover_after) }),
      timeToResolveMs: durationMs(file.monitoring.time_to_resolve),
    },
    compliance: { regimes: regimesOf(compliance.regimes, firm.country), rules: { ...compliance.rules }, materialityAssessmentDelayMs: durationMs(compliance.materiality_assessment_delay), outageToleranceMs: durationMs(compliance.outage_tolerance) },
    ...(file.playbook === undefined ? {} : { playbook: compilePlaybook(file.playbook) }),
    ...(file.rationale === undefined ? {} : { rationale: file.rationale }),
    operations,
    resilience: compileResilience(file, reportingCurrency),
    actions: compileActions(file),
    thresholds: file.thresholds.map((t, i) => compileThreshold(t, i, reportingCurrency, operationTolerance(operations))),
    ...(sourcePath === undefined ? {} : { sourcePath }),
  };
  if (file.hedging) {
    const limit = parseNotional(file.hedging.limit);
    scenario.hedging = {
      instrument: file.hedging.instrument,
      threshold: toDecimalString(file.hedging.threshold),
      limit: limit.amount,
      limitCurrency: limit.currency,
      initialPosition: toDecimalString(file.hedging.initial_position),
      checkIntervalMs: durationMs(file.hedging.check_interval),
    };
  }
  return scenario;
}
