/**
 * summary.md: the executive summary first (finance-reference.md §10.2), then verdicts, the header
 * of conventions (§10.1), and the detail a reviewer needs to recompute every figure from the CSVs.
 * Every amount carries its currency; every figure names the CSV and column it comes from.
 */
import { dec, ZERO, type Dec } from '../finance/decimal.js';
import type { Evaluation } from '../finance/evaluate/evaluate-run.js';
import { ERROR_BUDGET_WINDOW_MINUTES } from '../finance/evaluate/incident-report.js';
import { timingUnreliableText } from '../finance/evaluate/live-timing-report.js';
import { durationText, isoUtc, localTime, moneyText, places } from './format.js';
import { renderResilienceSection, resilienceHeadline } from './render-resilience.js';
import type { RunInfo } from './run-info.js';
import type { Table } from './tables.js';
import { mdCell, mdCode, mdText } from './safe-text.js';

const DISCLAIMER = 'Simulated drill. Compliance figures are indicative, not legal advice; penalty references are never booked as P&L.';

/** Every cell through mdCell: scenario text (titles, names, client ids) cannot split a row or inject HTML. */
function row(cells: readonly string[]): string {
  return `| ${cells.map(mdCell).join(' | ')} |`;
}

function mdTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const sep = header.map((_, i) => ((align?.[i] ?? 'l') === 'r' ? '---:' : '---'));
  return [row(header), row(sep), ...rows.map(row)].join('\n');
}

function sumOf(ev: Evaluation, component: string): Dec {
  return ev.attribution.lines.filter((l) => l.component === component).reduce((s, l) => s.plus(l.impactReporting), ZERO);
}

/** A chart written next to summary.md, embedded with a relative image link. */
export interface ChartEmbed {
  name: string;
  alt: string;
}

