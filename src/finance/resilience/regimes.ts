/**
 * Each switched-on resilience regime applied to the drill's critical operations
 * (docs/resilience.md §4): findings for regimes.csv (what the regime tests, the measured value,
 * WITHIN / BREACHED / MET / MAJOR and when), the CPS 230 tolerance triggers for the compliance
 * evaluator, and the reporting rows the other regimes add to compliance.csv, with their deadlines
 * rechecked by a second route.
 *
 * The incident's awareness (the firm's view) is the first detection of a disrupted critical
 * operation: the first alert on one of its providers still open at, or fired after, the start of
 * its first disruption. Ground truth (when it happened) and the monitor's view (when the firm
 * knew) are both kept.
 */
import type { OperationModel, Scenario } from '../../scenario/model.js';
import { toIsoUtc } from '../calendars/index.js';
import { classifyObligation, msToSeconds } from '../compliance/clock.js';
import type { DeadlineMismatch } from '../compliance/recompute.js';
import type { ComplianceRow, ComplianceTrigger } from '../compliance/types.js';
import { dec, plain, type Dec } from '../decimal.js';
import { classifyDora, type DoraClassification } from './dora.js';
import type { AffectedItem, OperationMeasures } from './measure.js';
import { recheckRegimeDeadline, regimeDeadline, type NonWorkingDays } from './regime-clocks.js';
import { EEA_TIME_ZONES, MAS_LIMITS, REGIME_RULES, RESILIENCE_REGIMES, type RegimeRule, type ResilienceRegimeId } from './regime-rules.js';
import { CPS230_TOLERANCE_KINDS, type ToleranceVerdict } from './tolerances.js';
import type { ServiceItem } from '../evaluate/service-items.js';

/** The monitor's view of one operation. */
export interface MonitorView {
  /** First alert on one of its providers still open at, or fired after, its first disruption (else its first alert). */
  detectedAtMs?: number;
  detectedBy?: string;
  /** When the alerts on its providers that covered the disruption had all resolved; undefined while one stays open. */
  resolvedAtMs?: number;
}

export interface OperationResult {
  op: OperationModel;
  measures: OperationMeasures;
  verdicts: ToleranceVerdict[];
  monitor: MonitorView;
  /** The same measures on the baseline replay (a sanity check of the service definition). */
  baseline: { longestDisruptionMs: number; disruptedWindows: number; affected: number };
}

export type FindingResult = 'WITHIN' | 'BREACHED' | 'MET' | 'NOT_MET' | 'NOT_ASSESSED' | 'MAJOR' | 'NOT_MAJOR' | 'SET' | 'INCOMPLETE' | 'NOT_DETECTED';

export interface RegimeFinding {
  regime: ResilienceRegimeId;
  /** '' for the incident as a whole. */
  operationId: string;
  criterion: string;
  threshold: string;
  measured: string;
  result: FindingResult;
  atMs?: number;
  source: string;
  confidence: string;
}

export interface RegimeEvaluation {
  enabled: ResilienceRegimeId[];
  findings: RegimeFinding[];
  /** The incident's awareness: the first detection of a disrupted critical operation. */
  awarenessMs?: number;
  dora?: DoraClassification & { classifiedAtMs?: number };
  rows: ComplianceRow[];
  triggers: ComplianceTrigger[];
  recheck: { checked: number; mismatches: DeadlineMismatch[] };
}

export interface RegimeInput {
  scenario: Scenario;
  operations: readonly OperationResult[];
  /** Gross economic impact in EUR (input or measured), undefined when not translatable. */
  economicImpactEur?: Dec;
  economicImpactBasis: string;
}

const NO_PENALTY = 'no penalty reference table for this regime in faultline (docs/compliance.md §10)';

/** The transaction columns of compliance.csv: blank, a resilience row is about an incident, not a transaction. */
const NO_TRANSACTION = { amount: '', amount_ccy: '', fx_rate: '', fx_source: '', fx_ts: '', amount_reporting: '', reporting_ccy: '', threshold: '', amount_in_threshold_ccy: '' } as const;

function source(regime: ResilienceRegimeId): { source: string; confidence: string } {
  const r = RESILIENCE_REGIMES.find((x) => x.id === regime)!;
  return { source: r.sources[0]!.url, confidence: r.verification };
}

function ms(d: number): string {
  return `${msToSeconds(Math.round(d))} s`;
}

