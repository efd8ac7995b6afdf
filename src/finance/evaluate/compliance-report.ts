/**
 * Compliance exposure of the faulted replay (finance-reference.md §5): the journal is turned into
 * compliance triggers, the scenario's `compliance:` and `playbook:` sections into the compliance
 * module's configuration, and `evaluateCompliance` produces the `compliance.csv` rows. The §10.4
 * self-check recomputes every deadline by the module's independent route (`checkDeadlines`).
 *
 * Trigger mapping (each documented in docs/finance.md §Compliance):
 * - `incident_detected`: one per `alert.fired` of the faulted replay (the alert is t_detect).
 *   Categories come from the kind of the fault(s) active on the alerted provider at that instant:
 *   outage, latency, error (incl. rate limits), partial, stale, schema-drift → `operational`;
 *   corrupt → `operational` + `information_security` (a corrupted payload is a loss of data
 *   integrity, which CPS 234 and the RBNZ cyber rule treat as an information-security incident).
 *   A payment-gateway outage is *not* mapped to `card_data`: an unavailable gateway does not
 *   suggest that account data was compromised, and Visa's rule is about compromise.
 * - `outage_outside_tolerance`: a critical operation whose CPS 230 tolerance levels were breached
 *   (resilience-report.ts, docs/resilience.md), at the first breach instant.
 * - `customer_complaint`: one per customer charged twice (provider `execution` records with
 *   `op: create_payment` and `occurrence > 1`), received (drill assumption) at the first duplicate.
 * - `fill_on_stale_price`: one per stale fill, with the client's slippage against the fresh quote
 *   in bps; the best-execution rule keeps it only above its tolerance.
 * - `order_outside_band`: a client fill whose price is outside the integration's price band
 *   around the true mid (only when a band is configured); the filter did not act (`controlTs: null`).
 * - `international_transfer`: every executed charge (duplicates included) whose payer and payee are
 *   on either side of the firm's border (`firm.country`; the currency does not matter), when AUSTRAC
 *   or NZ AML/CFT is on; jurisdiction = the firm's; amounts in AUD and NZD at the drill's FX for the
 *   IFTI/PTR thresholds, and in the reporting currency for the report. Whether IFTI or PTR-IFT binds
 *   is the rules' decision, from the firm's licences (compliance/licences.ts).
 *
 * Every trigger is also derived from the baseline replay; an obligation whose trigger the baseline
 * has too is routine business (`cause: routine`), the others the incident caused (`cause: incident`).
 * - `log_gap`: when the audit-log self-check found workload items without a record.
 */
import type { RunEvent } from '../../engine/events.js';
import type { Scenario } from '../../scenario/model.js';
import { resolveCalendar, toIsoUtc } from '../calendars/index.js';
import {
  ALL_RULES,
  calendarFor,
  checkDeadlines,
  evaluateCompliance,
  type ComplianceConfig,
  type ComplianceResult,
  type ComplianceRow,
  type ComplianceTrigger,
  type DeadlineCheck,
  type FirmLicenceId,
  type IncidentCategory,
  type ObligationCause,
  type PlaybookConfig,
  type RegimeId,
  type RuleOverride,
  reportsCarriedBy,
} from '../compliance/index.js';
import { dec, fixed, minorUnits, type Dec } from '../decimal.js';
import { lookupFxRate, type FxRecord, type FxTable } from '../fx.js';
import type { RegimeEvaluation } from '../resilience/index.js';
import { ShortDec } from '../short-dec.js';
import type { RunLedger } from './ledger.js';

/** Fault kinds that engage information-security rules in addition to operational ones. */
const INTEGRITY_FAULTS = new Set(['corrupt']);

export interface ComplianceInputs {
  scenario: Scenario;
  faulted: RunLedger;
  fx: FxTable;
  /** Stale fills and their client slippage against the fresh quote (bps, + = worse for the client). */
  staleFills: readonly { tradeId: string; t: number; clientSlippageBps: Dec }[];
  /** Workload items without an audit record (the audit-log self-check). */
  auditGaps: number;
  /**
   * The resilience regimes' part (resilience-report.ts): CPS 230 tolerance triggers, the other
   * regimes' reporting rows and their deadline recheck. Absent: no tolerance triggers, no rows.
   */
  resilience?: Pick<RegimeEvaluation, 'triggers' | 'rows' | 'recheck'>;
  /** The baseline replay, to tell routine obligations from those the incident caused. */
  baseline?: { ledger: RunLedger; staleFillIds: ReadonlySet<string>; auditGaps: number };
}

