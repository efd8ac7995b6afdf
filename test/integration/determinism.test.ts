/**
 * design.md: same scenario + seed + version ⇒ byte-identical journal, CSVs and Markdown; wall-clock
 * time appears only in manifest.json. Runs real drills in process into two separate folders.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runScenarioFile } from '../../src/run/run-scenario.js';
import { readTree, tempDirs } from '../helpers/tmp.js';

const tmp = tempDirs('faultline-determinism-');

describe.each(['scenarios/lp-outage.yaml', 'scenarios/payment-503-storm-no-idempotency.yaml'])('%s', (file) => {
  test('same scenario + seed, run twice ⇒ byte-identical files (manifest.json aside)', async () => {
    const [outA, outB] = [await tmp(), await tmp()];
    const a = await runScenarioFile(file, { out: outA });
    // A different wall clock must not leak into any report body.
    const b = await runScenarioFile(file, { out: outB, now: () => new Date('2031-06-30T12:34:56Z') });
    expect(relative(outA, a.dir)).toBe(relative(outB, b.dir));
    const treeA = await readTree(a.dir);
    const treeB = await readTree(b.dir);
    expect([...treeB.keys()]).toEqual([...treeA.keys()]);
    for (const name of ['journal.jsonl', 'summary.md', 'summary.json', 'junit.xml', 'pnl_attribution.csv', 'events.csv', 'exposure_timeseries.csv', 'incidents.csv', 'sla.csv', 'drill_summary.csv']) {
      expect(treeA.has(name), name).toBe(true);
    }
    const differing = [...treeA].filter(([name, bytes]) => name !== 'manifest.json' && !bytes.equals(treeB.get(name)!)).map(([name]) => name);
    expect(differing).toEqual([]);
    // The manifests differ only by wall-clock fields, and their hashes describe the files on disk.
    const [mA, mB] = [JSON.parse(treeA.get('manifest.json')!.toString()), JSON.parse(treeB.get('manifest.json')!.toString())];
    expect(mB.startedAt).toBe('2031-06-30T12:34:56.000Z');
    expect({ ...mA, startedAt: 0, finishedAt: 0 }).toEqual({ ...mB, startedAt: 0, finishedAt: 0 });
    for (const [name, meta] of Object.entries(mA.files as Record<string, { sha256: string; bytes: number }>)) {
      const bytes = await readFile(join(a.dir, name));
      expect(createHash('sha256').update(bytes).digest('hex'), name).toBe(meta.sha256);
      expect(bytes.length, name).toBe(meta.bytes);
    }
    expect(Object.keys(mA.files).sort()).toEqual([...treeA.keys()].filter((n) => n !== 'manifest.json').sort());
  });
});

test('a different seed gives a different run id and a different journal', async () => {
  const file = 'scenarios/lp-outage.yaml';
  const [outA, outB] = [await tmp(), await tmp()];
  const a = await runScenarioFile(file, { out: outA });
  const b = await runScenarioFile(file, { out: outB, seed: a.plan.seed + 1 });
  expect(b.plan.runId).not.toBe(a.plan.runId);
  const journalA = await readFile(join(a.dir, 'journal.jsonl'), 'utf8');
  const journalB = await readFile(join(b.dir, 'journal.jsonl'), 'utf8');
  expect(journalB).not.toBe(journalA);
  // Not just the header: the events themselves (workload, market) differ.
  expect(journalB.split('\n').slice(1)).not.toEqual(journalA.split('\n').slice(1));
  expect(JSON.parse(journalB.split('\n')[0]!)).toMatchObject({ format: 'faultline-journal', seed: a.plan.seed + 1 });
});
