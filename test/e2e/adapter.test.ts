/**
 * The firm's own client under a drill (integration: { type: module }): the worked example in
 * examples/my-client passes its drill in msw mode; broken adapters (throw, hang, nonsense) stop the
 * run with a reason naming the adapter file and the call, and the report is still written, incomplete.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenarioFile } from '../../src/run/run-scenario.js';

const DRILL = resolve('examples/my-client/drill.yaml');
const work = mkdtempSync(join(tmpdir(), 'faultline-adapter-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('module integration: examples/my-client', () => {
  it('runs the drill in msw mode and writes a complete report', async () => {
    const r = await runScenarioFile(DRILL, { mode: 'msw', out: join(work, 'ok'), keepEvents: true, now: () => new Date('2026-01-01T00:00:00Z') });
    const faulted = r.events.filter((e) => e.run === 'faulted');
    const count = (type: string) => faulted.filter((e) => e.type === type).length;
    expect(count('price.accepted')).toBeGreaterThan(300);
    expect(faulted.filter((e) => e.type === 'trade' && e.outcome === 'FILLED').length).toBeGreaterThan(200);
    expect(faulted.filter((e) => e.type === 'order' && e.outcome === 'FILLED').length).toBeGreaterThan(0);
    expect(faulted.filter((e) => e.type === 'payment' && e.outcome === 'SUCCEEDED').length).toBeGreaterThan(250);
    // The adapter's requests are journaled as attempts, and the Stripe 503s hit them.
    expect(faulted.some((e) => e.type === 'attempt' && e.faultId === 'stripe-503' && e.outcome === 'http_error')).toBe(true);
    expect(r.evaluation.incomplete).toBe(false);
    expect(r.evaluation.verdict).toBe('PASS');
    for (const f of ['summary.md', 'journal.jsonl', 'summary.json']) expect(existsSync(join(r.dir, f))).toBe(true);
    expect(readFileSync(join(r.dir, 'summary.md'), 'utf8')).toContain('stripe-503');
  }, 120_000);

  it('refuses --mode sim with a usage error', async () => {
    await expect(runScenarioFile(DRILL, { mode: 'sim', out: join(work, 'sim') })).rejects.toMatchObject({ kind: 'usage', code: 'MODULE_NEEDS_MSW' });
  });
});

/** A copy of the example drill whose integration is `adapter` (an .mjs source). */
function drillWith(name: string, adapter: string): string {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  writeFileSync(join(work, `${name}.mjs`), adapter);
  const yaml = readFileSync(DRILL, 'utf8').replace('module: ./my-client.ts', `module: ./${name}.mjs`).replace('id: my-client-drill', `id: ${name}`);
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

const QUOTING = `
  async getQuote({ instrument }) { return { status: 'OK', price: '101400', ts: ctx.now(), provider: 'coingecko' }; },
  async placeOrder(o) { return { status: 'FILLED', price: '101400', provider: 'binance' }; },`;

describe('module integration: broken adapters', () => {
  const cases = [
    {
      name: 'throwing',
      source: `export default (ctx) => ({${QUOTING}
  async createPayment(p) { throw new Error('gateway client exploded'); } });`,
      reason: /adapter .*throwing\.mjs: createPayment\(P\d+\) threw: Error: gateway client exploded/,
    },
    {
      name: 'hanging',
      source: `export default (ctx) => ({${QUOTING}
  createPayment(p) { return new Promise(() => {}); } });`,
      reason: /adapter .*hanging\.mjs: createPayment\(P\d+\) did not settle within 60s/,
    },
    {
      name: 'nonsense',
      source: `export default (ctx) => ({
  async getQuote() { return { price: 42 }; },
  async placeOrder() { return { status: 'FILLED', price: '1', provider: 'binance' }; },
  async createPayment() { return { status: 'SUCCEEDED' }; } });`,
      reason: /adapter .*nonsense\.mjs: getQuote\(BTC-AUD\) returned nonsense: status must be "OK" or "UNAVAILABLE", got undefined/,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: names the adapter and the call, writes a report marked incomplete`, async () => {
      const file = drillWith(c.name, c.source);
      const r = await runScenarioFile(file, { mode: 'msw', out: join(work, 'reports'), keepEvents: true });
      expect(r.evaluation.incomplete).toBe(true);
      expect(r.evaluation.incompleteReason).toMatch(c.reason);
      expect(r.evaluation.verdict).toBe('FAIL');
      const finished = r.events.filter((e) => e.type === 'run.finished');
      expect(finished.every((e) => e.type === 'run.finished' && e.incomplete)).toBe(true);
      expect(existsSync(join(r.dir, 'summary.md'))).toBe(true);
    }, 60_000);
  }
});
