/**
 * Cross-field rules of the operational-resilience sections (docs/resilience.md): critical
 * operations that name real providers and flows the drill has, tolerances in the right currency
 * and order, actions that point at real operations, regime inputs the run needs, and notification
 * assumptions for obligations that exist. Whatever `run` would ignore or could not compute is an
 * error here, with the path and a hint.
 */
import { z } from 'zod';
import { ALL_RULES } from '../finance/compliance/rules.js';
import { EEA_TIME_ZONES, REGIME_NOTIFICATION_KEYS } from '../finance/resilience/regime-rules.js';
import { compileOperationTolerances, parseNotional, ROLE_FLOWS } from './compile-scenario.js';
import { parseDuration } from './duration.js';
import { canTranslate, pairToAdd } from './fx-coverage.js';
import type { ProblemPath } from './problems.js';
import type { RuleReader } from './rule-reader.js';
import type { ProviderRole} from './schema.js';
import { ActionSpec, CivilDateText, Duration, Identifier, MoneyWithCurrency, OperationSpec, ServiceFlowName } from './schema.js';
import { closest, listOf } from './suggest.js';
import { operationTolerance, type ToleranceLookup } from './thresholds.js';
import type { PathProblem } from './zod-issues.js';

export interface ResilienceContext {
  providers: string[];
  roles: Map<string, z.infer<typeof ProviderRole>>;
  reportingCurrency: string;
}

const FLOW_NEEDS: Record<z.infer<typeof ServiceFlowName>, { role: z.infer<typeof ProviderRole>; how: string; present: (r: RuleReader) => boolean }> = {
  trades: { role: 'price_feed', how: 'add workload.trades (or a replay file)', present: (r) => r.has(['workload', 'trades']) || r.has(['workload', 'replay']) },
  payments: { role: 'payment_gateway', how: 'add workload.payments (or a replay file)', present: (r) => r.has(['workload', 'payments']) || r.has(['workload', 'replay']) },
  hedges: { role: 'liquidity_provider', how: 'add a hedging: section', present: (r) => r.has(['hedging']) },
};

function unknown(path: ProblemPath, what: string, name: string, existing: readonly string[], atKey = false): PathProblem {
  const suggestion = closest(name, existing);
  const list = existing.length === 0 ? `no ${what}s are declared` : `${what}s: ${listOf(existing)}`;
  return { path, ...(atKey ? { at: 'key' as const } : {}), message: `unknown ${what} "${name}"`, hint: suggestion === undefined ? list : `did you mean \`${suggestion}\`? (${list})` };
}

/** A real calendar date (the pattern alone accepts 2025-02-30). */
function realDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

export function resilienceRules(r: RuleReader, ctx: ResilienceContext): PathProblem[] {
  return [...operationRules(r, ctx), ...actionRules(r), ...regimeInputRules(r, ctx)];
}