/** Obligation counts by status. */
export interface StatusCounts {
  triggered: number;
  onTime: number;
  atRisk: number;
  late: number;
  missed: number;
}

/** Cross-border payments of the faulted replay, and which reports the firm's licences carry. */
export interface CrossBorderSummary {
  /** The firm's country, whose border a payment crosses. */
  home: 'AU' | 'NZ';
  licences: readonly FirmLicenceId[];
  /** Executed charges (duplicates included) from abroad into `home`, and from `home` abroad. */
  inbound: number;
  outbound: number;
  /** Rule ids the licences carry in `home` (empty: no transaction report for these payments). */
  carried: string[];
  /** Whether the regime of those reports (austrac / nz_aml) is switched on. */
  regimeOn: boolean;
}

export interface ComplianceReport {
  triggers: ComplianceTrigger[];
  result: ComplianceResult;
  config: ComplianceConfig;
  playbook: PlaybookConfig;
  /** Regulatory rows only (kind regulatory, applicable). */
  regulatory: ComplianceRow[];
  /** Playbook rows. */
  playbookRows: ComplianceRow[];
  /** Counts over applicable regulatory rows with an instance (NOT_TRIGGERED excluded). */
  counts: StatusCounts;
  /** The same counts split by cause: caused by the incident, or routine business the baseline had too. */
  byCause: Record<ObligationCause, StatusCounts>;
  crossBorder: CrossBorderSummary;
  playbookCounts: { steps: number; onTime: number; atRisk: number; late: number; missed: number };
  /** Tightest slack over applicable regulatory rows, seconds (decimal string), '' when none. */
  tightestSlackS: string;
  tightestObligation: string;
  deadlineCheck: DeadlineCheck;
  /** Effect instants of before_effect triggers, for the recompute. */
  effectTsById: Record<string, string>;
  /** Rule ids in the scenario that the catalogue does not know (ignored, printed). */
  unknownRuleIds: string[];
}

/** The scenario's compliance section as the compliance module's configuration. */
export function toComplianceConfig(scenario: Scenario): { config: ComplianceConfig; unknownRuleIds: string[] } {
  const known = new Set(ALL_RULES.map((r) => r.id));
  const rules: Record<string, RuleOverride> = {};
  const unknownRuleIds: string[] = [];
  for (const [id, on] of Object.entries(scenario.compliance.rules).sort()) {
    if (known.has(id)) rules[id] = { enabled: on };
    else unknownRuleIds.push(id);
  }
  const calendars: { AU?: string; NZ?: string } = {};
  try {
    const country = resolveCalendar(calendarFor(scenario.reporting.calendar)).country;
    calendars[country] = scenario.reporting.calendar;
  } catch {
    // An unknown calendar id falls back to the module's defaults (AU-NSW, NZ); printed in the header.
  }
  return {
    config: { regimes: scenario.compliance.regimes as Partial<Record<RegimeId, boolean>>, rules, calendars, firm: { country: scenario.firm.country, licences: scenario.firm.licences } },
    unknownRuleIds,
  };
}

/** Which incident categories an alert on `provider` at `t` engages (see the module comment). */
export function categoriesFor(scenario: Scenario, provider: string, t: number): IncidentCategory[] {
  const active = scenario.faults.filter((f) => f.target === provider && f.startMs <= t && t <= f.endMs);
  // An alert just after the window (detection lags) belongs to the latest fault that had started.
  const faults = active.length > 0 ? active : scenario.faults.filter((f) => f.target === provider && f.startMs <= t).sort((a, b) => b.startMs - a.startMs).slice(0, 1);
  const cats = new Set<IncidentCategory>(['operational']);
  for (const f of faults) if (INTEGRITY_FAULTS.has(f.kind)) cats.add('information_security');
  return [...cats];
}

