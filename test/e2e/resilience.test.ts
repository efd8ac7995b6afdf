/**
 * Operational resilience end to end: the example drills' verdicts recomputed from the CSVs by an
 * independent route (integer arithmetic on the rows), resilience.md readable on its own, and every
 * new scenario field changing the run when changed. Runs in process.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shareWithinTolerance, toleranceVerdictsOfMetrics } from '../../src/finance/resilience/index.js';
import { renderResilienceMarkdown } from '../../src/report/render-resilience.js';
import { runScenarioFile } from '../../src/run/run-scenario.js';
import { parseCsv } from '../../src/workload/csv.js';
import { tempDirs } from '../helpers/tmp.js';

const tmp = tempDirs('faultline-resilience-');

type Row = Record<string, string>;

async function csv(dir: string, name: string): Promise<Row[]> {
  const [header, ...rows] = parseCsv(await readFile(join(dir, name), 'utf8')).map((r) => r.fields);
  return rows.map((f) => Object.fromEntries(header!.map((h, i) => [h, f[i] ?? ''])));
}

/** A decimal string → integer units of 10^-dp (exact; the CSVs print at most dp places). */
function units(text: string, dp: number): bigint {
  const neg = text.startsWith('-');
  const [int = '0', frac = ''] = (neg ? text.slice(1) : text).split('.');
  const v = BigInt(int + frac.padEnd(dp, '0').slice(0, dp));
  return neg ? -v : v;
}

interface Recomputed {
  longestMs: number;
  /** Lowest served_within_min / arrived as a fraction (num, den), over windows with arrivals. */
  worst?: [bigint, bigint];
  firstBelow?: (pct: number) => string | undefined;
}

/** Disruption and the lowest minimum-service level from service_windows.csv alone. */
function recomputeWindows(rows: readonly Row[]): Recomputed {
  let state = false;
  let runStart: number | undefined;
  let longest = 0;
  let worst: [bigint, bigint] | undefined;
  for (const w of rows) {
    const arrived = BigInt(w.arrived!);
    if (arrived > 0n) {
      // disrupted ⇔ 100 × served < pct × arrived (pct has at most 2 decimals in the examples)
      state = 100n * 100n * BigInt(w.served_within!) < units(w.disrupted_below_pct!, 2) * arrived;
      const f: [bigint, bigint] = [BigInt(w.served_within_min!), arrived];
      if (worst === undefined || f[0] * worst[1] < worst[0] * f[1]) worst = f;
    }
    expect(w.disrupted).toBe(String(state));
    const start = Date.parse(w.window_start_utc!);
    const end = Date.parse(w.window_end_utc!);
    if (state) {
      runStart ??= start;
      longest = Math.max(longest, end - runStart);
    } else runStart = undefined;
  }
  return {
    longestMs: longest,
    ...(worst === undefined ? {} : { worst }),
    firstBelow: (pct) => rows.find((w) => BigInt(w.arrived!) > 0n && 100n * 100n * BigInt(w.served_within_min!) < units(String(pct), 2) * BigInt(w.arrived!))?.window_end_utc,
  };
}

