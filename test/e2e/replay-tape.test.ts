/**
 * `workload.replay` and `market.model: tape` take effect in every command (issue 15 §1): a drill
 * written from the docs replays its recorded trades and payments at their recorded times on its
 * recorded tape; the data files' bytes are part of the run id, recorded in manifest.json and
 * copied into the run folder, so `report` re-renders from the folder alone. Expected figures are
 * worked out here from the files with BigInt arithmetic, not with faultline's functions.
 */
import { createHash } from 'node:crypto';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ROOT, STACK_LINE, faultline, type CliResult } from '../helpers/cli.js';
import { readTree, tempDirs } from '../helpers/tmp.js';

const tmp = tempDirs('faultline-replay-');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'scenarios', 'replay-tape');

/** A decimal text as an integer count of 10^−places. */
function scaled(text: string, places: number): bigint {
  const [whole = '0', frac = ''] = text.split('.');
  return BigInt(whole + frac.padEnd(places, '0').slice(0, places));
}

/** n / 10^from rounded to `to` places (to < from), half-even; printed with exactly `to` places. */
function roundHalfEven(n: bigint, from: number, to: number): string {
  const unit = 10n ** BigInt(from - to);
  let q = n / unit;
  const r = n % unit;
  if (r * 2n > unit || (r * 2n === unit && q % 2n === 1n)) q += 1n;
  const s = q.toString().padStart(to + 1, '0');
  return `${s.slice(0, -to)}.${s.slice(-to)}`;
}

/** n / 10^places rounded up (ceil) or down (floor) to whole cents, printed without trailing zeros. */
function toTick(n: bigint, places: number, mode: 'ceil' | 'floor'): string {
  const unit = 10n ** BigInt(places - 2);
  let q = n / unit;
  if (mode === 'ceil' && n % unit !== 0n) q += 1n;
  const s = q.toString();
  return `${s.slice(0, -2)}.${s.slice(-2)}`.replace(/\.?0+$/, '');
}

/** An events.csv or clients.csv row by column name (every column is present in every row). */
type Row = Record<string, string>;

function csvRows(text: string): Row[] {
  const [header, ...lines] = text.trim().split('\n');
  const columns = header!.split(',');
  // events.csv quotes only fields with commas; these rows have none in the columns read here.
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i]!, v])));
}