/** Derive the compliance triggers of the faulted replay. */
export function deriveComplianceTriggers(input: ComplianceInputs): ComplianceTrigger[] {
  return deriveKeyedTriggers(input, 'faulted').map((k) => k.trigger);
}

/** A trigger and what identifies "the same trigger" in the other replay (see `keyed`). */
interface KeyedTrigger {
  trigger: ComplianceTrigger;
  key: string;
}

/** Does a payment from `origin` to `destination` cross the border of `home`? (Blank countries: an old journal; its `international` flag decides.) */
function crossesHomeBorder(origin: string, destination: string, international: boolean, home: string): boolean {
  if (origin === '' || destination === '') return international;
  return origin !== destination && (origin === home || destination === home);
}

/**
 * The triggers of one replay with their keys. Items are keyed by their id (a trade, a payment's
 * execution `P…#n`, a customer); an alert by its provider and instant (alert ids are numbered per
 * replay); fault-driven triggers (tolerance) exist only in the faulted replay.
 */
function deriveKeyedTriggers(input: ComplianceInputs, replay: 'faulted' | 'baseline'): KeyedTrigger[] {
  const { scenario } = input;
  const ledger = replay === 'faulted' ? input.faulted : input.baseline!.ledger;
  const out: KeyedTrigger[] = [];
  const push = (trigger: ComplianceTrigger, key = `${trigger.kind}|${trigger.id}`): void => {
    out.push({ trigger, key });
  };
  const events: readonly RunEvent[] = ledger.events;

  for (const e of events) {
    if (e.type !== 'alert.fired') continue;
    push({ kind: 'incident_detected', id: e.alertId, ts: e.t, categories: categoriesFor(scenario, e.provider, e.t), evidenceRef: `alert:${e.alertId} (${e.provider}, ${e.source})` }, `incident_detected|${e.provider}|${e.t}`);
  }

  // Critical operations disrupted beyond their CPS 230 tolerance levels (resilience-report.ts);
  // the baseline has no incident, so none are routine.
  if (replay === 'faulted') for (const t of input.resilience?.triggers ?? []) push(t);

  const firstDuplicate = new Map<string, { t: number; ref: string }>();
  for (const p of ledger.payments) {
    if (p.occurrence <= 1) continue;
    const customer = ledger.paymentEvents.get(p.reference)?.customerId ?? `unknown:${p.reference}`;
    const seen = firstDuplicate.get(customer);
    if (seen === undefined || p.t < seen.t) firstDuplicate.set(customer, { t: p.t, ref: `${p.reference}#${p.occurrence}` });
  }
  for (const [customer, d] of [...firstDuplicate].sort()) {
    push({ kind: 'customer_complaint', id: `complaint:${customer}`, ts: d.t, evidenceRef: `event:${d.ref}; complaint assumed received at the duplicate charge` });
  }

  if (replay === 'faulted') {
    for (const s of input.staleFills) {
      push({ kind: 'fill_on_stale_price', id: s.tradeId, ts: s.t, slippageBps: fixed(s.clientSlippageBps, 2), effectTs: s.t, controlTs: null });
    }
  } else {
    // Only whether the baseline had the same stale fill matters here (its key); no slippage is needed.
    for (const id of input.baseline!.staleFillIds) push({ kind: 'fill_on_stale_price', id, ts: 0 });
  }

  const band = scenario.integration.validation.priceBandPct;
  if (band !== undefined) {
    const limit = ShortDec.of(dec(String(band)).div(100));
    for (const t of ledger.trades.values()) {
      if (!t.filled) continue;
      // ShortDec (short-dec.ts): the Dec arithmetic's results, without a parse per read.
      const mid = t.shortMid;
      if (mid.isZero()) continue;
      const price = t.shortPrice;
      // |P / M − 1| > L, as |P − M| > L × M (M > 0): the same test without a 50-digit division per fill.
      if (price.minus(mid).abs().gt(limit.times(mid.abs()))) {
        push({ kind: 'order_outside_band', id: t.id, ts: t.t, effectTs: t.t, controlTs: null, evidenceRef: `event:${t.id}; filled at ${price.toDec().toFixed()} vs mid ${mid.toDec().toFixed()} (band ±${band}%)` });
      }
    }
  }

  const reg = scenario.compliance.regimes;
  if (reg.austrac === true || reg.nz_aml === true) {
    const home = scenario.firm.country;
    const reporting = scenario.reporting.currency;
    const reportingDp = minorUnits(reporting);
    // Rates by `from|to`, looked up once (null: no rate to that currency in the scenario).
    const rates = new Map<string, FxRecord | null>();
    const rateTo = (from: string, to: string): FxRecord | null => {
      const key = `${from}|${to}`;
      let rate = rates.get(key);
      if (rate === undefined) {
        try {
          rate = lookupFxRate(input.fx, from, to);
        } catch {
          rate = null;
        }
        rates.set(key, rate);
      }
      return rate;
    };
    for (const x of ledger.payments) {
      const payment = ledger.paymentEvents.get(x.reference);
      if (payment === undefined) continue;
      const origin = payment.originCountry;
      const destination = payment.destinationCountry;
      if (!crossesHomeBorder(origin, destination, payment.international, home)) continue;
      const equivalents: Record<string, string> = {};
      const amount = x.amount;
      const ccyOf = x.ccy;
      for (const ccy of ['AUD', 'NZD']) {
        const rate = rateTo(ccyOf, ccy);
        // No rate to that currency in the scenario: the threshold is reported as not tested.
        if (rate !== null) equivalents[ccy] = fixed(amount.times(rate.rate), 2);
      }
      const toReporting = rateTo(ccyOf, reporting);
      const route = origin === '' ? 'international (countries not recorded)' : `${origin}→${destination}`;
      push({
        kind: 'international_transfer', id: `${x.reference}#${x.occurrence}`, ts: x.t, amount: fixed(amount, minorUnits(ccyOf)), ccy: ccyOf, amountEquivalents: equivalents,
        jurisdiction: home, evidenceRef: `event:${x.reference}#${x.occurrence}; ${route}`,
        ...(toReporting === null ? {} : {
          reporting: {
            amount: fixed(amount.times(toReporting.rate), reportingDp), ccy: reporting, fxRate: fixed(toReporting.rate, 6),
            fxSource: toReporting.source, fxTs: toIsoUtc(Number.isFinite(toReporting.ts) ? toReporting.ts : scenario.startMs),
          },
        }),
      });
    }
  }

  const gaps = replay === 'faulted' ? input.auditGaps : input.baseline!.auditGaps;
  if (gaps > 0 || ledger.incomplete) {
    const start = scenario.faults.length === 0 ? scenario.startMs : Math.min(...scenario.faults.map((f) => f.startMs));
    push({ kind: 'log_gap', id: 'audit-log', ts: start, controlTs: null, evidenceRef: `${gaps} workload item(s) without a record${ledger.incomplete ? '; run incomplete' : ''}` });
  }
  return out;
}