describe.each([
  ['scenarios/lp-outage.yaml', { operations: ['client-crypto-trading', 'card-deposits'], breached: [] as string[] }],
  ['scenarios/payment-503-storm-idempotent.yaml', { operations: ['card-payments'], breached: ['card-payments/max_data_loss'] }],
  ['scenarios/payment-503-storm-no-idempotency.yaml', { operations: ['card-payments'], breached: ['card-payments/min_service_level'] }],
])('%s', (file, expected) => {
  const run = (async () => {
    const out = await tmp();
    const { dir, evaluation } = await runScenarioFile(file, { out });
    return { dir, evaluation };
  })();

  it('every verdict in tolerances.csv recomputes from service_windows.csv and affected_items.csv', async () => {
    const { dir } = await run;
    const tolerances = await csv(dir, 'tolerances.csv');
    const windows = await csv(dir, 'service_windows.csv');
    const affected = await csv(dir, 'affected_items.csv');
    expect([...new Set(tolerances.map((t) => t.operation_id))]).toEqual(expected.operations);
    expect(tolerances.filter((t) => t.verdict === 'BREACHED').map((t) => `${t.operation_id}/${t.tolerance}`)).toEqual(expected.breached);
    for (const t of tolerances) {
      const op = t.operation_id!;
      const w = recomputeWindows(windows.filter((x) => x.operation_id === op));
      const items = affected.filter((x) => x.operation_id === op);
      const limit = t.limit!;
      switch (t.tolerance) {
        case 'max_disruption': {
          expect(units(t.measured!, 3)).toBe(BigInt(w.longestMs));
          expect(t.verdict).toBe(BigInt(w.longestMs) > units(limit, 3) ? 'BREACHED' : 'WITHIN');
          break;
        }
        case 'max_data_loss': {
          const lost = items.filter((x) => x.data_loss === 'true').sort((a, b) => Date.parse(a.answered_utc!) - Date.parse(b.answered_utc!) || (a.item_id! < b.item_id! ? -1 : 1));
          expect(t.measured).toBe(String(lost.length));
          expect(t.verdict).toBe(lost.length > Number(limit) ? 'BREACHED' : 'WITHIN');
          if (t.verdict === 'BREACHED') expect(t.breached_at_utc).toBe(lost[Number(limit)]!.answered_utc);
          break;
        }
        case 'min_service_level': {
          const [num, den] = w.worst!;
          // measured is 100 × num / den at 4 dp: |measured × den − 100 × num × 10^4| ≤ den / 2 (in 10^-4 units)
          expect((units(t.measured!, 4) * den - num * 1_000_000n) * 2n <= den && (num * 1_000_000n - units(t.measured!, 4) * den) * 2n <= den).toBe(true);
          const below = w.firstBelow!(Number(limit));
          expect(t.verdict).toBe(below === undefined ? 'WITHIN' : 'BREACHED');
          if (below !== undefined) expect(t.breached_at_utc).toBe(below);
          break;
        }
        case 'max_customers_affected': {
          const first = new Map<string, string>();
          for (const x of [...items].sort((a, b) => Date.parse(a.arrived_utc!) - Date.parse(b.arrived_utc!))) if (x.customer_id !== '' && !first.has(x.customer_id!)) first.set(x.customer_id!, x.arrived_utc!);
          expect(t.measured).toBe(String(first.size));
          expect(t.verdict).toBe(first.size > Number(limit) ? 'BREACHED' : 'WITHIN');
          break;
        }
        case 'max_value_affected': {
          const rows = items.filter((x) => x.customer_id !== '');
          const sum = rows.reduce((s, x) => s + units(x.value_reporting!, 2), 0n);
          const measured = units(t.measured!, 2);
          const diff = sum > measured ? sum - measured : measured - sum;
          // Each row is rounded once to the cent: the sum agrees within n half-cents (finance-reference §1.1.7).
          expect(diff * 2n <= BigInt(rows.length)).toBe(true);
          expect(t.verdict).toBe(measured > units(limit, 2) ? 'BREACHED' : 'WITHIN');
          break;
        }
      }
    }
  }, 180_000);

  it('resilience.md reads on its own: narrative, operations, results, regimes, deadlines, controls, actions', async () => {
    const { dir, evaluation } = await run;
    const md = await readFile(join(dir, 'resilience.md'), 'utf8');
    for (const heading of ['## 1. The scenario: severe but plausible', '## 2. Critical operations and their tolerances', '## 3. Results against the tolerances', '## 4. Classification under each regime', '## 5. Notifications: deadlines and slack', '## 6. Controls that held or failed', '## 7. Lessons and actions']) expect(md).toContain(heading);
    expect(md).toContain(evaluation.scenario.rationale!.trim().slice(0, 60));
    for (const a of evaluation.scenario.actions) expect(md).toContain(a.owner);
    expect(md).toContain('### APRA CPS 230 Operational Risk Management (`apra_cps230`): switched on');
    const summary = await readFile(join(dir, 'summary.md'), 'utf8');
    expect(summary.indexOf('## Operational resilience')).toBeGreaterThan(0);
    expect(summary.indexOf('## Operational resilience')).toBeLessThan(summary.indexOf('## Verdicts'));
  }, 180_000);

  it('a replicate\'s verdicts follow from its metrics alone, by the same rule (what a campaign aggregates)', async () => {
    const { evaluation } = await run;
    const fromMetrics = toleranceVerdictsOfMetrics(evaluation.scenario.operations, evaluation.metrics);
    expect(fromMetrics).toEqual(evaluation.resilience.operations.flatMap((o) => o.verdicts.map((v) => ({ operationId: v.operationId, kind: v.kind, verdict: v.verdict }))));
    expect(shareWithinTolerance([fromMetrics, fromMetrics]).every((x) => x.replicates === 2 && (x.within === 0 || x.within === 2))).toBe(true);
  }, 180_000);

  it('a CPS 230 breach starts the 24-hour clock at the breach instant; none without one', async () => {
    const { dir } = await run;
    const tolerances = await csv(dir, 'tolerances.csv');
    const compliance = await csv(dir, 'compliance.csv');
    const cps = new Set(['max_disruption', 'max_data_loss', 'min_service_level']);
    const breaches = tolerances.filter((t) => t.verdict === 'BREACHED' && cps.has(t.tolerance!));
    const rows = compliance.filter((r) => r.obligation_id === 'AU-APRA-CPS230-TOL' && r.status !== 'NOT_TRIGGERED');
    expect(rows.map((r) => r.clock_start_ts)).toEqual(breaches.length === 0 ? [] : [breaches.map((b) => b.breached_at_utc!).sort()[0]]);
    for (const r of rows) expect(Date.parse(r.deadline_ts!) - Date.parse(r.clock_start_ts!)).toBe(24 * 3_600_000);
  }, 180_000);
});