function operationRules(r: RuleReader, ctx: ResilienceContext): PathProblem[] {
  const out: PathProblem[] = [];
  if (!r.has(['operations'])) return out;
  const ids = r.keys(['operations']);
  if (ids.length === 0) out.push({ path: ['operations'], message: 'no critical operation is declared', hint: 'declare at least one, e.g. `card-payments: { title: Card payments, providers: [stripe], tolerances: { max_disruption: 2h } }`, or remove `operations:`' });
  if (r.has(['compliance', 'outage_tolerance'])) {
    out.push({
      path: ['compliance', 'outage_tolerance'], at: 'key',
      message: 'compliance.outage_tolerance is replaced by the tolerances of the critical operations',
      hint: `move it: set tolerances.max_disruption on each operation (${listOf(ids)}) and remove compliance.outage_tolerance`,
    });
  }
  for (const id of ids) {
    const base: ProblemPath = ['operations', id];
    const providers = r.length([...base, 'providers']);
    const mine: string[] = [];
    for (let i = 0; i < providers; i++) {
      const p = r.get([...base, 'providers', i], Identifier);
      if (p === undefined) continue;
      if (!ctx.providers.includes(p)) out.push(unknown([...base, 'providers', i], 'provider', p, ctx.providers));
      else if (mine.includes(p)) out.push({ path: [...base, 'providers', i], message: `provider "${p}" is listed twice`, hint: 'list each provider once' });
      else mine.push(p);
    }
    const roles = new Set(mine.map((p) => ctx.roles.get(p)).filter((x): x is z.infer<typeof ProviderRole> => x !== undefined));
    const flowCount = r.length([...base, 'flows']);
    const flows: z.infer<typeof ServiceFlowName>[] = [];
    for (let i = 0; i < flowCount; i++) {
      const f = r.get([...base, 'flows', i], ServiceFlowName);
      if (f === undefined) continue;
      const need = FLOW_NEEDS[f];
      flows.push(f);
      if (!need.present(r)) out.push({ path: [...base, 'flows', i], message: `flow "${f}" is not in this drill`, hint: need.how });
      else if (mine.length === providers && !roles.has(need.role)) {
        const candidates = ctx.providers.filter((p) => ctx.roles.get(p) === need.role);
        out.push({ path: [...base, 'flows', i], message: `flow "${f}" goes through a ${need.role}, and none of this operation's providers is one`, hint: candidates.length > 0 ? `add one of ${listOf(candidates)} to providers` : `no provider has role ${need.role}` });
      }
    }
    if (!r.has([...base, 'flows']) && mine.length > 0 && mine.length === providers) {
      const derived = [...roles].map((role) => ROLE_FLOWS[role]).filter((f) => FLOW_NEEDS[f].present(r));
      flows.push(...derived);
      if (derived.length === 0) {
        out.push({ path: [...base, 'providers'], message: "none of these providers' flows is in this drill", hint: 'price feeds serve trades, liquidity providers hedges (with a hedging: section), payment gateways payments; or list flows: explicitly' });
      }
    }
    const spec = r.get(base, OperationSpec);
    if (spec === undefined) continue;
    const t = spec.tolerances;
    const min = t.min_service_level;
    if (min !== undefined && min.served_pct > spec.service.disrupted_below_pct) {
      out.push({
        path: [...base, 'tolerances', 'min_service_level', 'served_pct'],
        message: `the minimum service level (${min.served_pct} %) is above the level below which the operation counts as disrupted (${spec.service.disrupted_below_pct} %)`,
        hint: 'the minimum service level is what the firm keeps during a disruption: set it at or below service.disrupted_below_pct',
      });
    }
    if (t.max_value_affected !== undefined) {
      const { currency } = parseNotional(t.max_value_affected);
      if (currency !== ctx.reportingCurrency) out.push({ path: [...base, 'tolerances', 'max_value_affected'], message: `the value tolerance is in ${currency}, but value is measured in the reporting currency ${ctx.reportingCurrency}`, hint: `convert it to ${ctx.reportingCurrency}, or set reporting.currency: ${currency}` });
    }
    if ((t.max_value_affected !== undefined || t.max_customers_affected !== undefined) && flows.length > 0 && flows.every((f) => f === 'hedges')) {
      out.push({
        path: [...base, 'tolerances', t.max_value_affected !== undefined ? 'max_value_affected' : 'max_customers_affected'],
        message: 'the firm\'s own hedges have no customers and no client value, so this tolerance could never be measured',
        hint: 'add the trades or payments flow to the operation, or use max_disruption, max_data_loss or min_service_level',
      });
    }
    for (const key of ['within', 'window'] as const) {
      const v = r.get([...base, 'service', key], Duration);
      if (v !== undefined && parseDuration(v) === 0) out.push({ path: [...base, 'service', key], message: `service.${key} cannot be zero`, hint: 'give a positive duration, e.g. "30s"' });
    }
  }
  return out;
}

function actionRules(r: RuleReader): PathProblem[] {
  const out: PathProblem[] = [];
  const operations = r.keys(['operations']);
  const seen = new Map<string, number>();
  for (let i = 0; i < r.length(['actions']); i++) {
    const a = r.get(['actions', i], ActionSpec);
    if (a === undefined) continue;
    const earlier = seen.get(a.id);
    if (earlier !== undefined) out.push({ path: ['actions', i, 'id'], message: `duplicate action id "${a.id}" (also actions[${earlier}])`, hint: 'give every action its own id' });
    seen.set(a.id, i);
    if (!realDate(a.due)) out.push({ path: ['actions', i, 'due'], message: `"${a.due}" is not a real date`, hint: 'check the month and day' });
    a.operations.forEach((op, j) => {
      if (!operations.includes(op)) out.push(unknown(['actions', i, 'operations', j], 'critical operation', op, operations));
    });
  }
  return out;
}

