/**
 * Operational resilience in the reports (docs/resilience.md):
 * - `renderResilienceSection`: the "Operational resilience" section near the top of summary.md;
 * - `renderResilienceMarkdown`: resilience.md, the evidence pack a drill lead hands to the owner of
 *   the firm's CPS 230 / SS1/21 / DORA obligations, readable without the rest of the folder: the
 *   scenario as a severe-but-plausible narrative, each critical operation's tolerances and results
 *   (ground truth beside the monitor's view), the classification under each switched-on regime,
 *   the notification deadlines and their slack, the controls that held or failed, and the lessons
 *   and actions; with replicates, the share of replicates within each tolerance.
 */
import { dec, plain } from '../finance/decimal.js';
import type { Evaluation } from '../finance/evaluate/evaluate-run.js';
import type { ComplianceRow } from '../finance/compliance/index.js';
import { REGIME_RULES, RESILIENCE_REGIMES, type ReplicateToleranceShare, type ToleranceVerdict } from '../finance/resilience/index.js';
import { durationText, isoUtc, localTime, moneyText, places } from './format.js';
import type { RunInfo } from './run-info.js';
import { mdCell, mdText } from './safe-text.js';

const DISCLAIMER = 'Simulated drill. Regulatory classifications and deadlines are indicative, not legal advice; each rule carries its source and how far it was verified (docs/compliance.md).';

/** Every cell through mdCell: scenario text (titles, owners, descriptions) cannot break the table or inject HTML. */
function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.map(mdCell).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)];
}

/** A canonical measure value for people: durations in h/m/s, percent at 2 dp, money with currency. */
export function measureText(unit: ToleranceVerdict['unit'], value: string, ccy: string): string {
  if (value === '') return 'not measured (no traffic)';
  switch (unit) {
    case 'duration':
      return durationText(Number(value) / 1000);
    case 'percent':
      return `${places(dec(value), 2)} %`;
    case 'money':
      return moneyText(dec(value), ccy);
    case 'count':
      return value;
  }
}

function verdictMark(v: string): string {
  return v === 'WITHIN' ? '✓ WITHIN' : v === 'BREACHED' ? '✗ BREACHED' : v;
}

function toleranceRows(ev: Evaluation, withOperation: boolean): string[][] {
  const ccy = ev.reportingCcy;
  return ev.resilience.operations.flatMap((o) => o.verdicts.map((v) => [
    ...(withOperation ? [`\`${o.op.id}\``] : []),
    v.kind + (v.withinMs === undefined ? '' : ` (served within ${durationText(v.withinMs / 1000)})`),
    measureText(v.unit, v.limit, ccy), measureText(v.unit, v.measured, ccy), verdictMark(v.verdict),
    isoUtc(v.breachedAtMs) || '—', v.verdict !== 'BREACHED' ? '—' : v.unit === 'percent' ? `${places(dec(v.excess), 2)} percentage points` : measureText(v.unit, v.excess, ccy),
  ]));
}

/** The exec-summary line about resilience. */
export function resilienceHeadline(ev: Evaluation): string {
  const r = ev.resilience;
  const total = r.operations.reduce((n, o) => n + o.verdicts.length, 0);
  const breached = r.operations.flatMap((o) => o.verdicts.filter((v) => v.verdict === 'BREACHED').map((v) => `${o.op.id}: ${v.kind} at ${isoUtc(v.breachedAtMs)}`));
  return `- **Operational resilience: ${r.breached} of ${total} tolerance(s) breached** over ${r.operations.length} critical operation(s)${breached.length === 0 ? '' : ` — ${breached.slice(0, 3).join('; ')}${breached.length > 3 ? '; …' : ''}`} ([operational resilience](#operational-resilience), \`tolerances.csv\`, \`resilience.md\`)`;
}

