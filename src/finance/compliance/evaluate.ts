/**
 * The pure compliance evaluator: triggers + rules + calendar + assumptions + drill end →
 * one `compliance.csv` row per obligation instance (finance-reference.md §5, §10.3 item 7).
 */
import { BUILTIN_CALENDARS, localDateIn, resolveCalendar, toIsoUtc, type HolidayCalendar } from '../calendars/index.js';
import { Dec, fixed } from '../decimal.js';
import { classifyObligation, computeDeadline, isoDuration, msToSeconds } from './clock.js';
import { austracInfringementAud, austracStatutoryMaxAud, penaltyReference, STATUTORY_MAX_LABEL } from './penalties.js';
import { playbookObligationId, resolvePlaybook, type PlaybookConfig } from './playbook.js';
import { LICENCE_REPORTING } from './licences.js';
import { ALL_RULES, REGIME_DEFAULTS } from './rules.js';
import type {
  ComplianceAssumptions,
  ComplianceConfig,
  ComplianceRow,
  ComplianceRule,
  ComplianceTrigger,
  DecimalString,
  FirmProfile,
  ObligationStatus,
} from './types.js';

/** Input to {@link evaluateCompliance}. */
export interface EvaluateComplianceInput {
  readonly triggers: readonly ComplianceTrigger[];
  /** Drill end (epoch ms UTC): statuses are judged at this instant. */
  readonly drillEndTs: number;
  readonly config?: ComplianceConfig;
  readonly assumptions?: ComplianceAssumptions;
  /** The firm's playbook; default steps unless `{ enabled: false }`. */
  readonly playbook?: PlaybookConfig;
  /** Rule catalogue; default the built-in AU and NZ rules. */
  readonly rules?: readonly ComplianceRule[];
}

/** Indicative AUSTRAC penalty exposure over late/missed AUSTRAC rows (never booked as P&L). */
export interface PenaltyExposure {
  readonly lateOrMissed: number;
  /** Σ 60 PU × unit value at each breach's clock-start date, AUD. */
  readonly infringementAud: DecimalString;
  /** Σ 100,000 PU × unit value, AUD: a statutory maximum, not an estimate. */
  readonly statutoryMaxAud: DecimalString;
  readonly label: string;
}

/** Output of {@link evaluateCompliance}. */
export interface ComplianceResult {
  readonly rows: readonly ComplianceRow[];
  /** Count of applicable, triggered rows by status (NOT_TRIGGERED counts rules without instances). */
  readonly byStatus: Readonly<Record<ObligationStatus, number>>;
  /** Smallest `slack_s` over triggered rows with a deadline, or '' when none. */
  readonly tightestSlackS: string;
  /** Calendar ids used for day-based clocks. */
  readonly calendarsUsed: readonly string[];
  readonly penaltyExposure: PenaltyExposure;
  readonly disclaimer: string;
}

/** Printed with every compliance figure. */
export const COMPLIANCE_DISCLAIMER = 'simulated; compliance figures are indicative, not legal advice';

/** A rule after configuration: switched on or off, effective date and tolerance resolved. */
export interface EffectiveRule extends ComplianceRule {
  readonly enabled: boolean;
  /** Why a switched-off rule is off (printed in its NOT_TRIGGERED row). */
  readonly offReason: string;
}

/**
 * Whether a licence-bound rule binds the firm: the firm is a reporting entity in the rule's
 * jurisdiction and holds one of its licences. Returns the reason it does not, or undefined.
 */
export function notBindingReason(rule: Pick<ComplianceRule, 'jurisdiction' | 'licences'>, firm: FirmProfile | undefined): string | undefined {
  if (rule.licences === undefined || firm === undefined) return undefined;
  if (rule.jurisdiction !== 'INTL' && rule.jurisdiction !== firm.country) return `does not bind the firm: it reports in ${firm.country} (firm.country), not ${rule.jurisdiction}`;
  if (firm.licences.some((l) => rule.licences!.includes(l))) return undefined;
  const held = firm.licences.length === 0 ? 'no licence stated' : `licences: ${firm.licences.join(', ')}`;
  const why = firm.licences.map((l) => LICENCE_REPORTING[l][rule.jurisdiction === 'NZ' ? 'nz' : 'au']).join('; ');
  return `does not bind the firm (${held}): only a ${rule.licences.join(' or ')} licence carries it for the drill's payments${why === '' ? '; state the firm\'s licences in firm.licences' : `; ${why}`}`;
}

