import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { RunStaging, StreamedFile } from '../../../src/io/run-staging.js';
import { tempDirs } from '../../helpers/tmp.js';

const tmp = tempDirs('faultline-staging-');
const manifest = (runId: string) => ({
  runId, scenarioId: 's', scenarioFile: 's.yaml', contentHash: 'h', seed: 1, mode: 'sim', version: '0', startedAt: 'a', finishedAt: 'b', node: 'v', verdict: 'PASS', incomplete: false,
});

test('a run folder appears only when finished, with a manifest hashing every file', async () => {
  const parent = await tmp();
  const staging = new RunStaging(parent, 's', 'r1');
  const journal = staging.stream('journal.jsonl');
  journal.write('{"a":1}\n');
  journal.write('{"b":2}\n');
  expect(existsSync(join(parent, 's', 'r1'))).toBe(false);
  const dir = staging.finish(manifest('r1'), [{ name: 'summary.md', content: '# hi\n' }]);
  expect(dir).toBe(join(parent, 's', 'r1'));
  expect((await readdir(dir)).sort()).toEqual(['journal.jsonl', 'manifest.json', 'summary.md']);
  const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
  const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
  expect(m.files['journal.jsonl']).toEqual({ sha256: sha('{"a":1}\n{"b":2}\n'), bytes: 16 });
  expect(m.files['summary.md']).toEqual({ sha256: sha('# hi\n'), bytes: 5 });
  expect((await readdir(join(parent, 's'))).filter((n) => n.startsWith('.staging'))).toEqual([]);
});

test('an existing run folder is never overwritten: the next one gets a suffix', async () => {
  const parent = await tmp();
  const first = new RunStaging(parent, 's', 'r1').finish(manifest('r1'), [{ name: 'a.txt', content: 'first' }]);
  const second = new RunStaging(parent, 's', 'r1').finish(manifest('r1'), [{ name: 'a.txt', content: 'second' }]);
  const third = new RunStaging(parent, 's', 'r1').finish(manifest('r1'), [{ name: 'a.txt', content: 'third' }]);
  expect([first, second, third]).toEqual([join(parent, 's', 'r1'), join(parent, 's', 'r1-2'), join(parent, 's', 'r1-3')]);
  expect(await readFile(join(first, 'a.txt'), 'utf8')).toBe('first');
});

test('abort leaves nothing behind', async () => {
  const parent = await tmp();
  const staging = new RunStaging(parent, 's', 'r1');
  staging.stream('journal.jsonl').write('partial');
  staging.abort();
  expect(await readdir(join(parent, 's'))).toEqual([]);
});

test('a parent that cannot be created is a runtime error naming the folder', async () => {
  const parent = await tmp();
  const blocker = join(parent, 'file');
  await import('node:fs/promises').then((fs) => fs.writeFile(blocker, 'x'));
  expect(() => new RunStaging(blocker, 's', 'r1')).toThrowError(/could not write the report under/);
});

test('StreamedFile writes the exact UTF-8 bytes and their sha256 across flushes (multi-byte text, chunks larger than the buffer)', async () => {
  const dir = await tmp();
  const chunks = ['plain ascii\n', 'AUD → €, 日本 🚀\n'.repeat(3), 'x'.repeat(100), '€'.repeat(40), 'tail\n'];
  const f = new StreamedFile('t.txt', join(dir, 't.txt'), 64);
  for (const c of chunks) f.write(c);
  const digest = f.close();
  const expected = Buffer.from(chunks.join(''), 'utf8');
  expect(readFileSync(join(dir, 't.txt')).equals(expected)).toBe(true);
  expect(f.bytes).toBe(expected.length);
  expect(digest).toBe(createHash('sha256').update(expected).digest('hex'));
});

test('salvage keeps what was streamed as <run-id>-interrupted, marked incomplete; a finished run is not salvaged', async () => {
  const parent = await tmp();
  const staging = new RunStaging(parent, 's', 'r1');
  staging.stream('journal.jsonl').write('{"a":1}\n');
  const dir = staging.salvage({ ...manifest('r1'), verdict: 'INTERRUPTED', incomplete: true }, [{ name: 'summary.md', content: '# interrupted\n' }]);
  expect(dir).toBe(join(parent, 's', 'r1-interrupted'));
  expect((await readdir(dir!)).sort()).toEqual(['journal.jsonl', 'manifest.json', 'summary.md']);
  expect(await readFile(join(dir!, 'journal.jsonl'), 'utf8')).toBe('{"a":1}\n');
  const m = JSON.parse(await readFile(join(dir!, 'manifest.json'), 'utf8'));
  expect([m.verdict, m.incomplete]).toEqual(['INTERRUPTED', true]);
  expect((await readdir(join(parent, 's'))).filter((n) => n.startsWith('.staging'))).toEqual([]);
  // A second salvage, or one after a normal finish, does nothing.
  expect(staging.salvage(manifest('r1'), [])).toBeUndefined();
  const finished = new RunStaging(parent, 's', 'r2');
  finished.finish(manifest('r2'), []);
  expect(finished.salvage(manifest('r2'), [])).toBeUndefined();
  expect(existsSync(join(parent, 's', 'r2-interrupted'))).toBe(false);
});

test('StreamedFile grows its buffer from 64 kB to the flush size and still writes every byte in order', async () => {
  const dir = await tmp();
  const chunks: string[] = [];
  for (let i = 0; i < 20_000; i++) chunks.push(`${i},€,日本,line ${'x'.repeat(i % 37)}\n`);
  chunks.push('big '.repeat(200_000));
  chunks.push('tail\n');
  const f = new StreamedFile('g.txt', join(dir, 'g.txt'));
  for (const c of chunks) f.write(c);
  const digest = f.close();
  const expected = Buffer.from(chunks.join(''), 'utf8');
  expect(readFileSync(join(dir, 'g.txt')).equals(expected)).toBe(true);
  expect(f.bytes).toBe(expected.length);
  expect(digest).toBe(createHash('sha256').update(expected).digest('hex'));
});