async function copyFixture(): Promise<string> {
  const dir = await tmp();
  await cp(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('a replay on a tape, through the CLI', () => {
  let dir: string;
  let run: CliResult;
  let runDir: string;
  let events: Row[];

  beforeAll(async () => {
    dir = await copyFixture();
    run = await faultline(['run', join(dir, 'drill.yaml'), '--out', join(dir, 'reports')]);
    runDir = run.stdout.trim();
    events = csvRows(await readFile(join(runDir, 'events.csv'), 'utf8'));
  }, 60_000);

  test('validate and plan see the replayed items and the tape', async () => {
    const v = await faultline(['validate', join(dir, 'drill.yaml')]);
    expect(v.code, v.stderr).toBe(0);
    const p = await faultline(['plan', '--json', join(dir, 'drill.yaml')]);
    expect(p.code, p.stderr).toBe(0);
    const plan = JSON.parse(p.stdout) as { workload: { trades: number; payments: number; replayed: { file: string; trades: number; payments: number } }; tape: unknown; runId: string };
    expect(plan.workload.replayed).toEqual({ file: 'orders.csv', trades: 2, payments: 2 });
    expect(plan.workload.trades).toBe(2);
    // 2 replayed + the generated flow (2 a minute for 15 minutes, Poisson).
    expect(plan.workload.payments).toBeGreaterThan(2);
    expect(plan.tape).toEqual({ file: 'tape.csv', openingMids: { 'BTC-AUD': '101000.00' } });
    expect(plan.runId).toBe(runDir.split('/').at(-1));
  }, 60_000);

  test('the replayed trades fill at the tape\'s mid plus the markup, at their recorded times', () => {
    expect(run.code, run.stderr).toBe(0);
    const trades = events.filter((e) => e.operation === 'client_trade' && e.run === 'faulted');
    expect(trades.map((t) => [t.event_id, t.ts_utc, t.side, t.qty])).toEqual([
      ['RT000001', '2025-04-06T22:01:00.000Z', 'buy', '0.5'],
      ['RT000002', '2025-04-06T22:06:00.000Z', 'sell', '0.25'],
    ]);
    // The price used is the feed's last poll (every 5 s): the tape's mid in force then, 21:59 → 101000.00
    // for the first trade, 22:05 → 101500.00 for the second. Markup 50 bps (the default), client fee
    // 60 bps; a client buy rounds up to the 0.01 tick and a sell down; money rounds half-even to cents.
    const expected = [
      { mid: '101000.00', qty: '0.5', factor: 10050n, mode: 'ceil' as const },
      { mid: '101500.00', qty: '0.25', factor: 9950n, mode: 'floor' as const },
    ].map(({ mid, qty, factor, mode }) => {
      const exec = scaled(mid, 2) * factor; // 10^−6
      const execText = toTick(exec, 6, mode);
      const notional = scaled(execText, 2) * scaled(qty, 2); // 10^−4
      const fee = notional * 60n; // 10^−8
      return { ref: mid, exec: execText, notional: roundHalfEven(notional, 4, 2), fee: roundHalfEven(fee, 8, 2) };
    });
    expect(trades.map((t) => ({ ref: t.price_used, exec: t.price_exec, notional: t.notional, fee: t.fee }))).toEqual(
      expected.map((e) => ({ ref: e.ref.replace(/\.?0+$/, ''), exec: e.exec, notional: e.notional, fee: e.fee })),
    );
    expect(trades.map((t) => t.ref_mid)).toEqual(['101000', '101500']);
  });

  test('replayed and generated items never share an id', () => {
    const faulted = events.filter((e) => e.run === 'faulted' && (e.operation === 'client_trade' || e.operation === 'payment'));
    const ids = faulted.map((e) => e.event_id ?? '');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.startsWith('RP'))).toEqual(['RP000003', 'RP000004']);
    expect(ids.some((id) => /^P\d{6}$/.test(id))).toBe(true);
    const payment = faulted.find((e) => e.event_id === 'RP000003')!;
    expect([payment.ts_utc?.slice(0, 19), payment.notional, payment.fee_ccy]).toEqual(['2025-04-06T22:07:00', '1500.00', 'AUD']);
  });

  test('a payment\'s countries take effect: AU → NZ is cross-border (an IFTI obligation for this remitter), the default (AU → AU) is not', async () => {
    const compliance = await readFile(join(runDir, 'compliance.csv'), 'utf8');
    expect(compliance).toMatch(/AU-AUSTRAC-IFTI,[^\n]*,RP000003#1,/);
    expect(compliance).not.toContain('RP000004#');
    const clients = csvRows(await readFile(join(runDir, 'clients.csv'), 'utf8'));
    expect(clients.every((c) => c.client_id !== 'CL-1' || c.tier === 'vip')).toBe(true);
  });

  test('the data files are copied beside scenario.yaml and recorded in manifest.json with their sha256', async () => {
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const orders = await readFile(join(dir, 'orders.csv'));
    const tape = await readFile(join(dir, 'tape.csv'));
    expect(await readFile(join(runDir, 'replay.csv'))).toEqual(orders);
    expect(await readFile(join(runDir, 'tape.csv'))).toEqual(tape);
    const manifest = JSON.parse(await readFile(join(runDir, 'manifest.json'), 'utf8')) as { dataFiles: unknown[]; files: Record<string, { sha256: string }> };
    expect(manifest.dataFiles).toEqual([
      { role: 'replay', file: 'orders.csv', copy: 'replay.csv', sha256: sha(orders), bytes: orders.length },
      { role: 'tape', file: 'tape.csv', copy: 'tape.csv', sha256: sha(tape), bytes: tape.length },
    ]);
    expect(manifest.files['replay.csv']!.sha256).toBe(sha(orders));
  });

  test('report re-renders from the run folder alone, byte for byte, with the originals gone', async () => {
    const moved = await copyFixture();
    const again = await faultline(['run', join(moved, 'drill.yaml'), '--out', join(moved, 'reports')]);
    const folder = again.stdout.trim();
    await rm(join(moved, 'orders.csv'));
    await rm(join(moved, 'tape.csv'));
    const out = join(moved, 'rerendered');
    const r = await faultline(['report', folder, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const original = await readTree(folder);
    const rendered = await readTree(out);
    expect(rendered.size).toBeGreaterThan(10);
    for (const [name, bytes] of rendered) expect(bytes.equals(original.get(name)!), name).toBe(true);
  }, 60_000);

  test('one changed byte in a data file gives another run id and another run', async () => {
    const changed = await copyFixture();
    const orders = await readFile(join(changed, 'orders.csv'), 'utf8');
    await writeFile(join(changed, 'orders.csv'), orders.replace('buy,0.5,', 'buy,0.6,'));
    const a = JSON.parse((await faultline(['plan', '--json', join(dir, 'drill.yaml')])).stdout) as { runId: string };
    const b = JSON.parse((await faultline(['plan', '--json', join(changed, 'drill.yaml')])).stdout) as { runId: string };
    expect(b.runId).not.toBe(a.runId);
    const tape = await readFile(join(changed, 'tape.csv'), 'utf8');
    await writeFile(join(changed, 'tape.csv'), tape.replace('101000.00', '101000.01'));
    const c = JSON.parse((await faultline(['plan', '--json', join(changed, 'drill.yaml')])).stdout) as { runId: string };
    expect(c.runId).not.toBe(b.runId);
  }, 60_000);

  test('msw mode replays the same items on the same tape', async () => {
    const msw = await faultline(['run', '--mode', 'msw', join(dir, 'drill.yaml'), '--out', join(dir, 'msw')]);
    expect(msw.code, msw.stderr).toBe(0);
    const rows = csvRows(await readFile(join(msw.stdout.trim(), 'events.csv'), 'utf8'));
    const trades = (list: Row[]) => list.filter((e) => e.operation === 'client_trade').map((t) => [t.event_id, t.run, t.price_exec, t.fee]);
    expect(trades(rows)).toEqual(trades(events));
  }, 60_000);
});

describe('what validate rejects about a replay or a tape', () => {
  const check = async (edit: (files: { drill: string; orders: string; tape: string }) => Partial<{ drill: string; orders: string; tape: string }>, ...messages: (string | RegExp)[]) => {
    const dir = await copyFixture();
    const files = {
      drill: await readFile(join(dir, 'drill.yaml'), 'utf8'),
      orders: await readFile(join(dir, 'orders.csv'), 'utf8'),
      tape: await readFile(join(dir, 'tape.csv'), 'utf8'),
    };
    const changed = edit(files);
    if (changed.drill !== undefined) await writeFile(join(dir, 'drill.yaml'), changed.drill);
    if (changed.orders !== undefined) await writeFile(join(dir, 'orders.csv'), changed.orders);
    if (changed.tape !== undefined) await writeFile(join(dir, 'tape.csv'), changed.tape);
    for (const command of ['validate', 'run']) {
      const r = await faultline([command, join(dir, 'drill.yaml'), ...(command === 'run' ? ['--out', join(dir, 'out')] : [])]);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).not.toContain(STACK_LINE);
      for (const m of messages) expect(r.stderr).toMatch(m);
    }
  };

  test('a row recorded outside the drill, with its row number', async () => {
    await check(({ orders }) => ({ orders: orders.replace('2025-04-06T22:11:00Z', '2025-04-06T22:15:00Z') }), /orders\.csv:row 4 column ts: 2025-04-06T22:15:00Z is outside the drill/);
  }, 60_000);

  test('a tape that starts after the drill', async () => {
    await check(({ tape }) => ({ tape: tape.replace('2025-04-06T21:59:00Z', '2025-04-06T22:00:01Z') }), /tape\.csv:row 1 column ts: the first price of BTC-AUD is at 2025-04-06T22:00:01\.000Z, after the drill starts/);
  }, 60_000);

  test('time_compression is gone, and says why', async () => {
    await check(({ drill }) => ({ drill: drill.replace('replay: { file: orders.csv }', 'replay: { file: orders.csv, time_compression: 2 }') }), /workload\.replay\.time_compression: "time_compression" is no longer a scenario key/, /play at their recorded timestamps/);
  }, 60_000);

  test('a mid beside a tape would be ignored', async () => {
    await check(({ drill }) => ({ drill: drill.replace('BTC-AUD: { tick_size: "0.01" }', 'BTC-AUD: { tick_size: "0.01", mid: "100000" }') }), /opening mid of BTC-AUD comes from the tape/);
  }, 60_000);
});

describe('the library runs the replay too', () => {
  test('runScenarioFile plans the replayed items and the tape\'s opening mid', async () => {
    const dir = await copyFixture();
    const { runScenarioFile } = await import('../../src/index.js');
    const result = await runScenarioFile(join(dir, 'drill.yaml'), { out: join(dir, 'lib'), inlineEventFiles: true, inlineMonteCarlo: true });
    expect(result.plan.workload.filter((w) => w.id.startsWith('R')).map((w) => w.id)).toEqual(['RT000001', 'RT000002', 'RP000003', 'RP000004']);
    expect(result.scenario.market.instruments[0]!.mid).toBe('101000.00');
    expect(result.plan.market.midAt('BTC-AUD', Date.parse('2025-04-06T22:07:00Z')).toFixed()).toBe('101500');
  }, 60_000);
});