/** Apply regime switches, the firm's licences and per-rule overrides (rule override > licence and regime switch > rule default). */
export function resolveRules(config: ComplianceConfig = {}, rules: readonly ComplianceRule[] = ALL_RULES): EffectiveRule[] {
  for (const id of Object.keys(config.rules ?? {})) {
    if (!rules.some((r) => r.id === id)) throw new RangeError(`compliance.rules: unknown rule id '${id}'`);
  }
  return rules.map((r) => {
    const o = config.rules?.[r.id] ?? {};
    const regimeOn = config.regimes?.[r.regime] ?? REGIME_DEFAULTS[r.regime] ?? r.defaultOn;
    const notBinding = notBindingReason(r, config.firm);
    return {
      ...r,
      enabled: o.enabled ?? (regimeOn && notBinding === undefined),
      offReason: o.enabled === false ? 'switched off (compliance.rules)' : !regimeOn ? `switched off (regime ${r.regime})` : (notBinding ?? ''),
      effectiveFrom: o.effectiveFrom !== undefined ? o.effectiveFrom : r.effectiveFrom,
      ...(o.toleranceBps !== undefined ? { toleranceBps: o.toleranceBps } : {}),
    };
  });
}

/** A row's trigger-derived columns: why it arose and the transaction's amount (blank for none). */
function triggerColumns(t: ComplianceTrigger | undefined, rule: Pick<ComplianceRule, 'threshold'> | undefined): Pick<ComplianceRow, 'cause' | 'amount' | 'amount_ccy' | 'fx_rate' | 'fx_source' | 'fx_ts' | 'amount_reporting' | 'reporting_ccy' | 'threshold' | 'amount_in_threshold_ccy'> {
  const th = rule?.threshold;
  return {
    cause: t?.cause ?? '',
    amount: t?.amount ?? '',
    amount_ccy: t?.amount === undefined ? '' : (t.ccy ?? ''),
    fx_rate: t?.reporting?.fxRate ?? '',
    fx_source: t?.reporting?.fxSource ?? '',
    fx_ts: t?.reporting?.fxTs ?? '',
    amount_reporting: t?.reporting?.amount ?? '',
    reporting_ccy: t?.reporting?.ccy ?? '',
    threshold: th === undefined ? '' : `≥ ${th.ccy} ${th.amount}`,
    amount_in_threshold_ccy: th === undefined || t === undefined ? '' : (t.amountEquivalents?.[th.ccy] ?? (t.ccy === th.ccy ? (t.amount ?? '') : '')),
  };
}

/** The columns of a row without a trigger. */
const NO_TRIGGER_COLUMNS = triggerColumns(undefined, undefined);

/** Resolve a calendar id against the config's custom calendars, then the built-ins. */
export function calendarFor(id: string, config: ComplianceConfig = {}): HolidayCalendar {
  const custom = config.customCalendars?.find((c) => c.id === id);
  if (custom) return custom;
  const builtin = BUILTIN_CALENDARS[id];
  if (!builtin) throw new RangeError(`unknown holiday calendar '${id}'`);
  return builtin;
}

/** The calendar of the place concerned for a rule and (optionally) a trigger. */
export function calendarForRule(rule: Pick<ComplianceRule, 'jurisdiction'>, trigger: Pick<ComplianceTrigger, 'calendar' | 'jurisdiction'> | undefined, config: ComplianceConfig = {}): HolidayCalendar {
  const country = rule.jurisdiction === 'INTL' ? (trigger?.jurisdiction ?? config.firm?.country ?? 'AU') : rule.jurisdiction;
  if (trigger?.calendar) {
    const cal = calendarFor(trigger.calendar, config);
    if (resolveCalendar(cal).country === country) return cal;
  }
  return calendarFor(config.calendars?.[country] ?? (country === 'AU' ? 'AU-NSW' : 'NZ'), config);
}

type Match = { kind: 'applies'; note?: string } | { kind: 'no' };