export function renderSummaryMarkdown(ev: Evaluation, info: RunInfo, tables: readonly Table[], charts: readonly ChartEmbed[] = []): string {
  const embed = (name: string): void => {
    const c = charts.find((x) => x.name === name);
    if (c !== undefined) out.push('', `![${c.alt}](${c.name})`);
  };
  const s = ev.scenario;
  const ccy = ev.reportingCcy;
  const a = ev.attribution;
  const out: string[] = [];
  const verdictMark = ev.verdict === 'PASS' ? '✅ PASS' : '❌ FAIL';
  out.push(`# Drill report: ${mdText(s.title)}`);
  out.push('');
  out.push(`**${verdictMark}** · scenario \`${s.id}\` · run \`${ev.runId}\` · mode \`${ev.mode}\` (${info.clock} clock${info.speed === undefined ? '' : ` × ${info.speed}`}${info.autoSpeed === undefined ? '' : ', --speed auto'}) · seed ${ev.seed} · faultline ${info.version}`);
  const lt = ev.liveTiming;
  if (lt !== undefined && !lt.kept) out.push('', `> ⚠️ **Timing unreliable**: ${timingUnreliableText(lt)}`);
  if (ev.incomplete) out.push('', `> ⚠️ **Incomplete run**: ${ev.incompleteReason ?? 'the drill stopped early'}. Figures cover the part that ran.`);
  out.push('', `> ${DISCLAIMER}`);

  // ---- Executive summary -------------------------------------------------------------------
  out.push('', '## Executive summary', '');
  const top = [...a.lines].filter((l) => l.component !== 'UNATTRIBUTED' && !l.impactReporting.isZero()).sort((x, y) => y.impactReporting.abs().cmp(x.impactReporting.abs())).slice(0, 5);
  out.push(`- **Total incident P&L: ${moneyText(a.incidentTotal, ccy)}** (faulted − baseline; [attribution](#pnl-attribution), \`pnl_attribution.csv\`)`);
  for (const l of top) out.push(`  - ${l.component}${l.instrument === '' ? '' : ` ${l.instrument}`}: ${moneyText(l.impactReporting, ccy)}`);
  out.push(`  - Missed revenue: gross ${moneyText(a.missedFeeGross, ccy)}; net ${moneyText(a.missedFeeNet, ccy)} (assumed: ${places(dec(String(a.recaptureRate * 100)), 0)}% of rejected client trades come back, ${places(dec(String(a.paymentRetrySuccessRate * 100)), 0)}% of failed payments succeed on retry)`);
  const c = ev.controls;
  out.push(`- **Failed volume**: ${c.tradesRejected} client trade(s) rejected, ${moneyText(c.tradesRejectedNotional, ccy)} notional at the true mid; ${c.paymentsFailed} payment(s) not confirmed as charged (FAILED or UNKNOWN, ${c.paymentsFailedUnknown} UNKNOWN), ${moneyText(c.paymentsFailedAmount, ccy)} (\`drill_summary.csv\` failed_trade_notional, failed_payment_amount)`);
  if (a.paymentMarginBaseline.isNegative() && !a.paymentMarginBaseline.isZero()) {
    out.push(`- ⚠️ **The baseline's payment margin is negative** (${moneyText(a.paymentMarginBaseline, ccy)}: take rate ${s.business.paymentTakeRateBps} bps minus processor fees over the baseline's charges): each payment the fault stopped shows as a **gain** in MISSED_FEE. Check \`business.payment_take_rate_bps\` against the processors' fees.`);
  } else if (a.negativeMarginCharges > 0) {
    out.push(`- ⚠️ ${a.negativeMarginCharges} baseline charge(s) earn less than their processor fee (take rate ${s.business.paymentTakeRateBps} bps): the failure of one of these shows as a gain in MISSED_FEE.`);
  }
  const ex = ev.exposure;
  if (ex !== undefined) {
    const m = ex.metrics;
    const base = ex.instrument.split('-')[0];
    out.push(`- **Peak unhedged exposure: ${moneyText(m.peakAbsNotional, ccy)}** (${places(m.peakAbsQty, 4)} ${base}) against a limit of ${moneyText(ex.limit, ccy)}; time-weighted |N| ${places(m.timeWeightedAbsQty, 4)} ${base} (|E| ${moneyText(m.timeWeightedAbsNotional, ccy)}); limit breached ${durationText(m.limitBreachSeconds)} in ${m.breachEpisodes} episode(s), max excess ${moneyText(m.maxExcess, ccy)} ([exposure](#hedging-exposure))`);
    const cu = ev.hedges.faulted.catchUp;
    if (cu.episodes > 0) out.push(`  - Catch-up hedge slippage (§3.2, ${cu.episodes} delayed hedge(s)): ${moneyText(cu.slippageCost, ccy)} = drift ${moneyText(cu.driftCost, ccy)} + execution ${moneyText(cu.executionCost, ccy)} (costs; \`hedges.csv\` catch_up = true)`);
    out.push(`- **VaR99 / ES99 of the peak position over the ${durationText(ex.horizonMs / 1000)} outage: ${moneyText(ex.var99, ccy)} / ${moneyText(ex.es99, ccy)}** (parametric GBM, σ = ${(ex.sigmaAnnual * 100).toFixed(0)}%/yr, √365)`);
  }
  const mc = ev.monteCarlo;
  if (mc !== undefined) {
    const g = mc.rows[0]!.result;
    const j = mc.rows[2]!.result;
    out.push(`  - Monte Carlo (${mc.paths} paths per model, seed ${ev.seed}): GBM VaR99 ${moneyText(g.var99, ccy)} ± ${moneyText(g.stderrVar99, ccy)} (standard error); Merton jump-diffusion VaR99 / ES99 ${moneyText(j.var99, ccy)} / ${moneyText(j.es99, ccy)} (\`scenarios.csv\`)`);
  }
  const cc = ev.compliance.counts;
  const pc = ev.compliance.playbookCounts;
  const ci = ev.compliance.byCause.incident;
  const cr = ev.compliance.byCause.routine;
  out.push(`- **Compliance: ${ci.triggered} obligation(s) caused by the incident** — ON_TIME ${ci.onTime}, AT_RISK ${ci.atRisk}, LATE ${ci.late}, MISSED ${ci.missed}; routine business (would have arisen without the fault): ${cr.triggered} (LATE ${cr.late}, MISSED ${cr.missed}); ${cc.triggered} in all; tightest slack ${slackText(ev.compliance.tightestSlackS)}${ev.compliance.tightestObligation === '' ? '' : ` (${mdText(ev.compliance.tightestObligation)})`}; playbook: ${pc.steps} step(s), ${pc.late + pc.missed} late or missed, ${pc.atRisk} at risk ([compliance](#compliance), \`compliance.csv\`; indicative, not legal advice)`);
  const cl = ev.clients;
  out.push(`- **Client impact: ${cl.affectedFaulted} client(s)/customer(s) affected**${cl.rows[0] === undefined ? '' : `, most exposed ${mdText(cl.rows[0].clientId)} (${moneyText(cl.rows[0].moneyAtStake, ccy)} at stake)`}; expected support tickets ${places(cl.ticketsFaulted, 1)} vs ${places(cl.ticketsBaseline, 1)} baseline (${cl.increasePct === undefined ? (cl.ticketsFaulted.isZero() ? 'no change' : 'no baseline tickets: increase undefined') : `${cl.increasePct.gte(0) ? '+' : ''}${places(cl.increasePct, 1)}%`}) at a ${places(dec(String(cl.contactRate * 100)), 0)}% contact rate ([clients](#client-impact), \`clients.csv\`)`);
  if (ev.staleFills.fills.length > 0) out.push(`- **Stale fills**: ${ev.staleFills.fills.length} fill(s), stale cost ${moneyText(ev.staleFills.staleCost, ccy)} = ${places(ev.staleFills.staleCostBps, 2)} bps of ${moneyText(ev.staleFills.referenceNotional, ccy)} reference notional (§2.2); pick-off estimate ${moneyText(ev.staleFills.pickOffCost, ccy)} at p_informed ${ev.staleFills.pInformed} (\`stale_fills.csv\`)`);
  const hf = ev.hedges.faulted;
  if (hf.episodes > 0) out.push(`- **Hedge implementation shortfall**: ${hf.delayed} of ${hf.episodes} hedge episode(s) delayed; IS ${moneyText(hf.total, ccy)} faulted vs ${moneyText(ev.hedges.baseline.total, ccy)} baseline (delay ${moneyText(hf.delay, ccy)}, execution ${moneyText(hf.execution, ccy)}, opportunity ${moneyText(hf.opportunity, ccy)}, fees ${moneyText(hf.fees, ccy)}; costs, \`hedges.csv\`)`);
  const receivable = dec(ev.metrics['sla.credit_receivable'] ?? '0');
  const payable = dec(ev.metrics['sla.credit_payable'] ?? '0');
  const minUptime = ev.metrics['sla.min_uptime_pct'];
  out.push(`- **SLA credits**: receivable ${moneyText(receivable, ccy)}, payable ${moneyText(payable, ccy)}${minUptime === undefined ? '' : `; lowest monthly uptime ${places(dec(minUptime), 4)}%`} ([SLA](#sla))`);
  const inc = ev.incidents;
  out.push(`- **Incident timings** (worst across ${inc.rows.length} incident(s)): TTD ${durationText(inc.ttd.max)} (monitor bound: mean ${durationText(inc.bound.meanS)}, max ${durationText(inc.bound.maxS)}), TTA ${durationText(inc.tta.max)}, TTM ${durationText(inc.ttm.max)}, TTR(recover) ${durationText(inc.ttrRecover.max)} ([incidents](#incidents))`);
  const budgets = inc.rows.filter((r) => r.errorBudgetConsumedPct !== undefined);
  for (const r of budgets) out.push(`  - ${r.target}: ${places(r.errorBudgetConsumedPct!, 1)}% of the month's error budget consumed (burn rate ${places(r.burnRate!, 1)}×)`);
  out.push(`- **Control findings**: ${c.unsafeRetries} unsafe retries (orders ${c.orderUnsafeRetries}, payments ${c.paymentUnsafeRetries}), ${c.orderDuplicates} duplicate orders, ${c.paymentDuplicates} duplicate charges (customer funds to refund ${moneyText(c.customerFundsAtRisk, ccy)}, not P&L), ${c.ordersUnknown + c.paymentsUnknown} unknown outcomes (orders ${c.ordersUnknown}, payments ${c.paymentsUnknown}; ${c.ordersUnresolved + c.paymentsUnresolved} never resolved), ${c.staleFills} fills on stale prices, ${c.tradesRejected} client trades rejected, ${c.paymentsFailed} payments failed (FAILED or UNKNOWN), ${c.pricesRejected} prices blocked by validation, ${c.deadLetters} dead letters`);
  out.push(resilienceHeadline(ev));
  out.push(...renderResilienceSection(ev));

  // ---- Verdicts ----------------------------------------------------------------------------
  out.push('', '## Verdicts', '');
  out.push(mdTable(['', 'Threshold', 'Actual', 'Detail'], ev.thresholds.map((t) => [t.status === 'PASS' ? '✓' : '✗', mdCode(t.name), t.actualDisplay, t.detail])));
  out.push('', '### Self-checks', '');
  out.push(mdTable(['', 'Check', 'Detail'], ev.selfChecks.map((k) => [k.status === 'PASS' ? '✓ PASS' : '✗ FAIL', k.title, k.detail])));
  out.push('', '### Fault hits', '');
  out.push(mdTable(['Fault', 'Kind', 'Target', 'Via', 'Window (UTC)', 'Requests affected', 'By outcome', 'Status'], ev.faultHits.map((h) => [
    h.faultId, h.kind, h.target, h.via, `${isoUtc(h.startMs)} → ${isoUtc(h.endMs)}`, String(h.total), Object.entries(h.byOutcome).map(([k, v]) => `${k} ${v}`).join(', ') || '—', h.status,
  ])));

  // ---- Header: conventions -----------------------------------------------------------------
  out.push('', '## Conventions and inputs', '');
  const fxPairs = Object.entries(s.market.fx).map(([p, r]) => `${p} ${r}`).join(', ') || 'none (single currency)';
  out.push(mdTable(['Item', 'Value'], [
    ['Run id', `\`${ev.runId}\` (from the scenario's sha256, seed, mode and faultline version)`],
    ['Scenario', `${s.id}: ${s.title}`],
    ['Scenario file sha256', `\`${info.contentHash}\``],
    ['Drill window (UTC)', `${isoUtc(s.startMs)} → ${isoUtc(s.endMs)} (local: ${localTime(s.startMs, s.reporting.timezone)})`],
    ['Faults', s.faults.map((f) => `${f.id} (${f.kind} on ${f.target}, ${isoUtc(f.startMs)} for ${durationText((f.endMs - f.startMs) / 1000)}, p=${f.probability})`).join('; ') || 'none'],
    ['Seed', String(ev.seed)],
    ['Reporting currency', ccy],
    ['FX', `${fxPairs}; source: ${ev.fxSource}; constant over the drill, so FX_TRANSLATION is 0`],
    ['Cost method', `${s.reporting.costMethod.toUpperCase()} (FIFO and average both computed; self-check compares them)`],
    ['Rounding', 'internal: 50 significant digits, half-even; reporting: each line rounded once to the minor unit, half-even; counterparties: per fee/fill as their contract says (card fees half-up per charge; venue prices to tick, quantities to lot)'],
    ['Holiday calendar', s.reporting.calendar],
    ['Regimes', `${Object.entries(s.compliance.regimes).filter(([, on]) => on).map(([k]) => k).join(', ') || 'none'}; materiality assessment delay ${durationText(s.compliance.materialityAssessmentDelayMs / 1000)}; critical operations: ${ev.resilience.operations.map((o) => o.op.id).join(', ')} ([operational resilience](#operational-resilience)); calendars used ${ev.compliance.result.calendarsUsed.join(', ') || 'none'}${ev.compliance.unknownRuleIds.length === 0 ? '' : `; unknown rule ids ignored: ${ev.compliance.unknownRuleIds.join(', ')}`}`],
    ['Limits', `${s.hedging === undefined ? 'no hedging' : `exposure limit ${s.hedging.limit} ${s.hedging.limitCurrency}, hedge threshold ${s.hedging.threshold}`}; staleness max age ${s.integration.validation.maxPriceAgeMs === undefined ? 'none' : durationText(s.integration.validation.maxPriceAgeMs / 1000)}; price band ${s.integration.validation.priceBandPct === undefined ? 'none' : `±${s.integration.validation.priceBandPct}%`}`],
    ['SLA contracts', s.providers.filter((p) => p.sla !== undefined).map((p) => `${p.id} ${p.sla!.uptimeTarget}% (${p.sla!.direction})`).join(', ') || 'none'],
    ['Calls and fills', 'a write executes at the provider halfway through its call\'s round trip (sim mode; `execution` rows of `events.csv` carry that instant), so the firm\'s row of an order or payment follows its executions. A hedge\'s quantity is decided when its order is sent: it covers the client fills after the previous filled hedge\'s decision up to and including its own; a fill while the order is in flight belongs to the next hedge (`hedges.csv` covered_from_utc / covered_to_utc)'],
    ['Business assumptions', `markup ${s.business.markupBps} bps; client fee ${s.business.clientFeeBps} bps; recapture ${s.business.recaptureRate * 100}%; payment take rate ${s.business.paymentTakeRateBps} bps; handling cost per duplicate ${s.business.opsCostPerDuplicate} ${ccy}`],
  ]));

  // ---- P&L attribution ---------------------------------------------------------------------
  out.push('', '## P&L attribution', '');
  out.push(`Incident P&L = P&L(faulted replay) − P&L(baseline replay) = ${moneyText(a.faulted.total, ccy)} − ${moneyText(a.baseline.total, ccy)} = **${moneyText(a.incidentTotal, ccy)}**. Signs are from the firm's side (+ gain, − loss).`, '');
  out.push(mdTable(['Component', 'Instrument', 'Baseline', 'Faulted', 'Baseline and faulted hold', `Impact (${ccy})`, 'How it is computed'], a.lines.map((l) => [
    l.component, l.instrument || '—', moneyText(l.baseline, l.nativeCcy), moneyText(l.faulted, l.nativeCcy), l.valuesHold, moneyText(l.impactReporting, ccy), l.note,
  ]), ['l', 'l', 'r', 'r', 'l', 'r', 'l']));
  embed('pnl_waterfall.svg');
  out.push('', `Σ components = ${moneyText(a.componentSum, ccy)}; UNATTRIBUTED = ${moneyText(a.unattributed, ccy)}. To recompute in a spreadsheet: sum \`impact_reporting\` in \`pnl_attribution.csv\`; it equals \`total_incident_pnl\` in \`drill_summary.csv\` within one cent per line. Each replay's total is cash flows (\`events.csv\`: −qty×price for firm buys, fees) plus closing inventory at the closing mid.`);
  const rd = ev.rounding;
  out.push('', '### Reconciliation and rounding residuals', '');
  out.push(mdTable(['Figure', `Value (${ccy})`, 'How'], [
    ['Σ lines, each rounded (per item)', moneyText(rd.perItemTotal, ccy), `Σ \`impact_reporting\` as printed in \`pnl_attribution.csv\` (${rd.perItem.length} lines, half-even)`],
    ['Total, rounded once (aggregate)', moneyText(rd.aggregateTotal, ccy), 'round(Σ unrounded lines) = `total_incident_pnl` in `drill_summary.csv`'],
    ['Rounding residual (per item − aggregate)', moneyText(rd.residual, ccy), `shown, never hidden (§1.1.6); allowed: ≤ ${rd.perItem.length} × half a minor unit (§1.1.7)`],
    ['Σ components unrounded − incident total', moneyText(a.unattributed, ccy), 'UNATTRIBUTED (the identity, §2.8)'],
  ], ['l', 'r', 'l']));
  out.push('', 'Fees are rounded where the counterparty rounds: each card fee per charge (the processor\'s rule) and each LP fee per fill, as booked in the `fee` column of `events.csv`; the P&L sums those booked fees, so a per-charge vs aggregate fee difference is part of the booked amounts, not a residual of this report.');

  // ---- Exposure ----------------------------------------------------------------------------
  if (ex !== undefined) {
    const m = ex.metrics;
    out.push('', '## Hedging exposure', '');
    out.push(mdTable(['Figure', 'Value', 'Definition'], [
      ['Peak |E|', moneyText(m.peakAbsNotional, ccy), `max |N × M × FX| (${isoUtc(m.peakAbsNotionalAt ?? undefined)})`],
      ['Peak |N|', `${places(m.peakAbsQty, 8)} ${ex.instrument.split('-')[0]}`, 'max |net position|'],
      ['Exposure time', `${places(m.exposureTimeUnitMinutes, 4)} units·min`, '∫|N| dt over the drill'],
      ['Time-weighted |N|', `${places(m.timeWeightedAbsQty, 4)} ${ex.instrument.split('-')[0]}`, 'exposure time / drill length (§3.1, base units)'],
      ['Time-weighted |E|', moneyText(m.timeWeightedAbsNotional, ccy), '∫|N × M × FX| dt / drill length (reporting ccy)'],
      ['Limit', moneyText(ex.limit, ccy), 'net exposure limit (reporting ccy)'],
      ['Breach time', durationText(m.limitBreachSeconds), `${m.breachEpisodes} episode(s); max excess ${moneyText(m.maxExcess, ccy)} (\`exposure_timeseries.csv\` breach_episode, excess_reporting)`],
      ['Unhedged MtM', moneyText(m.unhedgedMtmPnl.times(ex.fxRate), ccy), 'Σ N(t_k)(M(t_k+1) − M(t_k))'],
      ['Catch-up hedge slippage cost (§3.2)', moneyText(ev.hedges.faulted.catchUp.slippageCost, ccy), `Σ q_i (P_hedge − M(t_i)) over the client fills the ${ev.hedges.faulted.catchUp.episodes} catch-up hedge(s) covered (cost)`],
      ['  drift cost', moneyText(ev.hedges.faulted.catchUp.driftCost, ccy), 'Σ q_i (M(t_hedge) − M(t_i)): the market moved while unhedged'],
      ['  execution cost', moneyText(ev.hedges.faulted.catchUp.executionCost, ccy), 'Σ q_i (P_hedge − M(t_hedge)): spread and impact of the catch-up block'],
      ['HEDGE_DRIFT (faulted − baseline delta)', moneyText(sumOf(ev, 'HEDGE_DRIFT'), ccy), 'attribution line (P&L, + gain)'],
      ['HEDGE_EXECUTION (faulted − baseline delta)', moneyText(sumOf(ev, 'HEDGE_EXECUTION'), ccy), 'attribution line (P&L, + gain)'],
      ['VaR95 / ES95', `${moneyText(ex.var95, ccy)} / ${moneyText(ex.es95, ccy)}`, `z 1.645; σ ${ex.sigmaAnnual}/yr ÷ √365; τ = ${durationText(ex.horizonMs / 1000)}`],
      ['VaR99 / ES99', `${moneyText(ex.var99, ccy)} / ${moneyText(ex.es99, ccy)}`, 'z 2.326; same σ and τ'],
    ], ['l', 'r', 'l']));
    out.push('', 'Series: `exposure_timeseries.csv` (one row per step of the position or mid, and at each edge of a fault on a liquidity provider; mids sampled at every fill and every minute; a last row at the drill\'s end). Its cumulative columns look backward: each is the total up to the row\'s instant. `lp_status` is the primary LP\'s ground truth from the fault windows (DOWN from an outage\'s start); `lp_status_integration` is what the integration believed at the last mark.');
    embed('exposure.svg');
  }

  renderCompliance(out, ev);
  renderClients(out, ev);
  renderItemFigures(out, ev);

  // ---- Incidents ---------------------------------------------------------------------------
  out.push('', '## Incidents', '');
  out.push(mdTable(['Incident', 'Fault', 'Fault start (UTC)', 'Detected', 'Source', 'TTD', 'TTA', 'TTM', 'TTR (recover)', 'Alert resolved', 'Mitigation', 'Customers affected'], inc.rows.map((r) => [
    r.incidentId, `${r.faultId} (${r.faultType})`, isoUtc(r.tFault), isoUtc(r.tDetect) || 'not detected', r.detectionSource ?? '—', durationText(r.timings.ttdS), durationText(r.timings.ttaS), durationText(r.timings.ttmS), durationText(r.timings.ttrRecoverS), r.tAlertResolved === undefined ? '—' : isoUtc(r.tAlertResolved), r.mitigation, String(r.customersAffected),
  ])));
  embed('incident_timeline.svg');
  out.push('', `TTD is measured from the true fault start (known only in a drill). The monitor probes every ${durationText(s.monitoring.probeIntervalMs / 1000)} and alerts after ${s.monitoring.failuresToAlert} failures: theoretical TTD mean ${durationText(inc.bound.meanS)}, max ${durationText(inc.bound.maxS)} (§7.2); alerts from the integration's own error counters can fire sooner.`);
  out.push('', 'Mitigation and recovery are ground truth, not the monitor\'s view (§7.1): **t_impact** is the first customer-visible harm (a rejected or stale-priced client trade, a failed hedge, a failed or unknown payment, a duplicate charge) on the target\'s role after the fault began; harm is counted until the first customer served on that role after the target was restored or failed away from, and after the last harm the integration recorded this fault as shaping (outcomes another fault shaped excepted), and **t_mitigate** is the last such harm (the fault\'s start when there was none, TTM 0): no failure attributable to the incident falls after it. **t_recover** is when the provider was truly restored: its first clean success (no fault shaping it) after the fault\'s last effect, from the provider-side attempt records. TTR is time to *recover* (t_recover − t_impact), not repair or resolve.');
  out.push('', `The monitor's **alert resolution** is its own column (\`t_alert_resolved\`): an alert clears after ${s.monitoring.failuresToAlert} healthy signals in a row and ${s.monitoring.failuresToAlert} probe intervals (${durationText((s.monitoring.failuresToAlert * s.monitoring.probeIntervalMs) / 1000)}) without a failure (hysteresis, so an intermittent storm is one incident).`);
  out.push('', `Error budget (\`error_budget_consumed_pct\`, \`burn_rate\`, §7.3): SLO = the target's SLA \`uptime_target\`; window = 30 days (${ERROR_BUDGET_WINDOW_MINUTES} min); error ratio = failed ÷ all attempts on the target (probes included) from the fault's start to t_recover (\`sli_bad_events\` ÷ \`sli_total_events\`); burn rate = ratio ÷ (1 − SLO); consumed = burn rate × observed minutes ÷ window.`);

  // ---- SLA ---------------------------------------------------------------------------------
  out.push('', '## SLA', '');
  if (ev.sla.length === 0) out.push('No provider in this scenario has an SLA contract.');
  else {
    out.push(mdTable(['Counterparty', 'Direction', 'Target', 'Month', 'Downtime (min)', 'Uptime (month)', 'Credit %', 'Credit', `Credit (${ccy})`, 'Claim by'], ev.sla.map((r) => [
      r.counterparty, r.direction, `${r.slaTargetPct}%`, `${r.month} (${r.timeZone})`, r.downtimeMinutes.toFixed(), `${places(r.uptimePct, 4)}% of ${r.totalMinutes} min`, `${r.creditPct.toFixed()}%`, moneyText(r.creditAmount, r.creditCcy),
      `${moneyText(r.creditReporting, ccy)}${r.creditCcy === ccy ? '' : ` at ${places(r.fxRate, 6)} (${r.fxSource})`}`, isoUtc(r.claimDeadline),
    ])));
    const rules = [...new Set(s.providers.filter((p) => p.sla !== undefined).map((p) => `${p.id}: a ${durationText(p.sla!.windowMs / 1000)} window is down when more than ${p.sla!.errorThresholdPct}% of the drill's attempts on the provider (requests and probes) failed in it`))];
    out.push('', `Each service-credit period is a calendar month of the contract (UTC unless \`sla.timezone\` says otherwise); a drill that spans a month end has one row per month, each with its uptime over that month's own length, its own tier, credit and claim deadline (§6.1): uptime = 100 × (1 − downtime ÷ minutes in the month); the credit is the tier's % of the monthly fee, capped; a claim must arrive before \`claim_deadline\` (\`claim_window_days\` after the month's end). Downtime rule — ${rules.join('; ')}. Every window is in \`sla_minutes.csv\` (requests, probes, errors, down yes/no), so the downtime minutes recount from it.`);
  }

  // ---- Files -------------------------------------------------------------------------------
  out.push('', '## Files', '');
  out.push(tables.map((t) => `- \`${t.name}.csv\` (${t.rowCount} rows)`).join('\n'));
  if (charts.length > 0) out.push(charts.map((c) => `- \`${c.name}\`: ${c.alt} (SVG chart)`).join('\n'));
  out.push('- `journal.jsonl`: every event of both replays (docs/journal.md); `summary.json`; `junit.xml`; `manifest.json` (inputs, versions, sha256 of every file).');
  out.push('');
  return out.join('\n');
}

