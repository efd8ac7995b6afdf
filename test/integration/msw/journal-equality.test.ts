/**
 * Every example drill in scenarios/ runs in msw mode (real fetch through the MSW mocks) and must
 * produce the same journal and the same money as in sim mode.
 *
 * Compared: every event of both replays, in order, field by field, except `run.started`'s `mode`
 * and `runId` (they name the mode) and the HTTP `status` of attempts the client read as answers
 * (`outcome: ok`): real APIs answer some of those with other codes than sim mode's 200 (PayPal
 * creates orders with 201; Binance says an order does not exist with 400/-2013). docs/msw.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { executePlan } from '../../../src/engine/execute.js';
import type { RunEvent } from '../../../src/engine/events.js';
import { planRun } from '../../../src/engine/plan.js';
import { collectingSink } from '../../../src/engine/ports.js';
import { evaluateRun } from '../../../src/finance/evaluate/evaluate-run.js';
import { parseScenarioText } from '../../../src/scenario/parse-scenario-text.js';
import type { Scenario } from '../../../src/scenario/model.js';
import { createMswTransport } from '../../../src/transports/msw-transport.js';

const DIR = 'scenarios';
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
/** Extra seeds to sweep (`FAULTLINE_MSW_SEEDS=1,2,3`); by default each scenario's own seed. */
const seeds: (number | undefined)[] = [undefined, ...(process.env.FAULTLINE_MSW_SEEDS ?? '').split(',').filter((x) => x !== '').map(Number)];
const cases = files.flatMap((f) => seeds.map((seed) => [f, seed] as const));

function load(file: string): Scenario {
  const text = readFileSync(join(DIR, file), 'utf8');
  const r = parseScenarioText(text, join(DIR, file)) as { scenario?: Scenario; problems?: unknown[] };
  if (r.scenario === undefined) throw new Error(`${file}: ${JSON.stringify(r.problems)}`);
  return r.scenario;
}

/** The comparable form of an event (see the header). */
export function comparable(e: RunEvent): Record<string, unknown> {
  const c: Record<string, unknown> = { ...e };
  if (e.type === 'run.started') {
    delete c.mode;
    delete c.runId;
  }
  if (e.type === 'attempt' && e.outcome === 'ok') c.status = 200;
  return c;
}

async function run(scenario: Scenario, mode: 'sim' | 'msw', seed: number | undefined): Promise<{ events: RunEvent[]; ms: number; hits: unknown }> {
  const plan = planRun(scenario, { version: '0.0.0-test', contentHash: 'x', mode, ...(seed === undefined ? {} : { seed }) });
  const sink = collectingSink();
  const t0 = performance.now();
  const summaries = await executePlan(plan, { sink, ...(mode === 'msw' ? { createTransport: createMswTransport } : {}) });
  return { events: sink.events, ms: performance.now() - t0, hits: summaries.map((s) => s.faultHits) };
}

describe('sim and msw modes give the same journal for every example drill', () => {
  test.each(cases)('%s (seed override: %s)', async (file, seed) => {
    const scenario = load(file);
    const sim = await run(scenario, 'sim', seed);
    const msw = await run(scenario, 'msw', seed);
    console.log(`${file}: ${sim.events.length} events; sim ${sim.ms.toFixed(0)} ms, msw ${msw.ms.toFixed(0)} ms (×${(msw.ms / sim.ms).toFixed(1)})`);
    const a = sim.events.map(comparable);
    const b = msw.events.map(comparable);
    const firstDiff = a.findIndex((e, i) => JSON.stringify(e) !== JSON.stringify(b[i]));
    if (firstDiff >= 0) {
      console.log(`${file}: first difference at event ${firstDiff}\n sim: ${JSON.stringify(a[firstDiff])}\n msw: ${JSON.stringify(b[firstDiff])}`);
    }
    expect(b.length).toBe(a.length);
    expect(firstDiff).toBe(-1);
    // Proof that faults hit: the same per-fault hit counts.
    expect(msw.hits).toEqual(sim.hits);
    // Same money: the evaluation's attribution from both journals.
    const evSim = evaluateRun({ scenario, events: sim.events, runId: 'r', seed: seed ?? scenario.seed, mode: 'sim' });
    const evMsw = evaluateRun({ scenario, events: msw.events, runId: 'r', seed: seed ?? scenario.seed, mode: 'sim' });
    expect(evMsw.attribution.incidentTotal.toString()).toBe(evSim.attribution.incidentTotal.toString());
    expect(evMsw.metrics).toEqual(evSim.metrics);
  }, 300_000);
});
