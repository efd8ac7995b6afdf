/**
 * The CLI contract, through the real binary: exit codes (design.md table), stdout carries results
 * and stderr carries people, user errors never print a stack trace, and runs never overwrite.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ANSI, ROOT, STACK_LINE, faultline, type CliResult } from '../helpers/cli.js';
import { readTree, tempDirs } from '../helpers/tmp.js';

const tmp = tempDirs('faultline-cli-');
const LP_OUTAGE = 'scenarios/lp-outage.yaml';

function expectUserError(r: CliResult, code: number, ...messages: (string | RegExp)[]): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).not.toContain(STACK_LINE);
  expect(r.stderr).not.toMatch(/internal error/i);
  expect(r.stderr).not.toMatch(ANSI);
  for (const m of messages) expect(r.stderr).toMatch(m);
}

describe('faultline run', () => {
  let out: string;
  let first: CliResult;
  let second: CliResult;
  let firstTree: Map<string, Buffer>;

  beforeAll(async () => {
    out = await tmp();
    first = await faultline(['run', LP_OUTAGE, '--out', out]);
    firstTree = await readTree(first.stdout.trim());
    second = await faultline(['run', LP_OUTAGE, '--out', out]);
  }, 60_000);

  test('prints the run folder, and only that, on stdout', async () => {
    const lines = first.stdout.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    const dir = lines[0]!;
    expect(dir.startsWith(join(out, 'lp-outage'))).toBe(true);
    expect((await stat(join(dir, 'summary.md'))).isFile()).toBe(true);
  });

  test('progress goes to stderr, without ANSI escapes when stderr is not a terminal', () => {
    expect(first.stderr).toContain(LP_OUTAGE);
    expect(first.stderr).toMatch(/self-checks \d+\/\d+ passed/);
    expect(first.stderr).toContain(`report: ${first.stdout.trim()}/summary.md`);
    expect(first.stderr).not.toMatch(ANSI);
    expect(first.stderr).not.toContain(STACK_LINE);
  });

  test('the exit code agrees with summary.json (0 = PASS, 1 = a threshold or self-check failed)', async () => {
    const summary = JSON.parse(await readFile(join(first.stdout.trim(), 'summary.json'), 'utf8'));
    const anyFail = [...summary.thresholds, ...summary.selfChecks].some((x: { status: string }) => x.status === 'FAIL');
    expect(summary.verdict).toBe(anyFail ? 'FAIL' : 'PASS');
    expect(first.code).toBe(summary.verdict === 'PASS' ? 0 : 1);
    expect(second.code).toBe(first.code);
  });

  test('running twice into the same --out never overwrites: the second run gets a -2 folder', async () => {
    const dir1 = first.stdout.trim();
    const dir2 = second.stdout.trim();
    expect(dir2).toBe(`${dir1}-2`);
    // The first folder is untouched, byte for byte.
    const now = await readTree(dir1);
    expect([...now.keys()]).toEqual([...firstTree.keys()]);
    for (const [name, bytes] of firstTree) expect(now.get(name)!.equals(bytes), name).toBe(true);
    // Same run id inside: the second folder's journal is byte-identical to the first.
    expect((await readFile(join(dir2, 'journal.jsonl'))).equals(firstTree.get('journal.jsonl')!)).toBe(true);
  });

  test('plan prints the timeline and the same run id the run used', async () => {
    const r = await faultline(['plan', LP_OUTAGE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`run id ${basename(first.stdout.trim())}`);
    // UTC, then the local time of reporting.timezone (Australia/Sydney: AEST, UTC+10, in April).
    expect(r.stdout).toMatch(/2025-04-07T22:15:00\.000Z {2}2025-04-08 08:15:00 AEST {2}fault lp-dark starts: outage on binance/);
    expect(r.stdout).toMatch(/2025-04-07T23:00:00\.000Z {2}2025-04-08 09:00:00 AEST {2}fault lp-dark ends/);
    expect(r.stdout).toMatch(/workload: \d+ client trades, \d+ payments/);
  });

  test('report <run-dir> --out re-renders files byte-identical to the originals', async () => {
    const dir = first.stdout.trim();
    const target = join(await tmp(), 'rerendered');
    const r = await faultline(['report', dir, '--out', target]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(target);
    const rendered = await readTree(target);
    expect(rendered.size).toBeGreaterThanOrEqual(10);
    for (const name of ['summary.md', 'summary.json', 'junit.xml', 'pnl_attribution.csv', 'sla.csv']) expect(rendered.has(name), name).toBe(true);
    const differing = [...rendered].filter(([name, bytes]) => !firstTree.get(name)?.equals(bytes)).map(([name]) => name);
    expect(differing).toEqual([]);
  });
});

// Independent spawns: run them side by side (the binary's start-up dominates their cost).
describe.concurrent('usage errors exit 2', () => {
  test('--help exits 0 and lists the commands', async () => {
    const r = await faultline(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['run', 'validate', 'plan', 'report', 'schema']) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
  });

  test('run --help documents the exit codes', async () => {
    const r = await faultline(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exit codes: 0 .*1 .*2 usage .*3 invalid scenario/);
  });

  test('an unknown option', async () => {
    const r = await faultline(['run', LP_OUTAGE, '--bogus', '--out', await tmp()]);
    expectUserError(r, 2, /unknown option '--bogus'/);
    expect(r.stdout).toBe('');
  });

  test.each(['abc', '1.5', '4294967296'])('--seed %s', async (seed) => {
    const r = await faultline(['run', LP_OUTAGE, `--seed=${seed}`, '--out', await tmp()]);
    expectUserError(r, 2, /--seed/, /non-negative integer/);
    expect(r.stdout).toBe('');
  });

  // proxy mode runs (test/e2e/proxy-mode.test.ts); its options are checked before anything starts.
  test('--mode proxy rejects a speed that is not a positive number', async () => {
    const r = await faultline(['run', LP_OUTAGE, '--mode', 'proxy', '--speed', '0', '--out', await tmp()]);
    expectUserError(r, 2, /--speed 0 is not a positive number/);
    expect(r.stdout).toBe('');
  });

  test('an unknown --mode', async () => {
    expectUserError(await faultline(['run', LP_OUTAGE, '--mode', 'turbo', '--out', await tmp()]), 2, /turbo/);
  });

  test('colour appears on a non-TTY only with FORCE_COLOR, and never with NO_COLOR', async () => {
    const out = await tmp();
    const forced = await faultline(['run', LP_OUTAGE, '--seed', 'abc', '--out', out], { FORCE_COLOR: '1' });
    expect(forced.code).toBe(2);
    expect(forced.stderr).toMatch(ANSI);
    const none = await faultline(['run', LP_OUTAGE, '--seed', 'abc', '--out', out], { FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(none.stderr).not.toMatch(ANSI);
  });
});

describe.concurrent('invalid scenarios exit 3 with file:line:col problems', () => {
  let dir: string;
  let base: string;
  beforeAll(async () => {
    dir = await tmp();
    base = await readFile(join(ROOT, LP_OUTAGE), 'utf8');
  });

  /** Write `text` into the temp folder; return its path and the 1-based line of `marker`. */
  async function write(name: string, text: string, marker: string): Promise<{ file: string; line: number; col: number }> {
    const file = join(dir, name);
    await writeFile(file, text);
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l.includes(marker));
    if (i < 0) throw new Error(`no ${marker} in ${name}`);
    return { file, line: i + 1, col: lines[i]!.indexOf(marker) + 1 };
  }

  test('malformed YAML', async () => {
    const { file, line } = await write('malformed.yaml', base.replace('duration: 2h', 'duration: [2h'), 'duration: [2h');
    const r = await faultline(['validate', file]);
    expectUserError(r, 3, /YAML syntax/);
    // The parser notices the unclosed `[` a little after it opened: the position must be at or after it.
    const at = new RegExp(`${file}:(\\d+):(\\d+): YAML syntax`).exec(r.stderr);
    expect(at, r.stderr).not.toBeNull();
    expect(Number(at![1])).toBeGreaterThanOrEqual(line);
    expect(Number(at![1])).toBeLessThanOrEqual(line + 3);
  });

  test('an unknown key, with a suggestion', async () => {
    const { file, line, col } = await write('unknown-key.yaml', base.replace('    latency: { median: 90ms, p99: 500ms }', '    latancy: { median: 90ms, p99: 500ms }'), 'latancy');
    const r = await faultline(['validate', file]);
    expectUserError(r, 3, `${file}:${line}:${col} providers.backup_lp.latancy: unknown key "latancy"`, /did you mean `latency`/);
  });

  test('a reference to a provider that does not exist', async () => {
    const { file, line, col } = await write('missing-provider.yaml', base.replace('    target: binance', '    target: binanse'), 'binanse');
    const r = await faultline(['validate', file]);
    expectUserError(r, 3, `${file}:${line}:${col} faults[0].target: unknown provider "binanse"`);
  });

  test('every problem of every file at once, and `run` refuses the same file with exit 3', async () => {
    const text = base.replace('    target: binance', '    target: binanse').replace('    latency: { median: 90ms, p99: 500ms }', '    latancy: { median: 90ms, p99: 500ms }');
    const { file } = await write('two-problems.yaml', text, 'binanse');
    const v = await faultline(['validate', file]);
    expectUserError(v, 3, /unknown key "latancy"/, /unknown provider "binanse"/);
    const r = await faultline(['run', file, '--out', await tmp()]);
    expectUserError(r, 3, /unknown key "latancy"/, /unknown provider "binanse"/);
    expect(r.stdout).toBe('');
  });

  test('validate scenarios/ passes every example', async () => {
    const r = await faultline(['validate', 'scenarios/']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('✓ scenarios/lp-outage.yaml');
  });
});

describe.concurrent('missing paths', () => {
  test('run on a file that does not exist exits 3 and names it', async () => {
    const r = await faultline(['run', 'scenarios/no-such-drill.yaml', '--out', await tmp()]);
    expectUserError(r, 3, /no-such-drill\.yaml/);
    expect(r.stdout).toBe('');
  });

  test('validate and plan on a file that does not exist exit 3', async () => {
    expectUserError(await faultline(['validate', 'no-such.yaml']), 3, /no-such\.yaml.*not found/);
    expectUserError(await faultline(['plan', 'no-such.yaml']), 3, /no-such\.yaml/);
  });

  test('report on a folder that is not a run folder exits 3', async () => {
    const empty = await tmp();
    const r = await faultline(['report', empty]);
    expectUserError(r, 3, /not found|no readable/);
    expect(r.stderr).toContain(empty);
  });
});