/** Whether a regime is switched on (the scenario's compliance.regimes; all resilience regimes default off). */
export function regimeOn(scenario: Scenario, id: ResilienceRegimeId): boolean {
  return scenario.compliance.regimes[id] === true;
}

export function evaluateRegimes(input: RegimeInput): RegimeEvaluation {
  const { scenario, operations } = input;
  const enabled = RESILIENCE_REGIMES.map((r) => r.id).filter((id) => regimeOn(scenario, id));
  const findings: RegimeFinding[] = [];
  const triggers: ComplianceTrigger[] = [];
  const disrupted = operations.filter((o) => o.measures.episodes.length > 0);
  const awareness = disrupted.map((o) => o.monitor.detectedAtMs).filter((x): x is number => x !== undefined).reduce<number | undefined>((m, x) => (m === undefined || x < m ? x : m), undefined);
  const materiality = scenario.compliance.materialityAssessmentDelayMs;

  // APRA CPS 230: always computed (its triggers feed AU-APRA-CPS230-TOL, which the compliance module switches).
  for (const o of operations) {
    const kinds = o.verdicts.filter((v) => CPS230_TOLERANCE_KINDS.has(v.kind));
    const breached = kinds.filter((v) => v.verdict === 'BREACHED').sort((a, b) => a.breachedAtMs! - b.breachedAtMs!);
    const at = breached[0]?.breachedAtMs;
    if (at !== undefined) {
      triggers.push({
        kind: 'outage_outside_tolerance', id: `tolerance:${o.op.id}`, ts: at,
        evidenceRef: `operation:${o.op.id} ${breached.map((v) => `${v.kind} breached at ${toIsoUtc(v.breachedAtMs!)}`).join('; ')} (tolerances.csv)`,
      });
    }
    if (!enabled.includes('apra_cps230')) continue;
    const missing = [...CPS230_TOLERANCE_KINDS].filter((k) => !kinds.some((v) => v.kind === k));
    findings.push({
      regime: 'apra_cps230', operationId: o.op.id, criterion: 'tolerance levels set (para 38)', threshold: 'maximum period of disruption, maximum data loss, minimum service levels',
      measured: kinds.map((v) => v.kind).join(', ') || 'none', result: missing.length === 0 ? 'SET' : 'INCOMPLETE', ...source('apra_cps230'),
    });
    findings.push({
      regime: 'apra_cps230', operationId: o.op.id, criterion: 'disruption within tolerance (para 42: outside tolerance starts the 24 h notification)', threshold: 'every CPS 230 tolerance level WITHIN',
      measured: breached.length === 0 ? 'all within' : `breached: ${breached.map((v) => v.kind).join(', ')}`, result: breached.length === 0 ? 'WITHIN' : 'BREACHED', ...(at === undefined ? {} : { atMs: at }), ...source('apra_cps230'),
    });
  }

  if (enabled.includes('uk_opres')) {
    for (const o of operations) {
      const breached = o.verdicts.filter((v) => v.verdict === 'BREACHED').sort((a, b) => a.breachedAtMs! - b.breachedAtMs!);
      findings.push({
        regime: 'uk_opres', operationId: o.op.id, criterion: 'remained within the impact tolerance of the important business service (SYSC 15A.2.9R; PRA SS1/21)',
        threshold: o.verdicts.map((v) => v.kind).join(', '), measured: breached.length === 0 ? 'all within' : `breached: ${breached.map((v) => v.kind).join(', ')}`,
        result: breached.length === 0 ? 'WITHIN' : 'BREACHED', ...(breached[0] === undefined ? {} : { atMs: breached[0].breachedAtMs! }), ...source('uk_opres'),
      });
    }
  }

  if (enabled.includes('mas_trm')) {
    const budgetMs = MAS_LIMITS.downtimeHoursPer12Months * 3_600_000;
    const used = scenario.resilience.mas?.downtimeUsedMs ?? 0;
    for (const o of operations) {
      const rto = Math.min(o.op.tolerances.maxDisruptionMs ?? Number.POSITIVE_INFINITY, MAS_LIMITS.rtoHours * 3_600_000);
      const aboveCeiling = (o.op.tolerances.maxDisruptionMs ?? 0) > MAS_LIMITS.rtoHours * 3_600_000;
      const late = o.measures.episodes.find((e) => e.endMs - e.startMs > rto);
      findings.push({
        regime: 'mas_trm', operationId: o.op.id, criterion: 'recovery time within the recovery time objective (at most 4 h)',
        threshold: `RTO ${ms(rto)}${aboveCeiling ? ' (the operation\'s max_disruption is above MAS\'s 4 h ceiling; the ceiling is used)' : o.op.tolerances.maxDisruptionMs === undefined ? ' (the 4 h ceiling: no max_disruption set)' : ' (max_disruption)'}`,
        measured: `longest disruption ${ms(o.measures.longestDisruptionMs)}`, result: late === undefined ? 'WITHIN' : 'BREACHED', ...(late === undefined ? {} : { atMs: late.startMs + rto }), ...source('mas_trm'),
      });
      let remaining = budgetMs - used;
      let at: number | undefined;
      for (const e of o.measures.episodes) {
        const len = e.endMs - e.startMs;
        if (at === undefined && len > remaining) at = e.startMs + Math.max(0, remaining);
        remaining -= len;
      }
      const total = used + o.measures.totalDisruptionMs;
      findings.push({
        regime: 'mas_trm', operationId: o.op.id, criterion: 'unscheduled downtime of the critical system within 4 h in any 12 months',
        threshold: `4 h; already used ${ms(used)} (resilience.mas.downtime_used)`,
        measured: `this drill ${ms(o.measures.totalDisruptionMs)} = ${plain(dec(String(o.measures.totalDisruptionMs)).times(100).div(budgetMs).toDecimalPlaces(2))} % of the budget; total ${ms(total)}`,
        result: total > budgetMs ? 'BREACHED' : 'WITHIN', ...(at === undefined ? {} : { atMs: at }), ...source('mas_trm'),
      });
    }
  }

  let dora: RegimeEvaluation['dora'];
  if (enabled.includes('eu_dora') && scenario.resilience.dora !== undefined) {
    const affected = new Map<string, AffectedItem>();
    const loss = new Map<string, ServiceItem>();
    for (const o of operations) {
      for (const a of o.measures.affected) affected.set(`${a.item.flow}|${a.item.id}`, a);
      for (const l of o.measures.dataLoss) loss.set(`${l.flow}|${l.id}`, l);
    }
    const c = classifyDora({
      inputs: scenario.resilience.dora,
      affected: [...affected.values()],
      dataLoss: [...loss.values()].sort((a, b) => a.answeredAt - b.answeredAt),
      episodes: operations.flatMap((o) => o.measures.episodes),
      ...(input.economicImpactEur === undefined ? {} : { economicImpactEur: input.economicImpactEur }),
      economicImpactBasis: input.economicImpactBasis,
      drillEndMs: scenario.endMs,
    });
    const classifiedAt = c.major && c.trueAtMs !== undefined && awareness !== undefined ? Math.max(c.trueAtMs, awareness + materiality) : undefined;
    dora = { ...c, ...(classifiedAt === undefined ? {} : { classifiedAtMs: classifiedAt }) };
    for (const k of c.criteria) {
      findings.push({
        regime: 'eu_dora', operationId: '', criterion: `${k.id} (${k.article})`, threshold: k.threshold, measured: `${k.measured} [${k.basis}]`,
        result: k.met === 'not_assessed' ? 'NOT_ASSESSED' : k.met ? 'MET' : 'NOT_MET', ...(k.metAtMs === undefined ? {} : { atMs: k.metAtMs }), ...source('eu_dora'),
      });
    }
    findings.push({ regime: 'eu_dora', operationId: '', criterion: 'classification (Art. 8(1)): became true', threshold: 'gate and (malicious access, or two or more other thresholds)', measured: c.reason, result: c.major ? 'MAJOR' : 'NOT_MAJOR', ...(c.trueAtMs === undefined ? {} : { atMs: c.trueAtMs }), ...source('eu_dora') });
    if (c.major) {
      findings.push({
        regime: 'eu_dora', operationId: '', criterion: 'classification by the firm (monitor view)', threshold: 'awareness + materiality_assessment_delay, not before the criteria were met',
        measured: awareness === undefined ? 'the monitor never detected a disrupted critical operation' : `aware ${toIsoUtc(awareness)}; materiality assessment ${ms(materiality)}`,
        result: classifiedAt === undefined ? 'NOT_DETECTED' : 'MAJOR', ...(classifiedAt === undefined ? {} : { atMs: classifiedAt }), ...source('eu_dora'),
      });
    }
  }

  if (enabled.includes('us_banking')) {
    findings.push({
      regime: 'us_banking', operationId: '', criterion: 'notification incident determined (12 CFR 53.2, 53.3)', threshold: 'a critical operation materially disrupted, determined at awareness + materiality_assessment_delay',
      measured: disrupted.length === 0 ? 'no critical operation disrupted' : `${disrupted.length} operation(s) disrupted; ${awareness === undefined ? 'never detected' : `aware ${toIsoUtc(awareness)}`}`,
      result: disrupted.length === 0 ? 'NOT_MET' : awareness === undefined ? 'NOT_DETECTED' : 'MET', ...(disrupted.length > 0 && awareness !== undefined ? { atMs: awareness + materiality } : {}), ...source('us_banking'),
    });
  }

  const clocks = regimeRows(scenario, enabled, disrupted.length > 0, awareness, dora);
  return {
    enabled, findings,
    ...(awareness === undefined ? {} : { awarenessMs: awareness }),
    ...(dora === undefined ? {} : { dora }),
    rows: clocks.rows, triggers, recheck: clocks.recheck,
  };
}

