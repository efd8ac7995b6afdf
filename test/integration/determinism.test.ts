/**
 * design.md: same scenario + seed + version ⇒ byte-identical journal, CSVs and Markdown; wall-clock
 * time appears only in manifest.json. Runs real drills in process into separate folders.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runScenarioFile, type RunScenarioResult } from '../../src/run/run-scenario.js';
import { readTree, tempDirs } from '../helpers/tmp.js';

const tmp = tempDirs('faultline-determinism-');

describe.each([
  { file: 'scenarios/lp-outage.yaml' },
  { file: 'scenarios/payment-503-storm-no-idempotency.yaml' },
])('$file', ({ file }) => {
  let outA: string;
  let outB: string;
  let a: RunScenarioResult;
  let b: RunScenarioResult;
  beforeAll(async () => {
    [outA, outB] = [await tmp(), await tmp()];
    a = await runScenarioFile(file, { out: outA });
    // A different wall clock must not leak into any report body.
    b = await runScenarioFile(file, { out: outB, now: () => new Date('2031-06-30T12:34:56Z') });
  }, 60_000);

  test('same scenario + seed, run twice ⇒ byte-identical files (manifest.json aside)', async () => {
    expect(relative(outA, a.dir)).toBe(relative(outB, b.dir));
    const treeA = await readTree(a.dir);
    const treeB = await readTree(b.dir);
    expect([...treeB.keys()]).toEqual([...treeA.keys()]);
    for (const name of ['journal.jsonl', 'summary.md', 'summary.json', 'junit.xml', 'pnl_attribution.csv', 'events.csv', 'exposure_timeseries.csv', 'incidents.csv', 'sla.csv', 'drill_summary.csv']) {
      expect(treeA.has(name), name).toBe(true);
    }
    const differing = [...treeA].filter(([name, bytes]) => name !== 'manifest.json' && !bytes.equals(treeB.get(name)!)).map(([name]) => name);
    expect(differing).toEqual([]);
  });

  test('the manifests differ only by wall-clock fields, and their hashes describe the files on disk', async () => {
    const mA = JSON.parse(await readFile(join(a.dir, 'manifest.json'), 'utf8'));
    const mB = JSON.parse(await readFile(join(b.dir, 'manifest.json'), 'utf8'));
    expect(mB.startedAt).toBe('2031-06-30T12:34:56.000Z');
    expect({ ...mA, startedAt: 0, finishedAt: 0 }).toEqual({ ...mB, startedAt: 0, finishedAt: 0 });
    const tree = await readTree(a.dir);
    for (const [name, meta] of Object.entries(mA.files as Record<string, { sha256: string; bytes: number }>)) {
      const bytes = tree.get(name);
      expect(bytes, name).toBeDefined();
      expect(createHash('sha256').update(bytes!).digest('hex'), name).toBe(meta.sha256);
      expect(bytes!.length, name).toBe(meta.bytes);
    }
    expect(Object.keys(mA.files).sort()).toEqual([...tree.keys()].filter((n) => n !== 'manifest.json').sort());
  });

  test('a different seed gives a different run id and a different journal', async () => {
    const c = await runScenarioFile(file, { out: await tmp(), seed: a.plan.seed + 1 });
    expect(c.plan.runId).not.toBe(a.plan.runId);
    const journalA = await readFile(join(a.dir, 'journal.jsonl'), 'utf8');
    const journalC = await readFile(join(c.dir, 'journal.jsonl'), 'utf8');
    // Not just the header: the events themselves (workload, market) differ.
    expect(journalC.split('\n').slice(1)).not.toEqual(journalA.split('\n').slice(1));
    expect(JSON.parse(journalC.split('\n')[0]!)).toMatchObject({ format: 'faultline-journal', seed: a.plan.seed + 1 });
  });
});
