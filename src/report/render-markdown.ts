/**
 * summary.md: the executive summary first (finance-reference.md §10.2), then verdicts, the header
 * of conventions (§10.1), and the detail a reviewer needs to recompute every figure from the CSVs.
 * Every amount carries its currency; every figure names the CSV and column it comes from.
 */
import { dec, ZERO, type Dec } from '../finance/decimal.js';
import type { Evaluation } from '../finance/evaluate/evaluate-run.js';
import { durationText, isoUtc, localTime, moneyText, places } from './format.js';
import type { RunInfo } from './run-info.js';
import type { Table } from './tables.js';

const DISCLAIMER = 'Simulated drill. Compliance figures are indicative, not legal advice; penalty references are never booked as P&L.';

function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

function mdTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const sep = header.map((_, i) => ((align?.[i] ?? 'l') === 'r' ? '---:' : '---'));
  return [row(header), row(sep), ...rows.map(row)].join('\n');
}

function sumOf(ev: Evaluation, component: string): Dec {
  return ev.attribution.lines.filter((l) => l.component === component).reduce((s, l) => s.plus(l.impactReporting), ZERO);
}

export function renderSummaryMarkdown(ev: Evaluation, info: RunInfo, tables: readonly Table[]): string {
  const s = ev.scenario;
  const ccy = ev.reportingCcy;
  const a = ev.attribution;
  const out: string[] = [];
  const verdictMark = ev.verdict === 'PASS' ? '✅ PASS' : '❌ FAIL';
  out.push(`# Drill report: ${s.title}`);
  out.push('');
  out.push(`**${verdictMark}** · scenario \`${s.id}\` · run \`${ev.runId}\` · mode \`${ev.mode}\` (${info.clock} clock) · seed ${ev.seed} · faultline ${info.version}`);
  if (ev.incomplete) out.push('', `> ⚠️ **Incomplete run**: ${ev.incompleteReason ?? 'the drill stopped early'}. Figures cover the part that ran.`);
  out.push('', `> ${DISCLAIMER}`);

  // ---- Executive summary -------------------------------------------------------------------
  out.push('', '## Executive summary', '');
  const top = [...a.lines].filter((l) => l.component !== 'UNATTRIBUTED' && !l.impactReporting.isZero()).sort((x, y) => y.impactReporting.abs().cmp(x.impactReporting.abs())).slice(0, 5);
  out.push(`- **Total incident P&L: ${moneyText(a.incidentTotal, ccy)}** (faulted − baseline; [attribution](#pnl-attribution), \`pnl_attribution.csv\`)`);
  for (const l of top) out.push(`  - ${l.component}${l.instrument === '' ? '' : ` ${l.instrument}`}: ${moneyText(l.impactReporting, ccy)}`);
  out.push(`  - Missed revenue: gross ${moneyText(a.missedFeeGross, ccy)}; net ${moneyText(a.missedFeeNet, ccy)} (assumed: ${places(dec(String(a.recaptureRate * 100)), 0)}% of rejected client trades come back, ${places(dec(String(a.paymentRetrySuccessRate * 100)), 0)}% of failed payments succeed on retry)`);
  const ex = ev.exposure;
  if (ex !== undefined) {
    const m = ex.metrics;
    out.push(`- **Peak unhedged exposure: ${moneyText(m.peakAbsNotional, ccy)}** (${places(m.peakAbsQty, 4)} ${ex.instrument.split('-')[0]}) against a limit of ${moneyText(ex.limit, ccy)}; time-weighted ${moneyText(m.timeWeightedAbsNotional, ccy)}; limit breached ${durationText(m.limitBreachSeconds)} in ${m.breachEpisodes} episode(s) ([exposure](#hedging-exposure))`);
    out.push(`- **VaR99 / ES99 of the peak position over the ${durationText(ex.horizonMs / 1000)} outage: ${moneyText(ex.var99, ccy)} / ${moneyText(ex.es99, ccy)}** (parametric GBM, σ = ${(ex.sigmaAnnual * 100).toFixed(0)}%/yr, √365)`);
  }
  const receivable = dec(ev.metrics['sla.credit_receivable'] ?? '0');
  const payable = dec(ev.metrics['sla.credit_payable'] ?? '0');
  const minUptime = ev.metrics['sla.min_uptime_pct'];
  out.push(`- **SLA credits**: receivable ${moneyText(receivable, ccy)}, payable ${moneyText(payable, ccy)}${minUptime === undefined ? '' : `; lowest monthly uptime ${places(dec(minUptime), 4)}%`} ([SLA](#sla))`);
  const inc = ev.incidents;
  out.push(`- **Incident timings** (worst across ${inc.rows.length} incident(s)): TTD ${durationText(inc.ttd.max)} (monitor bound: mean ${durationText(inc.bound.meanS)}, max ${durationText(inc.bound.maxS)}), TTA ${durationText(inc.tta.max)}, TTM ${durationText(inc.ttm.max)}, TTR(recover) ${durationText(inc.ttrRecover.max)} ([incidents](#incidents))`);
  const budgets = inc.rows.filter((r) => r.errorBudgetConsumedPct !== undefined);
  for (const r of budgets) out.push(`  - ${r.target}: ${places(r.errorBudgetConsumedPct!, 1)}% of the month's error budget consumed (burn rate ${places(r.burnRate!, 1)}×)`);
  const c = ev.controls;
  out.push(`- **Control findings**: ${c.unsafeRetries} unsafe retries, ${c.orderDuplicates} duplicate orders, ${c.paymentDuplicates} duplicate charges (customer funds to refund ${moneyText(c.customerFundsAtRisk, ccy)}, not P&L), ${c.ordersUnknown + c.paymentsUnknown} unresolved unknown outcomes, ${c.staleFills} fills on stale prices, ${c.tradesRejected} client trades rejected, ${c.paymentsFailed} payments failed, ${c.pricesRejected} prices blocked by validation, ${c.deadLetters} dead letters`);

  // ---- Verdicts ----------------------------------------------------------------------------
  out.push('', '## Verdicts', '');
  out.push(mdTable(['', 'Threshold', 'Actual', 'Detail'], ev.thresholds.map((t) => [t.status === 'PASS' ? '✓' : '✗', `\`${t.name}\``, t.actualDisplay, t.detail])));
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
    ['Regimes', Object.entries(s.compliance.regimes).filter(([, on]) => on).map(([k]) => k).join(', ') || 'none'],
    ['Limits', `${s.hedging === undefined ? 'no hedging' : `exposure limit ${s.hedging.limit} ${s.hedging.limitCurrency}, hedge threshold ${s.hedging.threshold}`}; staleness max age ${s.integration.validation.maxPriceAgeMs === undefined ? 'none' : durationText(s.integration.validation.maxPriceAgeMs / 1000)}; price band ${s.integration.validation.priceBandPct === undefined ? 'none' : `±${s.integration.validation.priceBandPct}%`}`],
    ['SLA contracts', s.providers.filter((p) => p.sla !== undefined).map((p) => `${p.id} ${p.sla!.uptimeTarget}% (${p.sla!.direction})`).join(', ') || 'none'],
    ['Business assumptions', `markup ${s.business.markupBps} bps; client fee ${s.business.clientFeeBps} bps; recapture ${s.business.recaptureRate * 100}%; payment take rate ${s.business.paymentTakeRateBps} bps; handling cost per duplicate ${s.business.opsCostPerDuplicate} ${ccy}`],
  ]));

  // ---- P&L attribution ---------------------------------------------------------------------
  out.push('', '## P&L attribution', '');
  out.push(`Incident P&L = P&L(faulted replay) − P&L(baseline replay) = ${moneyText(a.faulted.total, ccy)} − ${moneyText(a.baseline.total, ccy)} = **${moneyText(a.incidentTotal, ccy)}**. Signs are from the firm's side (+ gain, − loss).`, '');
  out.push(mdTable(['Component', 'Instrument', 'Baseline', 'Faulted', `Impact (${ccy})`, 'How it is computed'], a.lines.map((l) => [
    l.component, l.instrument || '—', moneyText(l.baseline, l.nativeCcy), moneyText(l.faulted, l.nativeCcy), moneyText(l.impactReporting, ccy), l.note,
  ]), ['l', 'l', 'r', 'r', 'r', 'l']));
  out.push('', `Σ components = ${moneyText(a.componentSum, ccy)}; UNATTRIBUTED = ${moneyText(a.unattributed, ccy)}. To recompute in a spreadsheet: sum \`impact_reporting\` in \`pnl_attribution.csv\`; it equals \`total_incident_pnl\` in \`drill_summary.csv\` within one cent per line. Each replay's total is cash flows (\`events.csv\`: −qty×price for firm buys, fees) plus closing inventory at the closing mid.`);

  // ---- Exposure ----------------------------------------------------------------------------
  if (ex !== undefined) {
    const m = ex.metrics;
    out.push('', '## Hedging exposure', '');
    out.push(mdTable(['Figure', 'Value', 'Definition'], [
      ['Peak |E|', moneyText(m.peakAbsNotional, ccy), `max |N × M × FX| (${isoUtc(m.peakAbsNotionalAt ?? undefined)})`],
      ['Peak |N|', `${places(m.peakAbsQty, 8)} ${ex.instrument.split('-')[0]}`, 'max |net position|'],
      ['Exposure time', `${places(m.exposureTimeUnitMinutes, 4)} units·min`, '∫|N| dt over the drill'],
      ['Time-weighted |N|', places(m.timeWeightedAbsQty, 4), 'exposure time / drill length'],
      ['Limit', moneyText(ex.limit, ccy), 'net exposure limit (reporting ccy)'],
      ['Breach time', durationText(m.limitBreachSeconds), `${m.breachEpisodes} episode(s); max excess ${moneyText(m.maxExcess, ccy)}`],
      ['Unhedged MtM', moneyText(m.unhedgedMtmPnl.times(ex.fxRate), ccy), 'Σ N(t_k)(M(t_k+1) − M(t_k))'],
      ['Hedge drift (vs baseline)', moneyText(sumOf(ev, 'HEDGE_DRIFT'), ccy), 'HEDGE_DRIFT line'],
      ['Hedge execution (vs baseline)', moneyText(sumOf(ev, 'HEDGE_EXECUTION'), ccy), 'HEDGE_EXECUTION line'],
      ['VaR95 / ES95', `${moneyText(ex.var95, ccy)} / ${moneyText(ex.es95, ccy)}`, `z 1.645; σ ${ex.sigmaAnnual}/yr ÷ √365; τ = ${durationText(ex.horizonMs / 1000)}`],
      ['VaR99 / ES99', `${moneyText(ex.var99, ccy)} / ${moneyText(ex.es99, ccy)}`, 'z 2.326; same σ and τ'],
    ], ['l', 'r', 'l']));
    out.push('', 'Series: `exposure_timeseries.csv` (one row per step of the position or mid; mids sampled at every fill and every minute).');
  }

  // ---- Incidents ---------------------------------------------------------------------------
  out.push('', '## Incidents', '');
  out.push(mdTable(['Incident', 'Fault', 'Fault start (UTC)', 'Detected', 'Source', 'TTD', 'TTA', 'TTM', 'TTR (recover)', 'Mitigation', 'Customers affected'], inc.rows.map((r) => [
    r.incidentId, `${r.faultId} (${r.faultType})`, isoUtc(r.tFault), isoUtc(r.tDetect) || 'not detected', r.detectionSource ?? '—', durationText(r.timings.ttdS), durationText(r.timings.ttaS), durationText(r.timings.ttmS), durationText(r.timings.ttrRecoverS), r.mitigation ?? '—', String(r.customersAffected),
  ])));
  out.push('', `TTD is measured from the true fault start (known only in a drill). The monitor probes every ${durationText(s.monitoring.probeIntervalMs / 1000)} and alerts after ${s.monitoring.failuresToAlert} failures: theoretical TTD mean ${durationText(inc.bound.meanS)}, max ${durationText(inc.bound.maxS)} (§7.2); alerts from the integration's own error counters can fire sooner. TTR here means time to *recover* (alert resolved), not repair or resolve.`);

  // ---- SLA ---------------------------------------------------------------------------------
  out.push('', '## SLA', '');
  if (ev.sla.length === 0) out.push('No provider in this scenario has an SLA contract.');
  else out.push(mdTable(['Counterparty', 'Direction', 'Target', 'Downtime (min)', 'Uptime (month)', 'Credit %', 'Credit', 'Claim by'], ev.sla.map((r) => [
    r.counterparty, r.direction, `${r.slaTargetPct}%`, r.downtimeMinutes.toFixed(), `${places(r.uptimePct, 4)}% of ${r.totalMinutes} min`, `${r.creditPct.toFixed()}%`, moneyText(r.creditAmount, r.creditCcy), isoUtc(r.claimDeadline),
  ])));
  out.push('', 'A downtime minute is a UTC minute in which more than the contract\'s error threshold of the drill\'s own requests to the provider failed (§6.1).');

  // ---- Files -------------------------------------------------------------------------------
  out.push('', '## Files', '');
  out.push(tables.map((t) => `- \`${t.name}.csv\` (${t.rows.length} rows)`).join('\n'));
  out.push('- `journal.jsonl`: every event of both replays (docs/journal.md); `summary.json`; `junit.xml`; `manifest.json` (inputs, versions, sha256 of every file).');
  out.push('');
  return out.join('\n');
}