interface Clocked {
  rule: RegimeRule;
  triggerId: string;
  triggerMs: number;
  startMs: number;
  assumption: string;
  submittedMs?: number;
  evidence: string;
}

/** The reporting rows of the switched-on regimes, and their deadlines rechecked by the second route. */
function regimeRows(scenario: Scenario, enabled: readonly ResilienceRegimeId[], incident: boolean, awareness: number | undefined, dora: RegimeEvaluation['dora']): { rows: ComplianceRow[]; recheck: RegimeEvaluation['recheck'] } {
  const rows: ComplianceRow[] = [];
  const mismatches: DeadlineMismatch[] = [];
  let checked = 0;
  const delays = scenario.resilience.notificationDelaysMs;
  const materiality = scenario.compliance.materialityAssessmentDelayMs;
  const d = scenario.resilience.dora;
  const days: NonWorkingDays | undefined = d === undefined ? undefined : {
    timeZone: EEA_TIME_ZONES[d.memberState] ?? 'UTC',
    bankHolidays: new Set(d.bankHolidays),
    label: `${d.memberState} (${EEA_TIME_ZONES[d.memberState] ?? 'UTC'}; weekends + ${d.bankHolidays.length} bank holiday(s))`,
  };
  const excluded = d !== undefined && d.entityType !== 'other';
  const base = (rule: RegimeRule) => ({ kind: 'regulatory' as const, obligation_id: rule.id, regulator: rule.regulator, jurisdiction: rule.jurisdiction, penalty_reference: NO_PENALTY, source_url: rule.sourceUrl });
  const listed = (rule: RegimeRule, applicable: boolean, why: string): ComplianceRow => ({
    ...base(rule), ...NO_TRANSACTION, cause: '', applicable, trigger_event_id: '', trigger_ts: '', clock_basis: rule.clock.basis, calendar: rule.regime === 'eu_dora' && days !== undefined ? days.label : '',
    clock_start_ts: '', clock_start_assumption: why, deadline_ts: '', submitted_ts: '', slack_s: '', status: 'NOT_TRIGGERED', evidence_ref: '',
  });
  const emit = (c: Clocked): number => {
    const withRelief = c.rule.regime === 'eu_dora' ? days : undefined;
    const deadline = regimeDeadline(c.rule.clock, c.startMs, withRelief, excluded);
    const k = classifyObligation(c.startMs, deadline, c.submittedMs, scenario.endMs);
    const row: ComplianceRow = {
      ...base(c.rule), ...NO_TRANSACTION, cause: 'incident', applicable: true, trigger_event_id: c.triggerId, trigger_ts: toIsoUtc(c.triggerMs), clock_basis: c.rule.clock.basis,
      calendar: withRelief?.label ?? '', clock_start_ts: toIsoUtc(c.startMs), clock_start_assumption: c.assumption, deadline_ts: toIsoUtc(deadline),
      submitted_ts: c.submittedMs === undefined ? '' : toIsoUtc(c.submittedMs), slack_s: msToSeconds(k.slackMs), status: k.status, evidence_ref: c.evidence,
    };
    rows.push(row);
    checked += 1;
    const again = recheckRegimeDeadline(row.clock_start_ts, c.rule.clock, withRelief, excluded);
    if (again !== row.deadline_ts) mismatches.push({ obligation_id: row.obligation_id, trigger_event_id: row.trigger_event_id, reported: row.deadline_ts, recomputed: again });
    return deadline;
  };
  const submitted = (key: string, start: number): { submittedMs?: number; evidence: string } => {
    const delay = delays[key];
    return delay === undefined ? { evidence: 'not submitted in the drill (resilience.notifications)' } : { submittedMs: start + delay, evidence: `submitted: assumption clock_start + ${ms(delay)} (resilience.notifications.${key})` };
  };
  const rule = (id: string): RegimeRule => REGIME_RULES.find((r) => r.id === id)!;
  for (const r of REGIME_RULES) {
    if (enabled.includes(r.regime)) continue;
    rows.push(listed(r, false, `switched off (regime ${r.regime})`));
  }
  const notDetected = 'a critical operation was disrupted, but the monitor never detected it during the drill: the clock never started (a finding)';
  if (enabled.includes('mas_trm')) {
    for (const id of ['SG-MAS-TRM-NOTIFY', 'SG-MAS-TRM-RCA']) {
      const r = rule(id);
      if (!incident) rows.push(listed(r, true, 'no critical operation was disrupted: no relevant incident'));
      else if (awareness === undefined) rows.push(listed(r, true, notDetected));
      else emit({ rule: r, triggerId: 'incident:discovery', triggerMs: awareness, startMs: awareness, assumption: `${r.clockStart}`, ...submitted(r.notificationKey, awareness) });
    }
  }
  if (enabled.includes('us_banking')) {
    const r = rule('US-BANKING-36H');
    if (!incident) rows.push(listed(r, true, 'no critical operation was disrupted: no notification incident'));
    else if (awareness === undefined) rows.push(listed(r, true, notDetected));
    else emit({ rule: r, triggerId: 'incident:determination', triggerMs: awareness, startMs: awareness + materiality, assumption: `${r.clockStart}; materiality_assessment_delay = ${ms(materiality)}`, ...submitted(r.notificationKey, awareness + materiality) });
  }
  if (enabled.includes('eu_dora')) {
    const ids = ['EU-DORA-INITIAL-4H', 'EU-DORA-INITIAL-24H', 'EU-DORA-INTERMEDIATE', 'EU-DORA-FINAL'];
    if (dora === undefined || !dora.major) {
      for (const id of ids) rows.push(listed(rule(id), true, dora === undefined ? 'resilience.dora is missing' : `not a major incident: ${dora.reason}`));
    } else if (dora.classifiedAtMs === undefined || awareness === undefined) {
      for (const id of ids) rows.push(listed(rule(id), true, `major from ${toIsoUtc(dora.trueAtMs!)}, but ${notDetected}`));
    } else {
      const classified = dora.classifiedAtMs;
      const initial = submitted('EU-DORA-INITIAL', classified);
      const reliefNote = excluded ? `; ${d!.entityType}: no weekend/holiday relief for the initial and intermediate reports (Art. 5(5))` : '; a deadline on a weekend or bank holiday moves to 12:00 of the next working day (Art. 5(4))';
      const d4 = emit({ rule: rule('EU-DORA-INITIAL-4H'), triggerId: 'incident:dora-classified', triggerMs: dora.trueAtMs!, startMs: classified, assumption: `${rule('EU-DORA-INITIAL-4H').clockStart}${reliefNote}`, ...initial });
      const d24 = emit({ rule: rule('EU-DORA-INITIAL-24H'), triggerId: 'incident:dora-classified', triggerMs: dora.trueAtMs!, startMs: awareness, assumption: `${rule('EU-DORA-INITIAL-24H').clockStart}${reliefNote}`, ...initial });
      const initialDue = Math.min(d4, d24);
      const interStart = initial.submittedMs ?? initialDue;
      const inter = submitted('EU-DORA-INTERMEDIATE', interStart);
      const interDue = emit({
        rule: rule('EU-DORA-INTERMEDIATE'), triggerId: 'incident:dora-initial', triggerMs: interStart, startMs: interStart,
        assumption: `${initial.submittedMs === undefined ? 'the initial notification is not submitted in the drill: counted from its deadline (the latest it may be submitted)' : 'the initial notification as submitted'}${reliefNote}`, ...inter,
      });
      const finalStart = inter.submittedMs ?? interDue;
      emit({
        rule: rule('EU-DORA-FINAL'), triggerId: 'incident:dora-intermediate', triggerMs: finalStart, startMs: finalStart,
        assumption: `${inter.submittedMs === undefined ? 'the intermediate report is not submitted in the drill: counted from its deadline' : 'the intermediate report as submitted'}; one calendar month in ${days?.timeZone ?? 'UTC'} civil time; relief on weekends and bank holidays (Art. 5(4))`,
        ...submitted('EU-DORA-FINAL', finalStart),
      });
    }
  }
  return { rows, recheck: { checked, mismatches } };
}
