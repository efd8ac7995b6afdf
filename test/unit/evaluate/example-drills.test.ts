/**
 * End to end: every example drill in scenarios/ evaluates with every self-check PASS (threshold
 * verdicts may fail by design), and the reports' CSVs reconcile: Σ impact_reporting of
 * pnl_attribution.csv equals total_incident_pnl of drill_summary.csv within the §1.1.7 tolerance.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { executePlan } from '../../../src/engine/execute.js';
import { planRun } from '../../../src/engine/plan.js';
import { collectingSink } from '../../../src/engine/ports.js';
import { evaluateRun } from '../../../src/finance/evaluate/evaluate-run.js';
import { dec, ZERO } from '../../../src/finance/decimal.js';
import { buildTables } from '../../../src/report/tables.js';
import { parseScenarioText } from '../../../src/scenario/parse-scenario-text.js';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();

describe('example drills', () => {
  it.each(files)('%s: all self-checks PASS; CSVs reconcile', async (file) => {
    const text = readFileSync(`scenarios/${file}`, 'utf8');
    const parsed = parseScenarioText(text, file);
    expect(parsed.problems).toEqual([]);
    const scenario = parsed.scenario!;
    const plan = planRun(scenario, { version: 'test', contentHash: 'x' });
    const sink = collectingSink();
    await executePlan(plan, { sink });
    const ev = evaluateRun({ scenario, events: sink.events, runId: plan.runId, seed: plan.seed, mode: 'sim' });
    expect(ev.selfChecks.filter((c) => c.status === 'FAIL').map((c) => `${c.id}: ${c.detail}`)).toEqual([]);
    expect(ev.selfChecks.map((c) => c.id)).toContain('compliance-deadlines');
    if (ev.exposure !== undefined) expect(ev.selfChecks.map((c) => c.id)).toContain('var-closed-form');

    const tables = buildTables(ev);
    const pnl = tables.find((t) => t.name === 'pnl_attribution')!;
    const summary = tables.find((t) => t.name === 'drill_summary')!.rows[0]!;
    const sum = pnl.rows.reduce((s, r) => s.plus(dec(r.impact_reporting!)), ZERO);
    expect(sum.minus(dec(summary.total_incident_pnl!)).abs().lte(dec('0.005').times(pnl.rows.length))).toBe(true);
    expect(dec(summary.rounding_residual!).eq(sum.minus(dec(summary.total_incident_pnl!)))).toBe(true);
    const compliance = tables.find((t) => t.name === 'compliance')!;
    expect(compliance.columns.slice(1, 18)).toEqual(['obligation_id', 'regulator', 'jurisdiction', 'applicable', 'trigger_event_id', 'trigger_ts', 'clock_basis', 'calendar', 'clock_start_ts', 'clock_start_assumption', 'deadline_ts', 'submitted_ts', 'slack_s', 'status', 'evidence_ref', 'penalty_reference', 'source_url']);
    expect(compliance.columns.slice(18)).toEqual(['kind', 'cause', 'amount', 'amount_ccy', 'fx_rate', 'fx_source', 'fx_ts', 'amount_reporting', 'reporting_ccy', 'threshold', 'amount_in_threshold_ccy']);
    expect(summary.obligations_triggered).toBe(String(ev.compliance.counts.triggered));
    expect(ev.metrics['compliance.missed']).toBe(summary.obligations_missed);
  }, 120_000);
});
