/**
 * Operational resilience of a run (docs/resilience.md): every critical operation measured from
 * the faulted replay's ground truth (and, as a sanity check, the baseline's), its tolerances
 * judged, the monitor's view beside the truth, and the switched-on regimes applied.
 */
import type { Scenario } from '../../scenario/model.js';
import { dec, plain, ZERO, type Dec } from '../decimal.js';
import { lookupFxRate, type FxTable } from '../fx.js';
import { evaluateRegimes, judgeTolerances, measureOperation, type MonitorView, type OperationResult, type RegimeEvaluation } from '../resilience/index.js';
import type { AttributionResult } from './attribution.js';
import type { RunLedger } from './ledger.js';
import { collectServiceItems, type ServiceFlow, type ServiceItem } from './service-items.js';

export interface ResilienceReport {
  operations: OperationResult[];
  regimes: RegimeEvaluation;
  /** Tolerances breached over every operation. */
  breached: number;
  /** Gross economic impact for DORA Art. 9(6): loss before SLA-credit recoveries, reporting currency, and in EUR when translatable. */
  economicImpact: { reporting: Dec; eur?: Dec; basis: string };
}

export interface ResilienceInputs {
  scenario: Scenario;
  fx: FxTable;
  faulted: RunLedger;
  baseline: RunLedger;
  staleFillIds: ReadonlySet<string>;
  attribution: AttributionResult;
}

interface AlertSpan {
  provider: string;
  alertId: string;
  source: string;
  firedMs: number;
  resolvedMs?: number;
}

function alertSpans(ledger: RunLedger): AlertSpan[] {
  const spans: AlertSpan[] = [];
  const open = new Map<string, AlertSpan>();
  for (const e of ledger.events) {
    if (e.type === 'alert.fired') {
      const span: AlertSpan = { provider: e.provider, alertId: e.alertId, source: e.source, firedMs: e.t };
      spans.push(span);
      open.set(e.alertId, span);
    } else if (e.type === 'alert.resolved') {
      const span = open.get(e.alertId);
      if (span !== undefined) span.resolvedMs = e.t;
    }
  }
  return spans;
}

/**
 * The monitor's view of an operation: the first alert on its providers still open at, or fired
 * after, the start of its first disruption (without a disruption: its first alert), and when the
 * alerts that fired from then until the end of its last disruption had all resolved.
 */
export function monitorView(spans: readonly AlertSpan[], providers: readonly string[], episodes: readonly { startMs: number; endMs: number }[]): MonitorView {
  const mine = spans.filter((s) => providers.includes(s.provider));
  const from = episodes[0]?.startMs;
  const first = mine.filter((s) => from === undefined || (s.resolvedMs ?? Number.POSITIVE_INFINITY) >= from).sort((a, b) => a.firedMs - b.firedMs)[0];
  if (first === undefined) return {};
  const until = episodes.at(-1)?.endMs ?? first.firedMs;
  const covering = mine.filter((s) => s.firedMs >= first.firedMs && s.firedMs <= Math.max(until, first.firedMs));
  const unresolved = covering.some((s) => s.resolvedMs === undefined);
  const resolved = covering.reduce((m, s) => Math.max(m, s.resolvedMs ?? m), first.firedMs);
  return { detectedAtMs: first.firedMs, detectedBy: `${first.alertId} on ${first.provider} (${first.source})`, ...(unresolved ? {} : { resolvedAtMs: resolved }) };
}

function itemsOf(items: readonly ServiceItem[], flows: readonly ServiceFlow[]): ServiceItem[] {
  return items.filter((i) => flows.includes(i.flow));
}

/** Gross loss before recoveries (DORA Art. 7 counts costs and losses without financial recoveries): −(incident P&L − SLA credits), floored at 0. */
function economicImpact(scenario: Scenario, fx: FxTable, attribution: AttributionResult): ResilienceReport['economicImpact'] {
  const reporting = scenario.reporting.currency;
  const credits = attribution.lines.filter((l) => l.component === 'SLA_CREDIT').reduce((s, l) => s.plus(l.impactReporting), ZERO);
  const loss = attribution.incidentTotal.minus(credits).neg();
  const gross = loss.gt(0) ? loss : ZERO;
  const input = scenario.resilience.dora?.economicImpact;
  const toEur = (amount: Dec, ccy: string): Dec | undefined => {
    if (ccy === 'EUR') return amount;
    try {
      return amount.times(lookupFxRate(fx, ccy, 'EUR').rate);
    } catch {
      return undefined;
    }
  };
  if (input !== undefined) {
    const eur = toEur(dec(input.amount), input.currency);
    return { reporting: gross, ...(eur === undefined ? {} : { eur }), basis: `input resilience.dora.economic_impact ${input.amount} ${input.currency}` };
  }
  const eur = toEur(gross, reporting);
  return {
    reporting: gross, ...(eur === undefined ? {} : { eur }),
    basis: `measured: −(incident P&L − SLA credits) = ${plain(gross.toDecimalPlaces(2))} ${reporting}${eur === undefined || reporting === 'EUR' ? '' : ' at the drill\'s FX'}`,
  };
}

export function computeResilience(input: ResilienceInputs): ResilienceReport {
  const { scenario, fx, faulted, baseline, staleFillIds } = input;
  const flows = new Set<ServiceFlow>(scenario.operations.flatMap((o) => o.flows));
  const faultedItems = collectServiceItems(scenario, fx, faulted, staleFillIds, flows);
  const baselineItems = collectServiceItems(scenario, fx, baseline, new Set(), flows);
  const spans = alertSpans(faulted);
  const operations = scenario.operations.map((op): OperationResult => {
    const measures = measureOperation(op, itemsOf(faultedItems, op.flows), scenario.startMs, scenario.endMs);
    const base = measureOperation(op, itemsOf(baselineItems, op.flows), scenario.startMs, scenario.endMs);
    return {
      op, measures, verdicts: judgeTolerances(op, measures),
      monitor: monitorView(spans, op.providers, measures.episodes),
      baseline: { longestDisruptionMs: base.longestDisruptionMs, disruptedWindows: base.windows.filter((w) => w.disrupted).length, affected: base.affected.length },
    };
  });
  const impact = economicImpact(scenario, fx, input.attribution);
  const regimes = evaluateRegimes({ scenario, operations, ...(impact.eur === undefined ? {} : { economicImpactEur: impact.eur }), economicImpactBasis: impact.basis });
  return { operations, regimes, breached: operations.reduce((n, o) => n + o.verdicts.filter((v) => v.verdict === 'BREACHED').length, 0), economicImpact: impact };
}