/** The "Operational resilience" section of summary.md. */
export function renderResilienceSection(ev: Evaluation): string[] {
  const r = ev.resilience;
  const out: string[] = ['', '## Operational resilience', ''];
  out.push('Critical operations measured from ground truth: each transaction\'s outcome at the providers, not only the firm\'s belief. The evidence pack for a supervisor is `resilience.md`; every verdict recomputes from `tolerances.csv`, `service_windows.csv` and `affected_items.csv` (docs/resilience.md).', '');
  out.push(...mdTable(['Operation', 'Tolerance', 'Limit', 'Measured', 'Verdict', 'Breached at (UTC)', 'By'], toleranceRows(ev, true)));
  out.push('');
  out.push(...mdTable(['Operation', 'Disruption (ground truth)', 'First transaction not served', 'Detected (monitor)', 'Monitor resolved', 'Baseline disrupted windows'], r.operations.map((o) => {
    const e = o.measures.longestEpisode;
    const first = o.measures.affected.reduce<number | undefined>((m, a) => (m === undefined || a.item.arrivedAt < m ? a.item.arrivedAt : m), undefined);
    return [
      `\`${o.op.id}\``, e === undefined ? 'none' : `${isoUtc(e.startMs)} → ${isoUtc(e.endMs)} (${durationText((e.endMs - e.startMs) / 1000)}; ${o.measures.episodes.length} episode(s), ${durationText(o.measures.totalDisruptionMs / 1000)} in all)`,
      isoUtc(first) || 'none', o.monitor.detectedAtMs === undefined ? 'not detected' : `${isoUtc(o.monitor.detectedAtMs)} (${o.monitor.detectedBy ?? ''})`,
      o.monitor.detectedAtMs === undefined ? '—' : isoUtc(o.monitor.resolvedAtMs) || 'still alerting at the drill end', String(o.baseline.disruptedWindows),
    ];
  })));
  const enabled = r.regimes.enabled;
  out.push('', `Regimes switched on: ${enabled.length === 0 ? 'none of the resilience regimes (compliance.regimes: apra_cps230, uk_opres, mas_trm, eu_dora, us_banking)' : enabled.join(', ')}.${r.regimes.dora === undefined ? '' : ` DORA: **${r.regimes.dora.major ? 'MAJOR' : 'not major'}**${r.regimes.dora.trueAtMs === undefined ? '' : ` from ${isoUtc(r.regimes.dora.trueAtMs)}`} (${r.regimes.dora.reason}).`} Findings: \`regimes.csv\`; notification clocks: \`compliance.csv\`.`);
  return out;
}

function regimeRow(row: ComplianceRow, tz: string): string[] {
  const slack = row.slack_s === '' ? '—' : `${Number(row.slack_s) < 0 ? '−' : ''}${durationText(Math.abs(Number(row.slack_s)))}${Number(row.slack_s) < 0 ? ' (late)' : ''}`;
  return [
    row.obligation_id, row.regulator, row.clock_start_ts || '—', row.deadline_ts === '' ? '—' : `${row.deadline_ts} (${localTime(Date.parse(row.deadline_ts), tz)})`,
    row.submitted_ts || 'not submitted in the drill', slack, row.status, row.clock_start_assumption,
  ];
}

/** Whether a compliance row belongs to a resilience regime (CPS 230 clocks included). */
function isResilienceRow(row: ComplianceRow): boolean {
  return row.obligation_id.startsWith('AU-APRA-CPS230') || REGIME_RULES.some((r) => r.id === row.obligation_id);
}

interface ControlFinding {
  control: string;
  configured: string;
  happened: string;
  verdict: 'HELD' | 'FAILED' | 'NOT EXERCISED' | 'NOT CONFIGURED';
}

