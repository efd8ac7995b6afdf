/**
 * DORA major-incident classification (Delegated Regulation (EU) 2024/1772), measured from the drill
 * where it can be and taken from `resilience.dora` where it cannot (docs/resilience.md §4.4).
 *
 * Art. 8(1): an incident is major when it has affected critical services (Art. 6) and either the
 * malicious-access threshold of Art. 9(5)(b) is met, or two or more of the other materiality
 * thresholds of Art. 9(1)–(6) are met. Each criterion here carries the instant it was first met;
 * the classification became true at the latest of the gate and the deciding threshold (the
 * malicious access, or the second threshold met). Thresholds (Art. 9; DORA_THRESHOLDS):
 * - (1) clients > 10 % of the clients using the services, or > 100,000 clients; counterparts > 30 %;
 *   transactions > 10 % of the daily average number, or of the daily average value; relevant clients affected;
 * - (2) reputational impact (input); (3) duration > 24 h, or service downtime > 2 h;
 * - (4) impact in two or more member states (input); (5)(a) data losses with adverse impact;
 * - (6) economic impact (gross costs and losses) > EUR 100,000.
 * Counts span every critical operation, each transaction once (an item shared by two operations counts once).
 */
import type { DoraInputsModel } from '../../scenario/model.js';
import { dec, plain, type Dec } from '../decimal.js';
import type { ServiceItem } from '../evaluate/service-items.js';
import type { AffectedItem } from './measure.js';
import { DORA_THRESHOLDS } from './regime-rules.js';

export type DoraCriterionId =
  | 'critical_services'
  | 'clients_counterparts_transactions'
  | 'reputational_impact'
  | 'duration_downtime'
  | 'geographical_spread'
  | 'data_losses'
  | 'malicious_access'
  | 'economic_impact';

export interface DoraCriterion {
  id: DoraCriterionId;
  /** Where it is in 2024/1772. */
  article: string;
  threshold: string;
  measured: string;
  /** 'not_assessed' when no limb could be measured or given. */
  met: boolean | 'not_assessed';
  metAtMs?: number;
  /** measured from the drill, or a scenario input. */
  basis: string;
}

export interface DoraClassification {
  criteria: DoraCriterion[];
  major: boolean;
  /** When the classification became true (ground truth). */
  trueAtMs?: number;
  reason: string;
}

export interface DoraInput {
  inputs: DoraInputsModel;
  /** Affected transactions of every critical operation, each once. */
  affected: readonly AffectedItem[];
  /** Data-loss records of every critical operation, each once, by answer time. */
  dataLoss: readonly ServiceItem[];
  /** Disruption episodes of every critical operation. */
  episodes: readonly { startMs: number; endMs: number }[];
  /** Gross economic impact in EUR: the input, else measured (undefined when it cannot be translated to EUR). */
  economicImpactEur?: Dec;
  /** Where the figure comes from, for the report. */
  economicImpactBasis: string;
  drillEndMs: number;
}

/** The instant a running count first exceeded `limit` (the (⌊limit⌋ + 1)-th of `times`, sorted). */
function exceededAt(times: readonly number[], limit: Dec): number | undefined {
  const k = limit.floor().toNumber();
  return k < times.length ? times[k] : undefined;
}

/** Earliest of some instants (undefined ones ignored). */
function earliest(...xs: (number | undefined)[]): number | undefined {
  const ys = xs.filter((x): x is number => x !== undefined);
  return ys.length === 0 ? undefined : Math.min(...ys);
}