function slackText(slackS: string): string {
  if (slackS === '') return 'n/a';
  const v = Number(slackS);
  return `${v < 0 ? '−' : ''}${durationText(Math.abs(v))}${v < 0 ? ' (late)' : ''}`;
}

function renderCompliance(out: string[], ev: Evaluation): void {
  const c = ev.compliance;
  out.push('', '## Compliance', '');
  out.push(`> ${c.result.disclaimer}. Clock rules, calendars and sources: docs/compliance.md; trigger mapping: docs/finance.md.`, '');
  const byStatus = (rows: readonly { status: string }[], st: string): string => String(rows.filter((r) => r.status === st).length);
  const instances = c.regulatory.filter((r) => r.status !== 'NOT_TRIGGERED');
  const ids = [...new Set(instances.map((r) => r.obligation_id))].sort();
  if (ids.length === 0) out.push('No regulatory obligation was triggered in this drill (switched-on rules are listed in `compliance.csv` as NOT_TRIGGERED).');
  else {
    out.push(mdTable(['Obligation', 'Regulator', 'Instances', 'ON_TIME', 'AT_RISK', 'LATE', 'MISSED', 'Tightest slack'], ids.map((id) => {
      const rows = instances.filter((r) => r.obligation_id === id);
      const tight = rows.filter((r) => r.slack_s !== '').reduce<string>((m, r) => (m === '' || Number(r.slack_s) < Number(m) ? r.slack_s : m), '');
      return [id, rows[0]!.regulator, String(rows.length), byStatus(rows, 'ON_TIME'), byStatus(rows, 'AT_RISK'), byStatus(rows, 'LATE'), byStatus(rows, 'MISSED'), slackText(tight)];
    }), ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r']));
  }
  out.push('', `By cause (\`cause\` in \`compliance.csv\`): ${c.byCause.incident.triggered} caused by the incident (its trigger is absent from the baseline replay: an alert, a duplicate charge, a payment only the faulted replay made…), ${c.byCause.routine.triggered} routine business (the baseline replay, without the fault, had the same trigger: the same payment's execution, the same stale fill…).`);
  const xb = c.crossBorder;
  const carried = xb.carried.length === 0
    ? `no transaction report binds the firm for them (licences: ${xb.licences.join(', ') || 'none stated'}; \`AU-AUSTRAC-IFTI\` / \`NZ-FIU-PTR-IFT\` rows in \`compliance.csv\` say why)`
    : `${xb.carried.join(', ')} ${xb.regimeOn ? 'binds' : `would bind, but its regime (${xb.home === 'AU' ? 'austrac' : 'nz_aml'}) is switched off`} (licences: ${xb.licences.join(', ')})`;
  out.push('', `Cross-border payments (executed charges, duplicates included, whose payer and payee are on either side of the border of ${xb.home}, the firm's country; currency does not matter): ${xb.inbound} into ${xb.home}, ${xb.outbound} out; ${carried}. Each report's amount, its currency and its ${ev.reportingCcy} equivalent (\`amount\`, \`amount_ccy\`, \`fx_rate\`, \`fx_source\`, \`fx_ts\`, \`amount_reporting\`) and the amount tested against a threshold (\`threshold\`, \`amount_in_threshold_ccy\`) are in \`compliance.csv\`.`);
  out.push('', `Tightest slack over all triggered obligations: ${slackText(c.tightestSlackS)}${c.tightestObligation === '' ? '' : ` (${mdText(c.tightestObligation)})`}. Triggers derived from the faulted journal: ${Object.entries(c.triggers.reduce<Record<string, number>>((m, t) => ({ ...m, [t.kind]: (m[t.kind] ?? 0) + 1 }), {})).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}.`);
  if (c.playbookRows.length > 0) {
    out.push('', '### Playbook (the firm\'s own clocks, from detection)', '');
    out.push(mdTable(['Step', 'Trigger', 'Deadline (UTC)', 'Done (UTC)', 'Slack', 'Status'], c.playbookRows.map((r) => [r.obligation_id, r.trigger_event_id, r.deadline_ts, r.submitted_ts || 'not done', slackText(r.slack_s), r.status])));
  }
  const p = c.result.penaltyExposure;
  out.push('', '### Compliance exposure (indicative, not provisioned; statutory maximum, not an estimate)', '');
  out.push(mdTable(['Figure', 'Value'], [
    ['Late or missed AUSTRAC obligations', String(p.lateOrMissed)],
    ['Infringement-notice reference (60 penalty units each)', `${p.infringementAud} AUD`],
    ['Civil penalty statutory maximum (100,000 penalty units each)', `${p.statutoryMaxAud} AUD — ${p.label}`],
  ], ['l', 'r']));
  out.push('', 'Never booked as P&L (AASB 137/IAS 37: no probable outflow, no reliable estimate). Per-rule references are in the `penalty_reference` column.');
}

function renderClients(out: string[], ev: Evaluation): void {
  const cl = ev.clients;
  const ccy = ev.reportingCcy;
  out.push('', '## Client impact', '');
  out.push(`Affected: rejected client trades (money at stake = qty × true mid), fills on stale prices (qty × executed price), failed or unknown payments and duplicate charges (the amount). Own-account hedges have no client. Ranked by money at stake, then count. Expected support tickets = affected × ${cl.contactRate} (business.support_contact_rate): faulted ${places(cl.ticketsFaulted, 1)}, baseline ${places(cl.ticketsBaseline, 1)} (${cl.affectedBaseline} affected in the baseline)${cl.increasePct === undefined ? '' : `, ${places(cl.increasePct, 1)}% increase`}.`, '');
  if (cl.rows.length === 0) out.push('No client or customer was affected.');
  else {
    out.push(mdTable(['Rank', 'Client', 'Rejected', 'Stale fills', 'Failed pay.', 'Unknown pay.', 'Duplicates', `At stake (${ccy})`], cl.rows.slice(0, 10).map((c, i) => [
      String(i + 1), c.clientId, String(c.rejectedTrades), String(c.staleFills), String(c.failedPayments), String(c.unknownPayments), String(c.duplicateCharges), moneyText(c.moneyAtStake, ccy),
    ]), ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'r']));
    if (cl.rows.length > 10) out.push('', `… ${cl.rows.length - 10} more in \`clients.csv\`.`);
  }
}

function renderItemFigures(out: string[], ev: Evaluation): void {
  const ccy = ev.reportingCcy;
  const sf = ev.staleFills;
  const h = ev.hedges;
  if (sf.fills.length === 0 && h.rows.length === 0) return;
  out.push('', '## Per-item figures (§2.2, §2.3)', '');
  if (sf.fills.length > 0) {
    const fromBaseline = sf.fills.filter((f) => f.freshSource === 'baseline').length;
    out.push(`**Stale fills** (\`stale_fills.csv\`): ${sf.fills.length} fill(s). Per fill: pnl_vs_mid = side_firm × (P_exec − M_true) × q; expected_markup = side_firm × (P_fresh − M_true) × q with P_fresh = the baseline replay's price for the same trade (${fromBaseline} fills) or mid × (1 ± markup) (${sf.fills.length - fromBaseline}); stale_cost = expected_markup − pnl_vs_mid. Total stale cost ${moneyText(sf.staleCost, ccy)} = ${places(sf.staleCostBps, 2)} bps of ${moneyText(sf.referenceNotional, ccy)}. Pick-off estimate (adverse selection, notional × σ√age × √(2/π) × p_informed, p_informed = ${sf.pInformed}, an assumption): ${moneyText(sf.pickOffCost, ccy)}. Explanatory: STALE_SLIPPAGE in the attribution already carries the money.`, '');
  }
  if (h.rows.length > 0) {
    out.push(mdTable(['Hedge IS (costs, §2.3)', 'Episodes', 'Delayed', 'Delay', 'Execution', 'Opportunity', 'Fees', `Total (${ccy})`], (['faulted', 'baseline'] as const).map((run) => {
      const x = h[run];
      return [run, String(x.episodes), String(x.delayed), moneyText(x.delay, ccy), moneyText(x.execution, ccy), moneyText(x.opportunity, ccy), moneyText(x.fees, ccy), moneyText(x.total, ccy)];
    }), ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r']));
    out.push('', 'An episode is one hedge need: the failed orders the engine re-sent while the LP was unavailable, then the order that filled. Decision price = `decisionMid` of the first order; arrival = true mid when the filling order was answered; intended quantity = the larger of the first order\'s and the filled one; delay and execution cost cover the whole filled quantity. Explanatory: the money is in the HEDGE_DRIFT, HEDGE_EXECUTION and FEES_DELTA lines. `hedges.csv` has every episode.');
  }
}