/** The faulted replay's triggers, each marked routine (the baseline had it) or caused by the incident. */
function triggersWithCause(input: ComplianceInputs): ComplianceTrigger[] {
  const faulted = deriveKeyedTriggers(input, 'faulted');
  if (input.baseline === undefined) return faulted.map((k) => k.trigger);
  const routine = new Set(deriveKeyedTriggers(input, 'baseline').map((k) => k.key));
  return faulted.map((k) => ({ ...k.trigger, cause: routine.has(k.key) ? 'routine' : 'incident' }));
}

function stepCounts(rows: readonly ComplianceRow[]): ComplianceReport['playbookCounts'] {
  const { triggered, ...c } = tally(rows);
  return { steps: triggered, ...c };
}

function tally(rows: readonly ComplianceRow[]): StatusCounts {
  const c = { triggered: rows.length, onTime: 0, atRisk: 0, late: 0, missed: 0 };
  for (const r of rows) {
    if (r.status === 'ON_TIME') c.onTime += 1;
    else if (r.status === 'AT_RISK') c.atRisk += 1;
    else if (r.status === 'LATE') c.late += 1;
    else if (r.status === 'MISSED') c.missed += 1;
  }
  return c;
}

function reportingCalendarKnown(scenario: Scenario, config: ComplianceConfig): boolean {
  try {
    calendarFor(scenario.reporting.calendar, config);
    return true;
  } catch {
    return false;
  }
}

