/**
 * journal.jsonl and events.csv written by a worker thread (run/event-files.ts) are the bytes the main
 * thread writes inline, with the same manifest digests; a forced quit keeps every event handed over;
 * a worker that cannot write fails the run with REPORT_WRITE_FAILED. The worker is compiled code, so
 * these tests drive dist/ (built by the global setup), as `faultline run` does.
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import type * as EventFilesModule from '../../src/run/event-files.js';
import type * as RunScenarioModule from '../../src/run/run-scenario.js';
import type * as RunStagingModule from '../../src/io/run-staging.js';
import type { RunEvent } from '../../src/engine/events.js';
import { readTree, tempDirs } from '../helpers/tmp.js';

const tmp = tempDirs('faultline-event-files-');
const dist = join(process.cwd(), 'dist/src');
let run: typeof RunScenarioModule;
let eventFiles: typeof EventFilesModule;
let staging: typeof RunStagingModule;

beforeAll(async () => {
  run = (await import(join(dist, 'run/run-scenario.js'))) as typeof RunScenarioModule;
  eventFiles = (await import(join(dist, 'run/event-files.js'))) as typeof EventFilesModule;
  staging = (await import(join(dist, 'io/run-staging.js'))) as typeof RunStagingModule;
});

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

test('the worker writes the same journal.jsonl and events.csv as the main thread, with matching manifest digests', async () => {
  const [outThreaded, outInline] = [await tmp(), await tmp()];
  // lp-outage's journal is ~5 MB: ~85 batches, more than the worker may fall behind by.
  const threaded = await run.runScenarioFile('scenarios/lp-outage.yaml', { out: outThreaded });
  const inline = await run.runScenarioFile('scenarios/lp-outage.yaml', { out: outInline, inlineEventFiles: true });
  const a = await readTree(threaded.dir);
  const b = await readTree(inline.dir);
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const name of ['journal.jsonl', 'events.csv']) {
    expect(a.get(name)!.length, name).toBeGreaterThan(100_000);
    expect(a.get(name)!.equals(b.get(name)!), name).toBe(true);
  }
  const manifest = JSON.parse(a.get('manifest.json')!.toString('utf8')) as { files: Record<string, { sha256: string; bytes: number }> };
  for (const name of ['journal.jsonl', 'events.csv']) {
    expect(manifest.files[name], name).toEqual({ sha256: sha(a.get(name)!), bytes: a.get(name)!.length });
  }
}, 60_000);

function tradeEvent(i: number): RunEvent {
  return {
    type: 'trade', tradeId: `T${i}`, clientId: 'C1', tier: 'retail', instrument: 'BTC-AUD', side: 'buy', qty: '0.01', refMid: '100000', feeCcy: 'AUD',
    outcome: 'FILLED', priceExec: '100050', fee: '1.00', seq: i, t: 1_744_063_200_000 + i, run: 'faulted',
  } as unknown as RunEvent;
}

test('drainSync: every event handed over is on disk as whole lines, as a forced quit needs', async () => {
  const parent = await tmp();
  const s = new staging.RunStaging(parent, 'drill', 'run1');
  const files = eventFiles.openEventFiles(s, { runId: 'run1', header: '{"format":"test"}', staleAfterMs: 30_000 });
  const n = 5_000;
  for (let i = 1; i <= n; i++) files.add(tradeEvent(i));
  files.drainSync(10_000);
  const dir = s.salvage({
    runId: 'run1', scenarioId: 'drill', scenarioFile: 'x.yaml', contentHash: 'h', seed: 1, mode: 'sim', version: 'test',
    startedAt: '', finishedAt: '', node: process.version, verdict: 'INTERRUPTED', incomplete: true,
  }, []);
  files.abort();
  const journal = (await readFile(join(dir!, 'journal.jsonl'), 'utf8')).split('\n');
  expect(journal.at(-1)).toBe('');
  expect(journal.length - 2).toBe(n);
  expect(journal[0]).toBe('{"format":"test"}');
  expect((JSON.parse(journal[n]!) as { tradeId: string }).tradeId).toBe(`T${n}`);
  const csv = (await readFile(join(dir!, 'events.csv'), 'utf8')).trimEnd().split('\n');
  expect(csv.length - 1).toBe(n);
  // The salvaged manifest hashes what is on disk.
  const manifest = JSON.parse(await readFile(join(dir!, 'manifest.json'), 'utf8')) as { files: Record<string, { bytes: number }> };
  expect(manifest.files['journal.jsonl']!.bytes).toBe((await readFile(join(dir!, 'journal.jsonl'))).length);
});

test('a worker that cannot write its files fails the run with REPORT_WRITE_FAILED, not a stack trace', async () => {
  const parent = await tmp();
  const s = new staging.RunStaging(parent, 'drill', 'run1');
  // The staging folder vanishes before the worker opens its files.
  await rm(s.dir, { recursive: true, force: true });
  const files = eventFiles.openEventFiles(s, { runId: 'run1', header: '{}', staleAfterMs: 30_000 });
  files.add(tradeEvent(1));
  await expect(files.end()).rejects.toMatchObject({ code: 'REPORT_WRITE_FAILED', kind: 'runtime' });
});

/** The journal and events.csv of `events` written through openEventFiles, threaded or inline. */
async function writeThrough(events: readonly RunEvent[], inline: boolean): Promise<{ journal: Buffer; csv: Buffer }> {
  const s = new staging.RunStaging(await tmp(), 'drill', 'run1');
  const files = eventFiles.openEventFiles(s, { runId: 'run1', header: '{"format":"test"}', staleAfterMs: 30_000, ...(inline ? { inline: true } : {}) });
  for (const e of events) files.add(e);
  await files.end();
  const dir = s.finish({
    runId: 'run1', scenarioId: 'drill', scenarioFile: 'x.yaml', contentHash: 'h', seed: 1, mode: 'sim', version: 'test',
    startedAt: '', finishedAt: '', node: process.version, verdict: 'PASS', incomplete: false,
  }, []);
  return { journal: await readFile(join(dir, 'journal.jsonl')), csv: await readFile(join(dir, 'events.csv')) };
}

test('batches longer than a slab, and events of every size between, give the inline bytes', async () => {
  // 64 events of ~6 kB make a ~390 kB batch, longer than a 256 kB slab; short ones fill slabs around them.
  const events = Array.from({ length: 400 }, (_, i) => {
    const e = tradeEvent(i + 1) as unknown as Record<string, unknown>;
    if (i >= 100 && i < 250) e.reason = `${'x'.repeat(6000)} "quoted" €${i}`;
    return e as unknown as RunEvent;
  });
  const threaded = await writeThrough(events, false);
  const inline = await writeThrough(events, true);
  expect(threaded.journal.toString('utf8').split('\n')).toHaveLength(402);
  expect(threaded.journal.equals(inline.journal)).toBe(true);
  expect(threaded.csv.equals(inline.csv)).toBe(true);
});

test('an event that would not make one journal line fails the run instead of writing a wrong journal', async () => {
  const s = new staging.RunStaging(await tmp(), 'drill', 'run1');
  const files = eventFiles.openEventFiles(s, { runId: 'run1', header: '{}', staleAfterMs: 30_000 });
  files.add(tradeEvent(1));
  // Not an event faultline makes: an array of objects, one of them with a `type` first.
  files.add({ ...tradeEvent(2), legs: [{ a: 1 }, { type: 'leg' }] } as unknown as RunEvent);
  await expect(files.end()).rejects.toMatchObject({ code: 'REPORT_WRITE_FAILED', detail: expect.stringContaining('split into 3 lines') });
});