function matches(rule: EffectiveRule, t: ComplianceTrigger): Match {
  if (!rule.triggerKinds.includes(t.kind)) return { kind: 'no' };
  if (rule.jurisdiction !== 'INTL' && t.jurisdiction !== undefined && t.jurisdiction !== rule.jurisdiction) return { kind: 'no' };
  if (t.kind === 'incident_detected' && rule.categories) {
    const cats = t.categories ?? ['operational'];
    if (!rule.categories.some((c) => cats.includes(c))) return { kind: 'no' };
  }
  if (rule.terrorismFinancing !== undefined && (t.terrorismFinancing ?? false) !== rule.terrorismFinancing) return { kind: 'no' };
  if (rule.threshold) {
    const { amount, ccy } = rule.threshold;
    const value = t.amountEquivalents?.[ccy] ?? (t.ccy === ccy ? t.amount : undefined);
    if (value === undefined) return { kind: 'applies', note: `threshold ≥ ${ccy} ${amount} not tested: no ${ccy} amount supplied (treated as reportable; count as unscreened)` };
    if (new Dec(value).lt(new Dec(amount))) return { kind: 'no' };
  }
  if (rule.toleranceBps !== undefined && t.slippageBps !== undefined) {
    if (new Dec(t.slippageBps).lte(new Dec(rule.toleranceBps))) return { kind: 'no' };
  }
  return { kind: 'applies' };
}

interface Submission {
  readonly ms: number | undefined;
  readonly evidence: string;
}

function submissionFor(ruleId: string, basis: string, t: ComplianceTrigger | undefined, clockStart: number, a: ComplianceAssumptions): Submission {
  const observed = t?.submissions?.[ruleId];
  if (observed !== undefined) return { ms: observed, evidence: 'submitted: observed in the drill' };
  if ((basis === 'before_effect' || basis === 'immediate') && t && t.controlTs !== undefined) {
    return t.controlTs === null ? { ms: undefined, evidence: 'control did not act' } : { ms: t.controlTs, evidence: 'submitted: control acted (controlTs)' };
  }
  if (t?.kind === 'va_transfer_without_travel_msg') return { ms: undefined, evidence: 'no travel-rule message passed' };
  const specific = a.submissionDelaysMs?.[ruleId];
  const delay = specific !== undefined ? specific : (a.defaultSubmissionDelayMs ?? null);
  if (delay === null) return { ms: undefined, evidence: 'not submitted in the drill' };
  return { ms: clockStart + delay, evidence: `submitted: assumption clock_start + ${isoDuration(delay)}` };
}

const EMPTY_STATUS: Record<ObligationStatus, number> = { NOT_TRIGGERED: 0, ON_TIME: 0, AT_RISK: 0, LATE: 0, MISSED: 0 };

/**
 * Evaluate every obligation instance. Rows: one per (trigger × matching applicable rule),
 * then one per playbook step per `incident_detected`, then NOT_TRIGGERED rows for enabled rules
 * without instances and (if `listInapplicable`) for switched-off rules.
 */