/** A 40-minute card-payments drill with a 10-minute 503 storm and lost responses. */
const STORM = `faultline: 1
id: storm
title: Short storm
seed: 7
start: "2025-11-28T08:00:00Z"
duration: 40m
market:
  instruments:
    BTC-AUD: { mid: "140500" }
  fx: { AUDUSD: "0.6530", EURUSD: "1.0800" }
providers:
  stripe: { role: payment_gateway, archetype: stripe, latency: { median: 350ms, p99: 1400ms } }
  paypal: { role: payment_gateway, archetype: paypal, latency: { median: 450ms, p99: 1800ms } }
integration:
  type: reference
  timeout: 3s
  retries: { max: 2, base_delay: 500ms, max_delay: 4s }
  failover: { payment_gateway: [stripe, paypal] }
workload:
  payments:
    rate_per_minute: 20
    amount: { median: "85.00", sigma: 1.0, max: "5000" }
    customers: 5000
faults:
  - { kind: error, status: 503, target: stripe, at: 10m, for: 10m, probability: 0.6 }
  - { kind: partial, lost_as: "504", target: stripe, at: 10m, for: 10m, probability: 0.25 }
compliance:
  regimes: { austrac: false, apra_cps230: true }
rationale: RATIONALE-MARKER a storm at the peak.
operations:
  card-payments:
    title: Card payments
    providers: [stripe, paypal]
    service: { within: 10s }
    tolerances:
      max_data_loss: 0
      min_service_level: { served_pct: 80, within: 30s }
actions:
  - { id: a1, title: Reconcile faster, owner: OWNER-MARKER, due: "2025-01-01" }
`;

async function runText(text: string) {
  const dir = await tmp();
  const file = join(dir, 'storm.yaml');
  await writeFile(file, text);
  const r = await runScenarioFile(file, { out: join(dir, 'out') });
  const md = await readFile(join(r.dir, 'resilience.md'), 'utf8');
  return { ...r, md };
}