function regimeInputRules(r: RuleReader, ctx: ResilienceContext): PathProblem[] {
  const out: PathProblem[] = [];
  const known = [...ALL_RULES.map((x) => x.id), ...REGIME_NOTIFICATION_KEYS];
  for (const id of r.keys(['resilience', 'notifications'])) {
    if (!known.includes(id)) out.push(unknown(['resilience', 'notifications', id], 'obligation id', id, known, true));
  }
  const doraOn = r.get(['compliance', 'regimes', 'eu_dora'], z.boolean()) === true;
  if (doraOn && !r.has(['resilience', 'dora'])) {
    out.push({ path: ['compliance', 'regimes', 'eu_dora'], message: 'DORA needs the inputs the drill cannot measure', hint: 'add resilience.dora with at least member_state (e.g. `dora: { member_state: IE }`); see docs/resilience.md' });
  }
  if (!r.has(['resilience', 'dora'])) return out;
  const base: ProblemPath = ['resilience', 'dora'];
  const ms = r.get([...base, 'member_state'], z.string());
  if (ms !== undefined && /^[A-Z]{2}$/.test(ms) && EEA_TIME_ZONES[ms] === undefined) {
    out.push(unknown([...base, 'member_state'], 'EEA member state', ms, Object.keys(EEA_TIME_ZONES)));
  }
  for (let i = 0; i < r.length([...base, 'bank_holidays']); i++) {
    const d = r.get([...base, 'bank_holidays', i], CivilDateText);
    if (d !== undefined && !realDate(d)) out.push({ path: [...base, 'bank_holidays', i], message: `"${d}" is not a real date`, hint: 'check the month and day' });
  }
  const daily = r.get([...base, 'daily_value'], MoneyWithCurrency);
  if (daily !== undefined) {
    const { currency } = parseNotional(daily);
    if (currency !== ctx.reportingCurrency) out.push({ path: [...base, 'daily_value'], message: `daily_value is in ${currency}, but transaction value is measured in the reporting currency ${ctx.reportingCurrency}`, hint: `convert it to ${ctx.reportingCurrency}` });
  }
  // Economic impact (Art. 9(6)) is in EUR: measured amounts need a rate, a given amount too unless in EUR.
  const pairs = r.keys(['market', 'fx']);
  const given = r.get([...base, 'economic_impact'], MoneyWithCurrency);
  const from = given === undefined ? ctx.reportingCurrency : parseNotional(given).currency;
  if (doraOn && from !== 'EUR' && !canTranslate(pairs, from, 'EUR')) {
    const pair = pairToAdd(pairs, 'EUR', from);
    out.push({
      path: given === undefined ? base : [...base, 'economic_impact'], ...(given === undefined ? { at: 'key' as const } : {}),
      message: `DORA's economic-impact threshold is EUR 100,000, and market.fx has no rate from ${from} to EUR`,
      hint: `add the pair under market.fx, e.g. \`${pair}: "<rate>"\`, or give resilience.dora.economic_impact in EUR`,
    });
  }
  return out;
}

/**
 * `value: tolerance` in thresholds, resolved against the raw file's operations (null: no such
 * operation). A value tolerance in the wrong currency reads as its amount; its own rule reports it.
 */
export function rawToleranceLookup(r: RuleReader, reportingCurrency: string): ToleranceLookup {
  const ops = r.keys(['operations']).flatMap((id) => {
    const spec = r.get(['operations', id], OperationSpec);
    if (spec === undefined) return [];
    const withinMs = parseDuration(spec.service.within)!;
    return [{ id, tolerances: compileOperationTolerances(spec.tolerances, withinMs, reportingCurrency, false) }];
  });
  const known = new Set(r.keys(['operations']));
  const lookup = operationTolerance(ops.map((o) => ({ ...o, title: '', providers: [], flows: [], service: { withinMs: 0, windowMs: 0, disruptedBelowPct: 0 }, derived: false })));
  return (operation, measure) => (known.has(operation) ? (lookup(operation, measure) ?? undefined) : null);
}
