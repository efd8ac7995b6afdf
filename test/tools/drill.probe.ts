import { readFileSync } from 'node:fs';
import { test } from 'vitest';
import { parseScenarioText } from '../../src/scenario/parse-scenario-text.js';
import { planRun } from '../../src/engine/plan.js';
import { executePlan } from '../../src/engine/execute.js';
import { collectingSink } from '../../src/engine/ports.js';
import { evaluateRun } from '../../src/finance/evaluate/evaluate-run.js';

test('smoke', async () => {
  const file = process.env.SMOKE ?? 'scenarios/lp-outage.yaml';
  const text = readFileSync(file, 'utf8');
  const r = parseScenarioText(text, file) as any;
  if (r.problems?.length) console.log(r.problems);
  const scenario = r.scenario;
  const t0 = performance.now();
  const plan = planRun(scenario, { version: '0.1.0', contentHash: 'x' });
  const sink = collectingSink();
  await executePlan(plan, { sink });
  const t1 = performance.now();
  let ev: any;
  try {
    ev = evaluateRun({ scenario, events: sink.events, runId: plan.runId, seed: plan.seed, mode: 'sim' });
  } catch (err) {
    console.log('== EVALUATE THREW: ' + String(err));
    for (const e of sink.events as any[]) if (e.run === 'faulted' && process.env.SHOW && new RegExp(process.env.SHOW).test(e.type)) console.log(JSON.stringify(e));
    throw err;
  }
  const out: string[] = [];
  out.push(`== ${file}  exec ms ${(t1 - t0).toFixed(0)} eval ms ${(performance.now() - t1).toFixed(0)} events ${sink.events.length}`);
  for (const l of ev.attribution.lines) out.push(`LINE ${l.component} ${l.instrument ?? ''} ${l.nativeCcy} base=${l.baseline.toFixed(2)} faulted=${l.faulted.toFixed(2)} impact=${l.impactReporting.toFixed(4)}`);
  out.push(`TOTAL ${ev.attribution.incidentTotal.toFixed(4)} f=${ev.attribution.faulted.total.toFixed(2)} b=${ev.attribution.baseline.total.toFixed(2)}`);
  for (const c of ev.selfChecks) out.push(`CHECK ${c.status} ${c.id}: ${c.detail}`);
  for (const t of ev.thresholds) out.push(`THRESH ${t.status} ${t.name} actual=${t.actual}`);
  out.push('METRICS ' + Object.entries(ev.metrics).filter(([, v]) => v !== '0').map(([k, v]) => `${k}=${String(v).slice(0, 14)}`).join(' '));
  for (const i of ev.incidents.rows as any[]) out.push(`INC ${i.incidentId} ${i.faultId} ${i.target} src=${i.detectionSource} mit=${i.mitigation} ttd=${i.timings.ttdS}s tta=${i.timings.ttaS}s ttm=${i.timings.ttmS}s ttr=${i.timings.ttrRecoverS}s sli=${i.sliBadEvents}/${i.sliTotalEvents} cust=${i.customersAffected}`);
  for (const s of ev.sla as any[]) out.push(`SLA ${s.counterparty} down=${s.downtimeMinutes.toFixed()} up=${s.uptimePct.toFixed(4)} credit=${s.creditAmount.toFixed(2)}`);
  for (const run of ['faulted', 'baseline']) {
    const counts = new Map<string, number>();
    for (const e of sink.events as any[]) {
      if (e.run !== run) continue;
      let k = e.type;
      if (e.type === 'attempt') k = `attempt:${e.provider}:${e.op}:${e.outcome}${e.status ? ':' + e.status : ''}`;
      else if (e.type === 'trade' || e.type === 'order' || e.type === 'payment') k = `${e.type}:${e.outcome}${e.provider ? ':' + e.provider : ''}${e.purpose ? ':' + e.purpose : ''}`;
      else if (e.type === 'price.accepted' || e.type === 'price.rejected') k = `${e.type}:${e.provider}`;
      else if (e.type === 'failover') k = `failover:${e.role}:${e.from}->${e.to}:${e.reason}`;
      else if (e.type.startsWith('alert') || e.type.startsWith('circuit')) k = `${e.type}:${e.provider}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    out.push(`EVENTS[${run}] ` + [...counts.entries()].sort().map(([k, v]) => `${k}=${v}`).join(' '));
  }
  if (process.env.SHOW) {
    for (const e of sink.events as any[]) if (e.run === 'faulted' && new RegExp(process.env.SHOW).test(e.type)) out.push(JSON.stringify(e));
  }
  console.log(out.join('\n'));
});