describe('every new field takes effect', () => {
  const base = runText(STORM);

  it('the base drill: data loss breached (unknown outcomes), the CPS 230 clock started, the action overdue, the rationale told', async () => {
    const { evaluation, md } = await base;
    const v = evaluation.resilience.operations[0]!.verdicts;
    expect(v.find((x) => x.kind === 'max_data_loss')?.verdict).toBe('BREACHED');
    expect(evaluation.compliance.result.rows.some((r) => r.obligation_id === 'AU-APRA-CPS230-TOL' && r.status !== 'NOT_TRIGGERED')).toBe(true);
    expect(md).toContain('RATIONALE-MARKER');
    expect(md).toContain('OWNER-MARKER');
    expect(md).toContain('2025-01-01 (overdue at the drill date)');
  }, 180_000);

  it('tolerances: a data-loss tolerance at the measured count is WITHIN, and no CPS 230 clock starts', async () => {
    const { evaluation } = await base;
    const n = evaluation.resilience.operations[0]!.measures.dataLoss.length;
    expect(n).toBeGreaterThan(0);
    const r = await runText(STORM.replace('max_data_loss: 0', `max_data_loss: ${n}`));
    expect(r.evaluation.resilience.operations[0]!.verdicts.find((x) => x.kind === 'max_data_loss')?.verdict).toBe('WITHIN');
    expect(r.evaluation.compliance.result.rows.some((x) => x.obligation_id === 'AU-APRA-CPS230-TOL' && x.status !== 'NOT_TRIGGERED')).toBe(false);
  }, 180_000);

  it('service.window: 5-minute windows make 8 windows of the 40-minute drill', async () => {
    const r = await runText(STORM.replace('service: { within: 10s }', 'service: { within: 10s, window: 5m }'));
    expect(r.evaluation.resilience.operations[0]!.measures.windows).toHaveLength(8);
    expect((await base).evaluation.resilience.operations[0]!.measures.windows).toHaveLength(40);
  }, 180_000);

  it('service.within and disrupted_below_pct change the disruption', async () => {
    const tight = await runText(STORM.replace('service: { within: 10s }', 'service: { within: 1s }'));
    const loose = await runText(STORM.replace('service: { within: 10s }', 'service: { within: 10s, disrupted_below_pct: 85 }'));
    const baseLongest = (await base).evaluation.resilience.operations[0]!.measures.longestDisruptionMs;
    expect(tight.evaluation.resilience.operations[0]!.measures.longestDisruptionMs).toBeGreaterThan(baseLongest);
    expect(loose.evaluation.resilience.operations[0]!.measures.longestDisruptionMs).toBeLessThan(baseLongest);
  }, 180_000);

  it('providers: an operation that depends only on the fallback gateway never sees the primary\'s alert', async () => {
    const { evaluation } = await base;
    expect(evaluation.resilience.operations[0]!.monitor.detectedBy).toMatch(/on stripe/);
    const r = await runText(STORM.replace('providers: [stripe, paypal]\n    service', 'providers: [paypal]\n    service'));
    expect(r.evaluation.resilience.operations[0]!.monitor.detectedAtMs).toBeUndefined();
  }, 180_000);

  it('resilience.notifications: the CPS 230 notification is submitted, on time', async () => {
    const r = await runText(`${STORM}resilience:\n  notifications: { AU-APRA-CPS230-TOL: 6h }\n`);
    const row = r.evaluation.compliance.result.rows.find((x) => x.obligation_id === 'AU-APRA-CPS230-TOL' && x.status !== 'NOT_TRIGGERED')!;
    expect(Date.parse(row.submitted_ts) - Date.parse(row.clock_start_ts)).toBe(6 * 3_600_000);
    expect(row.status).toBe('ON_TIME');
  }, 180_000);

  it('regimes and their inputs: MAS downtime already used, DORA classification, US clock', async () => {
    const text = STORM.replace('regimes: { austrac: false, apra_cps230: true }', 'regimes: { austrac: false, apra_cps230: true, mas_trm: true, eu_dora: true, us_banking: true, uk_opres: true }')
      + 'resilience:\n  mas: { downtime_used: 3h59m }\n  dora: { member_state: IE, member_states_affected: 2 }\n';
    const r = await runText(text);
    const f = r.evaluation.resilience.regimes.findings;
    const budget = f.find((x) => x.regime === 'mas_trm' && /downtime/.test(x.criterion))!;
    expect(budget.result).toBe(r.evaluation.resilience.operations[0]!.measures.totalDisruptionMs > 60_000 ? 'BREACHED' : 'WITHIN');
    expect(r.evaluation.resilience.regimes.dora?.major).toBe(true);
    expect(r.evaluation.compliance.result.rows.filter((x) => x.obligation_id.startsWith('EU-DORA') && x.applicable && x.deadline_ts !== '')).toHaveLength(4);
    expect(r.evaluation.compliance.result.rows.find((x) => x.obligation_id === 'US-BANKING-36H')?.status).toBe('ON_TIME');
    expect(f.some((x) => x.regime === 'uk_opres')).toBe(true);
    expect(r.evaluation.selfChecks.find((c) => c.id === 'compliance-deadlines')?.status).toBe('PASS');
    expect(r.md).toContain('**Verdict: MAJOR ICT-related incident**');
  }, 180_000);

  it('with replicates, resilience.md states the share of replicates within each tolerance', async () => {
    const { evaluation } = await base;
    const v = evaluation.resilience.operations.flatMap((o) => o.verdicts);
    const flipped = v.map((x) => ({ ...x, verdict: 'WITHIN' as const }));
    const md = renderResilienceMarkdown(evaluation, { version: 'test', scenarioFile: 'storm.yaml', contentHash: 'x', mode: 'sim', clock: 'virtual' }, { replicates: shareWithinTolerance([v, flipped, flipped, flipped]) });
    expect(md).toContain('## 8. Across replicates');
    expect(md).toContain('| `card-payments` | max_data_loss | 3 of 4 | 75 % |');
    expect(md).toContain('| `card-payments` | min_service_level | 4 of 4 | 100 % |');
  });

  it('thresholds on operations fail when the operation is outside its tolerance', async () => {
    const r = await runText(`${STORM}thresholds:\n  - "operation.card-payments.data_loss <= tolerance"\n  - "resilience.tolerances_breached == 1"\n`);
    expect(r.evaluation.thresholds.map((t) => t.status)).toEqual(['FAIL', 'PASS']);
  }, 180_000);
});