/** The controls that held or failed, from the control findings and the journal. */
export function controlFindings(ev: Evaluation): ControlFinding[] {
  const s = ev.scenario;
  const c = ev.controls;
  const integ = s.integration;
  const reference = integ.type === 'reference';
  const events = ev.ledgers.faulted.events;
  const opened = events.filter((e) => e.type === 'circuit.opened');
  const failovers = events.filter((e): e is Extract<typeof e, { type: 'failover' }> => e.type === 'failover' && e.reason !== 'recovered');
  const duplicates = c.orderDuplicates + c.paymentDuplicates;
  const unknown = c.ordersUnknown + c.paymentsUnknown;
  const outageLike = s.faults.filter((f) => f.kind === 'outage' || f.kind === 'error' || f.kind === 'schema-drift' || f.kind === 'partial');
  const backups = outageLike.filter((f) => { const role = s.providers.find((p) => p.id === f.target)?.role; return s.providers.filter((p) => p.role === role).length > 1; });
  const bandFills = ev.compliance.triggers.filter((t) => t.kind === 'order_outside_band').length;
  const retriesMax = reference ? integ.retries.max : 0;
  return [
    {
      control: 'Retries', configured: reference ? `up to ${retriesMax} retries, ${integ.retries.backoff} backoff from ${integ.retries.baseDelayMs} ms, jitter ${integ.retries.jitter}` : `the firm's own (${integ.type} integration)`,
      happened: `${c.unsafeRetries} unsafe retr${c.unsafeRetries === 1 ? 'y' : 'ies'} (without an idempotency key or a status check)`,
      verdict: c.unsafeRetries > 0 ? 'FAILED' : retriesMax === 0 && reference ? 'NOT CONFIGURED' : 'HELD',
    },
    {
      control: 'Idempotency', configured: reference ? (integ.idempotency ? 'idempotency keys and client order ids; status check before a retry' : 'off') : 'the firm\'s own',
      happened: `${duplicates} duplicate execution(s) (${c.paymentDuplicates} charge(s), ${c.orderDuplicates} order(s)); ${unknown} outcome(s) left unknown and parked for reconciliation`,
      verdict: duplicates > 0 ? 'FAILED' : reference && !integ.idempotency ? 'NOT CONFIGURED' : 'HELD',
    },
    {
      control: 'Circuit breaker', configured: reference && integ.circuitBreaker !== undefined ? `opens after ${integ.circuitBreaker.failureThreshold} failures, cooldown ${durationText(integ.circuitBreaker.cooldownMs / 1000)}` : 'not configured',
      happened: `opened ${opened.length} time(s)${opened.length === 0 ? '' : ` (first at ${isoUtc(opened[0]!.t)} on ${(opened[0] as { provider: string }).provider})`}`,
      verdict: !(reference && integ.circuitBreaker !== undefined) ? 'NOT CONFIGURED' : opened.length > 0 ? 'HELD' : 'NOT EXERCISED',
    },
    {
      control: 'Failover', configured: reference ? Object.entries(integ.failover).map(([role, chain]) => `${role}: ${chain.join(' → ')}`).join('; ') : 'the firm\'s own',
      happened: failovers.length === 0 ? 'no failover' : failovers.map((f) => `${f.reason} ${f.from} → ${f.to} at ${isoUtc(f.t)}`).join('; '),
      verdict: failovers.length > 0 ? 'HELD' : backups.length > 0 ? 'FAILED' : 'NOT EXERCISED',
    },
    {
      control: 'Validation (staleness, price band, currency)',
      configured: `max price age ${integ.validation.maxPriceAgeMs === undefined ? 'none' : durationText(integ.validation.maxPriceAgeMs / 1000)}; band ${integ.validation.priceBandPct === undefined ? 'none' : `±${integ.validation.priceBandPct} %`}; currency check ${integ.validation.currencyCheck ? 'on' : 'off'}`,
      happened: `${c.pricesRejected} price(s) blocked; ${c.staleFills} client fill(s) on stale prices; ${bandFills} fill(s) outside the band`,
      verdict: c.staleFills > 0 || bandFills > 0 ? 'FAILED' : c.pricesRejected > 0 ? 'HELD' : 'NOT EXERCISED',
    },
  ];
}

export interface ResilienceRenderOptions {
  /** With replicates: how many replicates were within each tolerance (finance/resilience `shareWithinTolerance`). */
  replicates?: readonly ReplicateToleranceShare[];
}