export function evaluateCompliance(input: EvaluateComplianceInput): ComplianceResult {
  const config = input.config ?? {};
  const a = input.assumptions ?? {};
  const rules = resolveRules(config, input.rules ?? ALL_RULES);
  const atRisk = config.atRiskFraction ?? 0.25;
  const materiality = a.materialityAssessmentDelayMs ?? 0;
  const listInapplicable = config.listInapplicable ?? true;
  const triggers = [...input.triggers].sort((x, y) => x.ts - y.ts || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const rows: ComplianceRow[] = [];
  const calendarsUsed = new Set<string>();
  const instantiated = new Set<string>();
  let lateOrMissed = 0;
  let infringement = new Dec(0);
  let statMax = new Dec(0);
  // Per evaluation, by rule: a drill's thousands of instances (one per international transfer)
  // start on a few local days, and a day-based deadline and a penalty reference depend only on the
  // day (and the rule and calendar, fixed here), so each is computed once per day.
  const dayDeadlines = new Map<HolidayCalendar, Map<string, number | undefined>>();
  const penaltyTexts = new Map<string, string>();

  for (const t of triggers) {
    for (const rule of rules) {
      if (!rule.enabled) continue; // listed once below as not applicable
      const m = matches(rule, t);
      if (m.kind === 'no') continue;
      const cal = calendarForRule(rule, t, config);
      const calId = cal.id;
      const triggerDate = localDateIn(t.ts, cal);
      const notYet = rule.effectiveFrom !== null && triggerDate < rule.effectiveFrom;
      const clockStart = rule.clockStart === 'awareness' ? t.ts + materiality : t.ts;
      const assumption = [
        rule.clockStartAssumption,
        rule.clockStart === 'awareness' ? `materiality_assessment_delay = ${isoDuration(materiality)}` : '',
        m.note ?? '',
      ].filter(Boolean).join('; ');
      // The same instant, the same local date: no second Intl format.
      const penaltyDate = clockStart === t.ts ? triggerDate : localDateIn(clockStart, cal);
      const penaltyKey = `${rule.penalty}|${penaltyDate}`;
      let penaltyText = penaltyTexts.get(penaltyKey);
      if (penaltyText === undefined) penaltyTexts.set(penaltyKey, (penaltyText = penaltyReference(rule.penalty, penaltyDate < '2023-07-01' ? '2023-07-01' : penaltyDate).text));
      const base = {
        kind: 'regulatory' as const,
        obligation_id: rule.id,
        regulator: rule.regulator,
        jurisdiction: rule.jurisdiction === 'INTL' ? (t.jurisdiction ?? config.firm?.country ?? 'AU') : rule.jurisdiction,
        trigger_event_id: t.id,
        trigger_ts: toIsoUtc(t.ts),
        clock_basis: rule.clock.basis,
        calendar: calId,
        penalty_reference: penaltyText,
        source_url: rule.sourceUrl,
        ...triggerColumns(t, rule),
      };
      if (notYet) {
        if (listInapplicable) {
          rows.push({ ...base, applicable: false, clock_start_ts: '', clock_start_assumption: `not in force before ${rule.effectiveFrom} (effective date, configurable)`, deadline_ts: '', submitted_ts: '', slack_s: '', status: 'NOT_TRIGGERED', evidence_ref: t.evidenceRef ?? `event:${t.id}` });
        }
        continue;
      }
      instantiated.add(rule.id);
      const deadlineCtx = { calendar: cal, nzWorkingDayRule: config.nzWorkingDayRule, excludeBankHolidays: config.excludeBankHolidays, effectTs: t.effectTs };
      let deadline: number | undefined;
      if (isDayBased(rule.clock)) {
        // computeDeadline reads only the clock start's local date (penaltyDate) for these bases.
        let byDay = dayDeadlines.get(cal);
        if (byDay === undefined) dayDeadlines.set(cal, (byDay = new Map()));
        const key = `${rule.id}|${penaltyDate}`;
        if (byDay.has(key)) deadline = byDay.get(key);
        else byDay.set(key, (deadline = computeDeadline(rule.clock, clockStart, deadlineCtx)));
      } else {
        deadline = computeDeadline(rule.clock, clockStart, deadlineCtx);
      }
      if (rule.clock.basis === 'business_days' || rule.clock.basis === 'working_days' || rule.clock.basis === 'calendar_days') calendarsUsed.add(calId);
      if (deadline === undefined) {
        rows.push({ ...base, applicable: true, clock_start_ts: toIsoUtc(clockStart), clock_start_assumption: assumption, deadline_ts: '', submitted_ts: '', slack_s: '', status: 'NOT_TRIGGERED', evidence_ref: `${t.evidenceRef ?? `event:${t.id}`}; list only` });
        continue;
      }
      const sub = submissionFor(rule.id, rule.clock.basis, t, clockStart, a);
      const c = classifyObligation(clockStart, deadline, sub.ms, input.drillEndTs, atRisk);
      if ((c.status === 'LATE' || c.status === 'MISSED') && rule.penalty === 'austrac') {
        lateOrMissed += 1;
        infringement = infringement.plus(austracInfringementAud(1, penaltyDate));
        statMax = statMax.plus(austracStatutoryMaxAud(1, penaltyDate));
      }
      rows.push({
        ...base,
        applicable: true,
        clock_start_ts: toIsoUtc(clockStart),
        clock_start_assumption: assumption,
        deadline_ts: toIsoUtc(deadline),
        submitted_ts: sub.ms === undefined ? '' : toIsoUtc(sub.ms),
        slack_s: msToSeconds(c.slackMs),
        status: c.status,
        evidence_ref: `${t.evidenceRef ?? `event:${t.id}`}; ${sub.evidence}`,
      });
    }
  }

  rows.push(...evaluatePlaybookRows(triggers, input, config, calendarsUsed));

  for (const rule of rules) {
    if (rule.enabled && instantiated.has(rule.id)) continue;
    if (!rule.enabled && !listInapplicable) continue;
    const cal = calendarForRule(rule, undefined, config);
    const endDate = localDateIn(input.drillEndTs, cal);
    rows.push({
      kind: 'regulatory',
      obligation_id: rule.id,
      regulator: rule.regulator,
      jurisdiction: rule.jurisdiction,
      applicable: rule.enabled,
      trigger_event_id: '',
      trigger_ts: '',
      clock_basis: rule.clock.basis,
      calendar: cal.id,
      clock_start_ts: '',
      clock_start_assumption: rule.enabled ? rule.clockStartAssumption : rule.offReason,
      deadline_ts: '',
      submitted_ts: '',
      slack_s: '',
      status: 'NOT_TRIGGERED',
      evidence_ref: '',
      penalty_reference: penaltyReference(rule.penalty, endDate < '2023-07-01' ? '2023-07-01' : endDate).text,
      source_url: rule.sourceUrl,
      ...NO_TRIGGER_COLUMNS,
      threshold: rule.threshold === undefined ? '' : `≥ ${rule.threshold.ccy} ${rule.threshold.amount}`,
    });
  }

  const byStatus = { ...EMPTY_STATUS };
  let tightest: number | undefined;
  for (const r of rows) {
    if (!r.applicable) continue;
    byStatus[r.status] += 1;
    if (r.slack_s !== '') {
      const s = Number(r.slack_s);
      if (tightest === undefined || s < tightest) tightest = s;
    }
  }
  const tightestRow = rows.find((r) => r.applicable && r.slack_s !== '' && Number(r.slack_s) === tightest);
  return {
    rows,
    byStatus,
    tightestSlackS: tightestRow?.slack_s ?? '',
    calendarsUsed: [...calendarsUsed].sort(),
    penaltyExposure: { lateOrMissed, infringementAud: fixed(infringement, 2), statutoryMaxAud: fixed(statMax, 2), label: STATUTORY_MAX_LABEL },
    disclaimer: COMPLIANCE_DISCLAIMER,
  };
}

/** A clock whose deadline is a function of the clock start's local date (clock.ts `computeDeadline`). */
function isDayBased(clock: ComplianceRule['clock']): boolean {
  return clock.basis === 'business_days' || clock.basis === 'working_days' || clock.basis === 'calendar_days';
}

function evaluatePlaybookRows(triggers: readonly ComplianceTrigger[], input: EvaluateComplianceInput, config: ComplianceConfig, calendarsUsed: Set<string>): ComplianceRow[] {
  const steps = resolvePlaybook(input.playbook);
  const rows: ComplianceRow[] = [];
  const cal = input.playbook?.calendar ? calendarFor(input.playbook.calendar, config) : calendarForRule({ jurisdiction: 'AU' }, undefined, config);
  const country = resolveCalendar(cal).country;
  for (const t of triggers.filter((x) => x.kind === 'incident_detected')) {
    for (const step of steps) {
      const id = playbookObligationId(step.id);
      const clockStart = t.ts;
      const deadline = computeDeadline(step.clock, clockStart, { calendar: cal, nzWorkingDayRule: config.nzWorkingDayRule, excludeBankHolidays: config.excludeBankHolidays });
      if (deadline === undefined) continue;
      if (step.clock.basis === 'business_days' || step.clock.basis === 'working_days' || step.clock.basis === 'calendar_days') calendarsUsed.add(cal.id);
      const observed = t.submissions?.[id];
      const doneMs = observed ?? (step.responseDelayMs === null ? undefined : clockStart + step.responseDelayMs);
      const c = classifyObligation(clockStart, deadline, doneMs, input.drillEndTs, config.atRiskFraction ?? 0.25);
      rows.push({
        kind: 'playbook',
        obligation_id: id,
        regulator: 'firm playbook',
        jurisdiction: country,
        applicable: true,
        trigger_event_id: t.id,
        trigger_ts: toIsoUtc(t.ts),
        clock_basis: step.clock.basis,
        calendar: cal.id,
        clock_start_ts: toIsoUtc(clockStart),
        clock_start_assumption: `${step.title}; clock start = detection (t_detect)`,
        deadline_ts: toIsoUtc(deadline),
        submitted_ts: doneMs === undefined ? '' : toIsoUtc(doneMs),
        slack_s: msToSeconds(c.slackMs),
        status: c.status,
        evidence_ref: `${t.evidenceRef ?? `event:${t.id}`}; ${observed !== undefined ? 'done: observed in the drill' : step.responseDelayMs === null ? 'not done in the drill' : `done: assumption detection + ${isoDuration(step.responseDelayMs)}`}`,
        penalty_reference: 'internal policy; no regulatory penalty',
        source_url: '',
        ...triggerColumns(t, undefined),
      });
    }
  }
  return rows;
}