/** Evaluate compliance for the faulted replay and recompute every deadline independently. */
export function computeCompliance(input: ComplianceInputs): ComplianceReport {
  const { scenario } = input;
  const { config, unknownRuleIds } = toComplianceConfig(scenario);
  let playbook: PlaybookConfig = scenario.playbook ?? {};
  if (playbook.calendar !== undefined) {
    try {
      calendarFor(playbook.calendar, config);
    } catch {
      // An unknown playbook calendar falls back to the reporting calendar; reported with the unknown ids.
      unknownRuleIds.push(`playbook.calendar ${playbook.calendar}`);
      const { calendar: _dropped, ...rest } = playbook;
      playbook = rest;
    }
  }
  // The playbook's day-based steps count on the reporting calendar unless it names its own (an NZ
  // firm's legal review counts NZ working days, not NSW business days).
  if (playbook.calendar === undefined && reportingCalendarKnown(scenario, config)) playbook = { ...playbook, calendar: scenario.reporting.calendar };
  const triggers = triggersWithCause(input);
  const evaluated = evaluateCompliance({
    triggers, drillEndTs: scenario.endMs, config, playbook,
    assumptions: { materialityAssessmentDelayMs: scenario.compliance.materialityAssessmentDelayMs, submissionDelaysMs: scenario.resilience.notificationDelaysMs },
  });
  // The resilience regimes' rows (MAS, DORA, US) follow the rules' rows; their deadlines are
  // rechecked by the resilience module's own second route.
  const extra = input.resilience?.rows ?? [];
  const result: ComplianceResult = extra.length === 0 ? evaluated : { ...evaluated, rows: [...evaluated.rows, ...extra] };
  const effectTsById: Record<string, string> = {};
  for (const t of triggers) if (t.effectTs !== undefined) effectTsById[t.id] = new Date(t.effectTs).toISOString();
  const ruleCheck = checkDeadlines(evaluated.rows, { config, playbook }, effectTsById);
  const recheck = input.resilience?.recheck ?? { checked: 0, mismatches: [] };
  const mismatches = [...ruleCheck.mismatches, ...recheck.mismatches];
  const deadlineCheck: DeadlineCheck = { pass: mismatches.length === 0, checked: ruleCheck.checked + recheck.checked, mismatches };
  const regulatory = result.rows.filter((r) => r.kind === 'regulatory' && r.applicable);
  const instances = regulatory.filter((r) => r.status !== 'NOT_TRIGGERED');
  const playbookRows = result.rows.filter((r) => r.kind === 'playbook');
  let tightest: ComplianceRow | undefined;
  for (const r of instances) if (r.slack_s !== '' && (tightest === undefined || dec(r.slack_s).lt(dec(tightest.slack_s)))) tightest = r;
  return {
    triggers, result, config, playbook, regulatory, playbookRows,
    counts: tally(instances),
    byCause: { incident: tally(instances.filter((r) => r.cause !== 'routine')), routine: tally(instances.filter((r) => r.cause === 'routine')) },
    crossBorder: summariseCrossBorder(scenario, input.faulted),
    playbookCounts: stepCounts(playbookRows),
    tightestSlackS: tightest?.slack_s ?? '',
    tightestObligation: tightest === undefined ? '' : `${tightest.obligation_id} (${tightest.trigger_event_id})`,
    deadlineCheck, effectTsById,
    unknownRuleIds,
  };
}

function summariseCrossBorder(scenario: Scenario, ledger: RunLedger): CrossBorderSummary {
  const home = scenario.firm.country;
  let inbound = 0;
  let outbound = 0;
  for (const x of ledger.payments) {
    const p = ledger.paymentEvents.get(x.reference);
    if (p === undefined || !crossesHomeBorder(p.originCountry, p.destinationCountry, p.international, home)) continue;
    if (p.destinationCountry === home) inbound += 1;
    else outbound += 1;
  }
  const regime = home === 'AU' ? 'austrac' : 'nz_aml';
  return { home, licences: scenario.firm.licences, inbound, outbound, carried: reportsCarriedBy(home, scenario.firm.licences), regimeOn: scenario.compliance.regimes[regime] === true };
}