/** resilience.md: the evidence pack. */
export function renderResilienceMarkdown(ev: Evaluation, info: RunInfo, options: ResilienceRenderOptions = {}): string {
  const s = ev.scenario;
  const r = ev.resilience;
  const ccy = ev.reportingCcy;
  const tz = s.reporting.timezone;
  const out: string[] = [];
  out.push(`# Operational resilience evidence: ${mdText(s.title)}`, '');
  out.push(`Scenario \`${s.id}\` · run \`${ev.runId}\` · mode \`${ev.mode}\` · seed ${ev.seed} · faultline ${info.version} · scenario file sha256 \`${info.contentHash}\``, '');
  out.push(`Drill window: ${isoUtc(s.startMs)} → ${isoUtc(s.endMs)} (${localTime(s.startMs, tz)} → ${localTime(s.endMs, tz)}).${ev.incomplete ? ` **Incomplete run**: ${ev.incompleteReason ?? 'stopped early'}.` : ''}`, '');
  out.push(`> ${DISCLAIMER}`);

  out.push('', '## 1. The scenario: severe but plausible', '');
  if (s.rationale !== undefined) out.push(mdText(s.rationale.trim()));
  else out.push(`No rationale was given (scenario field \`rationale\`).${s.description === undefined ? '' : ` The scenario's description: ${mdText(s.description.trim())}`}`);
  out.push('');
  out.push(...mdTable(['Fault', 'Kind', 'Provider', 'Window (UTC)', 'Probability'], s.faults.map((f) => [f.id, f.kind, f.target, `${isoUtc(f.startMs)} → ${isoUtc(f.endMs)} (${durationText((f.endMs - f.startMs) / 1000)})`, String(f.probability)])));
  if (s.faults.length === 0) out.push('', 'No fault was injected.');

  out.push('', '## 2. Critical operations and their tolerances', '');
  out.push(...mdTable(['Operation', 'Depends on', 'Transactions', 'Served means', 'Tolerances'], r.operations.map((o) => [
    `${o.op.title} (\`${o.op.id}\`)`,
    o.op.providers.join(', '), o.op.flows.join(', '),
    `answered correctly within ${durationText(o.op.service.withinMs / 1000)}; disrupted when fewer than ${o.op.service.disruptedBelowPct} % of a ${durationText(o.op.service.windowMs / 1000)} window's transactions are served`,
    o.verdicts.map((v) => `${v.kind} ${measureText(v.unit, v.limit, ccy)}`).join('; '),
  ])));

  out.push('', '## 3. Results against the tolerances', '');
  for (const o of r.operations) {
    const m = o.measures;
    const breached = o.verdicts.filter((v) => v.verdict === 'BREACHED');
    out.push(`### ${mdText(o.op.title)} (\`${o.op.id}\`): ${breached.length === 0 ? '✓ within every tolerance' : `✗ ${breached.length} tolerance(s) breached`}`, '');
    out.push(...mdTable(['Tolerance', 'Limit', 'Measured', 'Verdict', 'Breached at (UTC)', 'By'], toleranceRows({ ...ev, resilience: { ...r, operations: [o] } }, false)));
    const e = m.longestEpisode;
    const firstAffected = m.affected.reduce<number | undefined>((x, a) => (x === undefined || a.item.arrivedAt < x ? a.item.arrivedAt : x), undefined);
    out.push('', 'When it happened (ground truth) and when the firm knew (monitor):', '');
    out.push(...mdTable(['', 'Ground truth', "Monitor (the firm's view)"], [
      ['Started', e === undefined ? 'never disrupted' : `${isoUtc(e.startMs)} (first transaction not served ${isoUtc(firstAffected) || '—'})`, o.monitor.detectedAtMs === undefined ? 'never detected' : `${isoUtc(o.monitor.detectedAtMs)}: ${o.monitor.detectedBy ?? ''}`],
      ['Ended', e === undefined ? '—' : isoUtc(e.endMs), o.monitor.detectedAtMs === undefined ? '—' : isoUtc(o.monitor.resolvedAtMs) || 'still alerting at the drill end'],
      ['Duration', e === undefined ? '0s' : `${durationText((e.endMs - e.startMs) / 1000)} (longest of ${m.episodes.length} episode(s); ${durationText(m.totalDisruptionMs / 1000)} in all)`, o.monitor.detectedAtMs !== undefined && o.monitor.resolvedAtMs !== undefined ? durationText((o.monitor.resolvedAtMs - o.monitor.detectedAtMs) / 1000) : '—'],
    ]));
    const outcomes = new Map<string, number>();
    for (const a of m.affected) outcomes.set(a.late ? 'served late' : a.item.outcome, (outcomes.get(a.late ? 'served late' : a.item.outcome) ?? 0) + 1);
    out.push('', `${m.transactions} transaction(s); ${m.affected.length} not served within ${durationText(o.op.service.withinMs / 1000)}${outcomes.size === 0 ? '' : ` (${[...outcomes].map(([k, n]) => `${k} ${n}`).join(', ')})`}; ${m.customers.length} customer(s) affected; value ${moneyText(m.valueAffected, ccy)}; ${m.dataLoss.length} record(s) lost or of unknown outcome. Baseline replay (no faults): ${o.baseline.disruptedWindows} disrupted window(s), ${o.baseline.affected} transaction(s) not served${o.baseline.disruptedWindows > 0 ? ' — the service definition is tight for normal operation' : ''}.`, '');
  }

  out.push('## 4. Classification under each regime', '');
  for (const regime of RESILIENCE_REGIMES) {
    const on = r.regimes.enabled.includes(regime.id);
    out.push(`### ${regime.name} (\`${regime.id}\`): ${on ? 'switched on' : 'switched off'}`, '');
    out.push(`Tests: ${regime.tests}. Source: ${regime.sources.map((x) => `[${x.label}](${x.url})`).join(', ')}; verified [${regime.verification}].`, '');
    if (!on) continue;
    const findings = r.regimes.findings.filter((f) => f.regime === regime.id);
    if (findings.length > 0) out.push(...mdTable(['Operation', 'Criterion', 'Threshold', 'Measured', 'Result', 'At (UTC)'], findings.map((f) => [f.operationId === '' ? 'incident' : `\`${f.operationId}\``, f.criterion, f.threshold, f.measured, f.result, isoUtc(f.atMs) || '—'])), '');
    if (regime.id === 'eu_dora' && r.regimes.dora !== undefined) {
      const d = r.regimes.dora;
      out.push(`**Verdict: ${d.major ? 'MAJOR ICT-related incident' : 'not a major incident'}**${d.trueAtMs === undefined ? '' : `, true from ${isoUtc(d.trueAtMs)}`}${d.classifiedAtMs === undefined ? '' : `; classified by the firm at ${isoUtc(d.classifiedAtMs)}`}. ${d.reason}. Economic impact: ${r.economicImpact.basis}.`, '');
    }
  }

  out.push('## 5. Notifications: deadlines and slack', '');
  const rows = ev.compliance.result.rows.filter((x) => x.applicable && isResilienceRow(x));
  if (rows.length === 0) out.push('No resilience regime with a notification clock is switched on.');
  else out.push(...mdTable(['Obligation', 'To', 'Clock start (UTC)', `Deadline (UTC; ${tz})`, 'Submitted', 'Slack', 'Status', 'Clock start rule'], rows.map((x) => regimeRow(x, tz))));
  out.push('', 'Submission times are the drill\'s stated assumptions (`resilience.notifications`); a notification not submitted is judged at the drill end: ON_TIME while open with time left, AT_RISK when under a quarter of its window is left, MISSED when its deadline passed. Every deadline is recomputed by a second route (self-check "compliance-deadlines").');

  out.push('', '## 6. Controls that held or failed', '');
  out.push(...mdTable(['Control', 'Configured', 'What happened', 'Verdict'], controlFindings(ev).map((c) => [c.control, c.configured, c.happened, c.verdict])));

  out.push('', '## 7. Lessons and actions', '');
  if (s.actions.length === 0) out.push('No actions were recorded in the scenario (`actions:`: id, title, owner, due date, operations, status).');
  else {
    const drillDay = isoUtc(s.startMs).slice(0, 10);
    out.push(...mdTable(['Action', 'Owner', 'Due', 'Operations', 'Status'], s.actions.map((a) => [
      `${a.title} (\`${a.id}\`)`, a.owner, `${a.due}${a.status === 'open' && a.due < drillDay ? ' (overdue at the drill date)' : ''}`, a.operations.join(', ') || '—', a.status,
    ])));
  }

  if (options.replicates !== undefined && options.replicates.length > 0) {
    out.push('', '## 8. Across replicates', '');
    out.push(...mdTable(['Operation', 'Tolerance', 'Within', 'Share within'], options.replicates.map((x) => [`\`${x.operationId}\``, x.kind, `${x.within} of ${x.replicates}`, `${plain(dec(String(x.within)).times(100).div(x.replicates).toDecimalPlaces(1))} %`])));
  }

  out.push('', `## ${options.replicates !== undefined && options.replicates.length > 0 ? '9' : '8'}. How to recompute`, '');
  out.push('- `tolerances.csv`: each verdict with its limit, measured value, breach instant and excess (durations in seconds, money in the reporting currency).');
  out.push('- `service_windows.csv`: per window, arrivals and transactions served within the service time; level = 100 × served ÷ arrived; a window is disrupted below `disrupted_below_pct` (a window without arrivals keeps the previous state); the disruption is the longest run of disrupted windows.');
  out.push('- `affected_items.csv`: every transaction not served; customers affected = distinct `customer_id`; value = Σ `value_reporting`; data loss = rows with `data_loss` true; each breach instant is the row that crossed the tolerance.');
  out.push('- `regimes.csv`: each regime\'s criteria, measured values and results; `compliance.csv`: the notification clocks (clock start, basis, calendar, deadline, slack).');
  out.push('- Definitions, regimes and sources: docs/resilience.md and docs/compliance.md in faultline.');
  out.push('');
  return out.join('\n');
}