export function classifyDora(d: DoraInput): DoraClassification {
  const T = DORA_THRESHOLDS;
  const i = d.inputs;
  const byArrival = [...d.affected].sort((a, b) => a.item.arrivedAt - b.item.arrivedAt || (a.item.id < b.item.id ? -1 : 1));
  const impactAt = byArrival[0]?.item.arrivedAt;
  const criteria: DoraCriterion[] = [];

  // Gate (Art. 6, 8(1)): a critical operation was disrupted.
  const firstDisruption = earliest(...d.episodes.map((e) => e.startMs));
  criteria.push({
    id: 'critical_services', article: 'Art. 6, 8(1)', threshold: 'a critical service affected (gate)',
    measured: firstDisruption === undefined ? 'no critical operation disrupted' : `${d.episodes.length} disruption episode(s) of critical operations`,
    met: firstDisruption !== undefined, ...(firstDisruption === undefined ? {} : { metAtMs: firstDisruption }), basis: 'measured: disrupted windows of the operations',
  });

  // (1) clients, counterparts, transactions.
  const customerFirst = new Map<string, number>();
  for (const a of byArrival) if (a.item.customer !== undefined && !customerFirst.has(a.item.customer)) customerFirst.set(a.item.customer, a.item.arrivedAt);
  const customerTimes = [...customerFirst.values()].sort((x, y) => x - y);
  const txTimes = byArrival.map((a) => a.item.arrivedAt);
  const limbs: { text: string; at: number | undefined; assessed: boolean }[] = [];
  if (i.clientsTotal !== undefined) {
    const limit = dec(String(i.clientsTotal)).times(T.clientsSharePct).div(100);
    limbs.push({ text: `clients ${customerTimes.length} of ${i.clientsTotal} (> ${T.clientsSharePct} % = ${plain(limit)})`, at: exceededAt(customerTimes, limit), assessed: true });
  }
  limbs.push({ text: `clients ${customerTimes.length} (> ${T.clientsAbsolute})`, at: exceededAt(customerTimes, dec(String(T.clientsAbsolute))), assessed: true });
  if (i.counterpartsAffectedPct !== undefined) {
    limbs.push({ text: `counterparts ${i.counterpartsAffectedPct} % (input; > ${T.counterpartsSharePct} %)`, at: i.counterpartsAffectedPct > T.counterpartsSharePct ? impactAt : undefined, assessed: true });
  }
  if (i.dailyTransactions !== undefined) {
    const limit = dec(String(i.dailyTransactions)).times(T.transactionsSharePct).div(100);
    limbs.push({ text: `transactions ${txTimes.length} of ${i.dailyTransactions} a day (> ${T.transactionsSharePct} % = ${plain(limit)})`, at: exceededAt(txTimes, limit), assessed: true });
  }
  if (i.dailyValue !== undefined) {
    const limit = dec(i.dailyValue).times(T.valueSharePct).div(100);
    let running = dec('0');
    let at: number | undefined;
    for (const a of byArrival) {
      if (a.item.customer === undefined) continue;
      running = running.plus(a.item.value);
      if (at === undefined && running.gt(limit)) at = a.item.arrivedAt;
    }
    limbs.push({ text: `value ${plain(running.toDecimalPlaces(2))} of ${i.dailyValue} a day (> ${T.valueSharePct} % = ${plain(limit)})`, at, assessed: true });
  }
  if (i.relevantClientsAffected) limbs.push({ text: 'relevant clients or counterparts affected (input)', at: impactAt, assessed: true });
  const c1At = earliest(...limbs.map((l) => l.at));
  criteria.push({
    id: 'clients_counterparts_transactions', article: 'Art. 9(1)', threshold: `any limb: clients > ${T.clientsSharePct} % or > ${T.clientsAbsolute}; counterparts > ${T.counterpartsSharePct} %; transactions > ${T.transactionsSharePct} % of the daily number or value; relevant clients`,
    measured: limbs.map((l) => l.text).join('; '), met: c1At !== undefined, ...(c1At === undefined ? {} : { metAtMs: c1At }),
    basis: `measured (affected transactions and their customers); inputs: ${['clients_total', 'daily_transactions', 'daily_value', 'counterparts_affected_pct'].filter((k) => ({ clients_total: i.clientsTotal, daily_transactions: i.dailyTransactions, daily_value: i.dailyValue, counterparts_affected_pct: i.counterpartsAffectedPct })[k] === undefined).map((k) => `${k} not given`).join(', ') || 'all given'}`,
  });

  // (2) reputational impact: input.
  criteria.push({
    id: 'reputational_impact', article: 'Art. 9(2), 2', threshold: 'media attention, repeated complaints, regulatory breach or likely client loss',
    measured: i.reputationalImpact ? 'yes (input)' : 'no (input)', met: i.reputationalImpact && impactAt !== undefined, ...(i.reputationalImpact && impactAt !== undefined ? { metAtMs: impactAt } : {}), basis: 'input resilience.dora.reputational_impact',
  });

  // (3) duration > 24 h, or service downtime > 2 h.
  const lastEnd = d.episodes.reduce<number | undefined>((m, e) => (m === undefined || e.endMs > m ? e.endMs : m), undefined);
  const durationMs = impactAt === undefined || lastEnd === undefined ? 0 : lastEnd - impactAt;
  const durationAt = impactAt !== undefined && durationMs > T.durationHours * 3_600_000 ? impactAt + T.durationHours * 3_600_000 : undefined;
  const downtimeEpisode = [...d.episodes].sort((a, b) => a.startMs - b.startMs).find((e) => e.endMs - e.startMs > T.downtimeHours * 3_600_000);
  const downtimeAt = downtimeEpisode === undefined ? undefined : downtimeEpisode.startMs + T.downtimeHours * 3_600_000;
  const longest = d.episodes.reduce((m, e) => Math.max(m, e.endMs - e.startMs), 0);
  const c3At = earliest(durationAt, downtimeAt);
  criteria.push({
    id: 'duration_downtime', article: 'Art. 9(3)', threshold: `duration > ${T.durationHours} h, or service downtime > ${T.downtimeHours} h`,
    measured: `duration ${Math.round(durationMs / 1000)} s (first affected transaction to the end of the last disruption); longest disruption ${Math.round(longest / 1000)} s`,
    met: c3At !== undefined, ...(c3At === undefined ? {} : { metAtMs: c3At }), basis: 'measured; downtime is the longest disruption episode (degraded service counted as down)',
  });

  // (4) geographical spread: input.
  const geo = i.memberStatesAffected >= T.memberStates && impactAt !== undefined;
  criteria.push({
    id: 'geographical_spread', article: 'Art. 9(4)', threshold: `impact in ${T.memberStates} or more member states`,
    measured: `${i.memberStatesAffected} (input)`, met: geo, ...(geo ? { metAtMs: impactAt } : {}), basis: 'input resilience.dora.member_states_affected',
  });

  // (5)(a) data losses: measured unless given.
  const firstLoss = d.dataLoss[0]?.answeredAt;
  const lossMet = i.dataLossAdverseImpact ?? firstLoss !== undefined;
  const lossAt = !lossMet ? undefined : i.dataLossAdverseImpact === undefined ? firstLoss : (firstLoss ?? impactAt);
  criteria.push({
    id: 'data_losses', article: 'Art. 9(5)(a)', threshold: 'an impact on the availability, authenticity, integrity or confidentiality of data with an adverse impact',
    measured: `${d.dataLoss.length} record(s) lost or of unknown outcome${i.dataLossAdverseImpact === undefined ? '' : `; adverse impact: ${i.dataLossAdverseImpact ? 'yes' : 'no'} (input)`}`,
    met: lossMet && lossAt !== undefined, ...(lossMet && lossAt !== undefined ? { metAtMs: lossAt } : {}),
    basis: i.dataLossAdverseImpact === undefined ? 'measured: any record lost or of unknown outcome counts' : 'input resilience.dora.data_loss_adverse_impact',
  });

  // (5)(b) malicious access: input; decides alone with the gate.
  criteria.push({
    id: 'malicious_access', article: 'Art. 9(5)(b), 8(1)(a)', threshold: 'successful, malicious, unauthorised access to network and information systems',
    measured: i.maliciousAccess ? 'yes (input)' : 'no (input)', met: i.maliciousAccess && impactAt !== undefined, ...(i.maliciousAccess && impactAt !== undefined ? { metAtMs: impactAt } : {}), basis: 'input resilience.dora.malicious_access',
  });

  // (6) economic impact.
  const eur = d.economicImpactEur;
  const econMet = eur !== undefined && eur.gt(dec(T.economicImpactEur)) && impactAt !== undefined;
  criteria.push({
    id: 'economic_impact', article: 'Art. 9(6), 7', threshold: `gross costs and losses > EUR ${T.economicImpactEur}`,
    measured: eur === undefined ? 'not measurable (no EUR rate)' : `EUR ${eur.toFixed(2)}`,
    met: eur === undefined ? 'not_assessed' : econMet, ...(econMet ? { metAtMs: d.drillEndMs } : {}),
    basis: `${d.economicImpactBasis}; known only at the drill end, so met at the drill end`,
  });

  const gate = criteria[0]!;
  const others = criteria.filter((c) => c.id !== 'critical_services' && c.id !== 'malicious_access' && c.met === true).map((c) => c.metAtMs!).sort((x, y) => x - y);
  const malicious = criteria.find((c) => c.id === 'malicious_access')!;
  if (gate.met !== true) return { criteria, major: false, reason: 'no critical service was affected (the Art. 8(1) gate)' };
  const second = others.length >= 2 ? others[1]! : undefined;
  const decider = earliest(malicious.met === true ? malicious.metAtMs : undefined, second);
  if (decider === undefined) return { criteria, major: false, reason: `critical services affected, but ${others.length} of the other thresholds met (two needed) and no malicious access` };
  const trueAt = Math.max(gate.metAtMs!, decider);
  const why = malicious.met === true && malicious.metAtMs === decider ? 'critical services affected and malicious access (Art. 8(1)(a))' : `critical services affected and ${others.length} other thresholds met (Art. 8(1)(b)); the second at ${new Date(second!).toISOString()}`;
  return { criteria, major: true, trueAtMs: trueAt, reason: why };
}
