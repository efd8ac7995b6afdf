/**
 * CI behaviour through the real binary, without a TTY: plain progress with no ANSI, --json as
 * NDJSON, a combined JUnit whose failures match the exit code, $GITHUB_STEP_SUMMARY, abort_on_fail,
 * unknown-metric thresholds (exit 3), compare and init; and the dashboard on a pseudo-terminal
 * (util-linux `script`), including `q` → exit 130.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ANSI, BIN, ROOT, faultline, type CliResult } from '../helpers/cli.js';
import { tempDirs } from '../helpers/tmp.js';

const tmp = tempDirs('faultline-ci-');

describe('run scenarios/ --ci', () => {
  let out: string;
  let r: CliResult;
  let stepSummary: string;
  let githubOutput: string;
  beforeAll(async () => {
    out = await tmp();
    stepSummary = join(out, 'step-summary.md');
    githubOutput = join(out, 'github-output.txt');
    await writeFile(stepSummary, '# earlier step\n');
    await writeFile(githubOutput, 'earlier=step\n');
    // As a GitHub Actions step in a checkout of this repository.
    r = await faultline(['run', 'scenarios/', '--ci', '--out', out], { GITHUB_STEP_SUMMARY: stepSummary, GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: githubOutput, GITHUB_WORKSPACE: ROOT });
  }, 180_000);

  test('exit 1: some example drills fail thresholds by design', () => {
    expect(r.code, r.stderr).toBe(1);
  });

  test('no ANSI escape on stdout or stderr; stdout carries only the report folders', () => {
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stderr).not.toMatch(ANSI);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBe(8);
    for (const l of lines) expect(l.startsWith(out)).toBe(true);
  });

  test('plain progress: fault windows and alerts in scenario time, ✓/✗ per threshold', () => {
    expect(r.stderr).toMatch(/^ {2}22:15:00Z \(\+15:00\) fault lp-dark started: outage on binance/m);
    expect(r.stderr).toMatch(/^ {2}23:00:00Z \(\+1:00:00\) fault lp-dark ended$/m);
    expect(r.stderr).toMatch(/alert \S+ fired on binance/);
    expect(r.stderr).toMatch(/^ {2}✗ payments\.duplicates == 0/m);
    expect(r.stderr).toMatch(/^ {2}✓ pnl\.total >= -25000 AUD$/m);
  });

  test('the combined junit.xml is well-formed and its failures match the verdicts and the exit code', async () => {
    const xml = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(r.stderr).toContain(`junit: ${join(out, 'junit.xml')}`);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    const opens = (xml.match(/<testsuite /g) ?? []).length;
    expect(opens).toBe(8);
    expect((xml.match(/<\/testsuite>/g) ?? []).length).toBe(opens);
    const failures = Number(/<testsuites [^>]*failures="(\d+)"/.exec(xml)![1]);
    expect((xml.match(/<failure /g) ?? []).length).toBe(failures);
    // Every FAIL in every summary.json is a <failure>; and failures > 0 ⇔ exit 1.
    let expected = 0;
    for (const dir of r.stdout.trim().split('\n')) {
      const s = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
      expected += s.thresholds.filter((t: { status: string }) => t.status === 'FAIL').length + s.selfChecks.filter((c: { status: string }) => c.status === 'FAIL').length;
    }
    expect(failures).toBe(expected);
    expect(failures > 0).toBe(r.code === 1);
  });

  test('the combined junit.xml points each threshold at its line in the scenario and carries time and timestamp', async () => {
    const xml = await readFile(join(out, 'junit.xml'), 'utf8');
    const cases = [...xml.matchAll(/<testcase classname="faultline\.([\w-]+)\.threshold" name="([^"]+)" file="([^"]+)" line="(\d+)"/g)];
    const summaries = await Promise.all(r.stdout.trim().split('\n').map(async (d) => JSON.parse(await readFile(join(d, 'summary.json'), 'utf8')) as { scenarioId: string; thresholds: unknown[] }));
    expect(cases.length).toBe(summaries.reduce((n, s) => n + s.thresholds.length, 0));
    for (const [, id, name, file, line] of cases) {
      expect(file).toBe(`scenarios/${id}.yaml`);
      // The threshold as written is on that line of the file (string thresholds are their own name).
      const text = (await readFile(join(ROOT, file!), 'utf8')).split('\n')[Number(line) - 1]!;
      expect(text, `${file}:${line}`).toMatch(/^\s*- /);
      if (!name!.includes('&')) expect(text).toContain(name!.replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
    }
    // Wall-clock timing, as jest-junit and vitest write it: time on the root, time and timestamp per suite.
    expect(xml).toMatch(/<testsuites name="faultline" tests="\d+" failures="\d+" errors="0" time="\d+\.\d{3}">/);
    const suites = [...xml.matchAll(/<testsuite name="[\w-]+" [^>]*time="(\d+\.\d{3})" timestamp="(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)">/g)];
    expect(suites.length).toBe(8);
    for (const [, time, timestamp] of suites) {
      expect(Number(time)).toBeGreaterThan(0);
      expect(Math.abs(Date.parse(timestamp!) - Date.now())).toBeLessThan(60 * 60_000);
    }
    const total = Number(/<testsuites [^>]*time="([\d.]+)"/.exec(xml)![1]);
    expect(total).toBeCloseTo(suites.reduce((n, [, t]) => n + Number(t), 0), 2);
  });

  test('under GitHub Actions: an ::error annotation per failed threshold, on its line', async () => {
    const annotations = r.stderr.split('\n').filter((l) => l.startsWith('::'));
    const xml = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(annotations.length).toBe(Number(/<testsuites [^>]*failures="(\d+)"/.exec(xml)![1]));
    const file = 'scenarios/payment-503-storm-no-idempotency.yaml';
    const line = (await readFile(join(ROOT, file), 'utf8')).split('\n').findIndex((l) => l.startsWith('  - "payments.duplicates == 0"')) + 1;
    expect(line).toBeGreaterThan(1);
    // Properties escape ':' and ','; the message is the threshold's detail.
    expect(annotations).toContain(`::error file=${file},line=${line},title=faultline payment-503-storm-no-idempotency%3A threshold payments.duplicates == 0 failed::${
      JSON.parse(await readFile(join(r.stdout.trim().split('\n').find((d) => d.includes('payment-503-storm-no-idempotency'))!, 'summary.json'), 'utf8')).thresholds.find((t: { name: string }) => t.name === 'payments.duplicates == 0').detail}`);
    for (const a of annotations) expect(a).toMatch(/^::error file=scenarios\/[\w-]+\.yaml,line=\d+,title=faultline [\w-]+%3A threshold .+ failed::\S/);
  });

  test('appends the verdict and each drill\'s incident P&L to $GITHUB_OUTPUT', async () => {
    const lines = (await readFile(githubOutput, 'utf8')).split('\n');
    expect(lines[0]).toBe('earlier=step');
    const outputs = new Map(lines.slice(1).filter((l) => l !== '').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const summaries = await Promise.all(r.stdout.trim().split('\n').map(async (d) => JSON.parse(await readFile(join(d, 'summary.json'), 'utf8')) as { scenarioId: string; verdict: string; reportingCurrency: string; metrics: Record<string, string> }));
    const failed = summaries.filter((s) => s.verdict !== 'PASS').length;
    expect(failed).toBeGreaterThan(0);
    expect(outputs.get('verdict')).toBe('FAIL');
    expect(outputs.get('drills')).toBe('8');
    expect(outputs.get('failed')).toBe(String(failed));
    // The examples report in AUD and NZD: no total across currencies.
    expect(new Set(summaries.map((s) => s.reportingCurrency)).size).toBeGreaterThan(1);
    expect(outputs.has('incident_pnl')).toBe(false);
    expect(outputs.has('currency')).toBe(false);
    for (const s of summaries) {
      expect(outputs.get(`verdict_${s.scenarioId}`)).toBe(s.verdict);
      expect(outputs.get(`incident_pnl_${s.scenarioId}`)).toBe(s.metrics['pnl.total']);
    }
  });

  test('appends a Markdown summary to $GITHUB_STEP_SUMMARY', async () => {
    const md = await readFile(stepSummary, 'utf8');
    expect(md.startsWith('# earlier step\n## faultline drills')).toBe(true);
    expect(md).toMatch(/\| ❌ \| payment-503-storm-no-idempotency \|/);
    expect(md).toMatch(/\| ✅ \| lp-outage \|/);
  });

  test('every report has its three charts, embedded in summary.md', async () => {
    for (const dir of r.stdout.trim().split('\n')) {
      const files = await readdir(dir);
      expect(files).toEqual(expect.arrayContaining(['pnl_waterfall.svg', 'incident_timeline.svg']));
      const md = await readFile(join(dir, 'summary.md'), 'utf8');
      expect(md).toContain('](pnl_waterfall.svg)');
      if (files.includes('exposure.svg')) expect(md).toContain('](exposure.svg)');
    }
  });

  test('compare: idempotency off vs on', async () => {
    const dirs = r.stdout.trim().split('\n');
    const off = dirs.find((d) => d.includes('payment-503-storm-no-idempotency'))!;
    const on = dirs.find((d) => d.includes('payment-503-storm-idempotent/'))!;
    const target = join(out, 'cmp');
    const c = await faultline(['compare', off, on, '--out', target]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toBe(`${target}\n`);
    const md = await readFile(join(target, 'comparison.md'), 'utf8');
    expect(md).toMatch(/\| payments\.duplicates == 0 \| FAIL \(\d+\) \| PASS \(0\) \| FAIL → PASS; -\d+ \|/);
    const csv = await readFile(join(target, 'comparison.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('section,item,a,b,delta');
    expect(csv).toMatch(/^attribution,DUPLICATE,-[\d.]+,0,[\d.]+$/m);
    const again = await faultline(['compare', off, on, '--out', target]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });
});

describe('run --json', () => {
  test('streams NDJSON events, the last line per drill is the result', async () => {
    const out = await tmp();
    const r = await faultline(['run', 'scenarios/payment-503-storm-idempotent.yaml', '--json', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.slice(0, -1).every((l) => l.kind === 'event' && l.scenario === 'payment-503-storm-idempotent' && typeof l.event.type === 'string')).toBe(true);
    expect(lines[0].event.type).toBe('run.started');
    const last = lines.at(-1);
    expect(last).toMatchObject({ kind: 'result', scenario: 'payment-503-storm-idempotent', verdict: 'PASS', incomplete: false });
    expect(existsSync(join(last.dir, 'summary.json'))).toBe(true);
    // Rounded figures with their units beside the exact ones.
    expect(last.currency).toBe('AUD');
    expect(last.incidentPnlRounded).toBe(roundHalfEven(last.incidentPnl, 2));
    const byMetric = new Map<string, JsonThreshold>(last.thresholds.map((t: JsonThreshold) => [t.metric, t]));
    const money = byMetric.get('pnl.total')!;
    expect(money).toMatchObject({ unit: 'AUD', limit: '-5000', rounded: { limit: '-5000.00', unit: 'AUD', actual: roundHalfEven(money.actual!, 2) }, text: { limit: '-5000.00 AUD' } });
    const duration = byMetric.get('incident.ttd')!;
    expect(duration).toMatchObject({ unit: 'ms', limit: '120000', rounded: { limit: '120', unit: 's' } });
    expect(duration.rounded.actual).toBe(roundHalfEven(String(Number(duration.actual) / 1000), 0));
    expect(byMetric.get('payments.duplicates')).toMatchObject({ unit: 'count', actual: '0', rounded: { actual: '0', limit: '0', unit: 'count' } });
  }, 60_000);
});

interface JsonThreshold { metric: string; actual: string | null; limit: string; unit: string; rounded: { actual: string | null; limit: string; unit: string }; text: { actual: string; limit: string } }

/** A plain decimal string rounded half-even to `dp` places, in BigInt arithmetic. */
function roundHalfEven(value: string, dp: number): string {
  const neg = value.startsWith('-');
  const [int, frac = ''] = value.replace('-', '').split('.');
  const scale = Math.max(frac.length, dp);
  const n = BigInt(`${int}${frac.padEnd(scale, '0')}`);
  const unit = 10n ** BigInt(scale - dp);
  let q = n / unit;
  const rem = n % unit;
  if (rem * 2n > unit || (rem * 2n === unit && q % 2n === 1n)) q += 1n;
  const digits = q.toString().padStart(dp + 1, '0');
  const text = dp === 0 ? digits : `${digits.slice(0, -dp)}.${digits.slice(-dp)}`;
  return `${neg ? '-' : ''}${text}`;
}

describe('run --quiet and --verbose', () => {
  const drill = 'scenarios/payment-503-storm-no-idempotency.yaml';

  test('--quiet: stderr carries only what failed; stdout still the report folder', async () => {
    const out = await tmp();
    const r = await faultline(['run', drill, '--quiet', '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${out}/payment-503-storm-no-idempotency/\\w+\n$`));
    const s = JSON.parse(await readFile(join(r.stdout.trim(), 'summary.json'), 'utf8')) as { thresholds: { name: string; status: string; detail: string }[] };
    const failed = s.thresholds.filter((t) => t.status === 'FAIL');
    expect(failed.length).toBeGreaterThan(0);
    expect(r.stderr).toBe(failed.map((t) => `✗ payment-503-storm-no-idempotency: ${t.name}  (${t.detail})\n`).join(''));
  }, 60_000);

  test('--verbose: every duplicate charge, every threshold with its actual value, every self-check', async () => {
    const out = await tmp();
    const r = await faultline(['run', drill, '--verbose', '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    const dir = r.stdout.trim();
    const s = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as { thresholds: { name: string; detail: string }[]; selfChecks: { title: string }[]; metrics: Record<string, string> };
    // One line per duplicate charge: as many as the report counts.
    const duplicates = r.stderr.split('\n').filter((l) => /duplicate charge \S+ executed at (stripe|paypal) \(execution \d+\)$/.test(l));
    expect(duplicates.length).toBe(Number(s.metrics['payments.duplicates']));
    for (const t of s.thresholds) expect(r.stderr).toContain(`${t.name}  (${t.detail})`);
    for (const c of s.selfChecks) expect(r.stderr).toContain(`✓ self-check: ${c.title}`);
    expect(r.stderr).toContain('baseline replay finished');
  }, 60_000);

  test('$GITHUB_OUTPUT: two drills in one currency give the total incident P&L, exact and rounded', async () => {
    const out = await tmp();
    const githubOutput = join(out, 'out.txt');
    const r = await faultline(['run', drill, 'scenarios/payment-503-storm-idempotent.yaml', '--quiet', '--out', out], { GITHUB_OUTPUT: githubOutput });
    expect(r.code, r.stderr).toBe(1);
    const outputs = new Map((await readFile(githubOutput, 'utf8')).trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const summaries = await Promise.all(r.stdout.trim().split('\n').map(async (d) => JSON.parse(await readFile(join(d, 'summary.json'), 'utf8')) as { verdict: string; metrics: Record<string, string> }));
    expect(outputs.get('verdict')).toBe('FAIL');
    expect(outputs.get('drills')).toBe('2');
    expect(outputs.get('failed')).toBe('1');
    expect(outputs.get('currency')).toBe('AUD');
    // The sum of the drills' exact incident P&L, added here in integers of 10^-12.
    const scaled = (v: string): bigint => {
      const [i, f = ''] = v.replace('-', '').split('.');
      const n = BigInt(`${i}${f.padEnd(12, '0')}`);
      return v.startsWith('-') ? -n : n;
    };
    const sum = summaries.reduce((n, s) => n + scaled(s.metrics['pnl.total']!), 0n);
    expect(scaled(outputs.get('incident_pnl')!)).toBe(sum);
    const abs = sum < 0n ? -sum : sum;
    expect(outputs.get('incident_pnl_rounded')).toBe(roundHalfEven(`${sum < 0n ? '-' : ''}${abs / 10n ** 12n}.${String(abs % 10n ** 12n).padStart(12, '0')}`, 2));
  }, 60_000);

  test('--quiet with --verbose is a usage error', async () => {
    const r = await faultline(['run', drill, '--quiet', '--verbose']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--quiet and --verbose cannot be used together');
  });
});

describe('thresholds as gates', () => {
  test('abort_on_fail stops the drill at the breach; the report is incomplete; exit 1', async () => {
    const dir = await tmp();
    const text = (await readFile(join(ROOT, 'scenarios/payment-503-storm-no-idempotency.yaml'), 'utf8'))
      .replace('  - "payments.duplicates == 0"                   # expected to FAIL: no idempotency keys', '  - { metric: payments.duplicates, op: "==", value: 0, name: no duplicate charge, abort_on_fail: true }');
    expect(text).toContain('abort_on_fail: true');
    const file = join(dir, 'abort.yaml');
    await writeFile(file, text);
    const r = await faultline(['run', file, '--ci', '--out', dir]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/faulted replay stopped early: aborted: threshold "no duplicate charge" breached at 2025-11-28T08:2\d/);
    const s = JSON.parse(await readFile(join(r.stdout.trim(), 'summary.json'), 'utf8'));
    expect(s.incomplete).toBe(true);
    expect(s.verdict).toBe('FAIL');
    expect(await readFile(join(r.stdout.trim(), 'summary.md'), 'utf8')).toContain('Incomplete run');
    expect(await readFile(join(r.stdout.trim(), 'junit.xml'), 'utf8')).toContain('name="drill completed"');
  }, 60_000);

  test('a threshold on an unknown metric is an invalid scenario: exit 3', async () => {
    const dir = await tmp();
    const text = (await readFile(join(ROOT, 'scenarios/payment-503-storm-idempotent.yaml'), 'utf8')).replace(/^thresholds:\n/m, 'thresholds:\n  - "payments.duplicatez == 0"\n');
    const file = join(dir, 'unknown.yaml');
    await writeFile(file, text);
    const r = await faultline(['run', file, '--ci', '--out', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('payments.duplicatez');
    expect(r.stdout).toBe('');
  });
});

describe('init', () => {
  test('scaffolds a drill folder and never overwrites', async () => {
    const dir = await tmp();
    await writeFile(join(dir, 'README.md'), 'ours\n');
    const r = await faultline(['init', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`skipped ${join(dir, 'README.md')} (already exists; not overwritten)`);
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('ours\n');
    for (const f of ['package.json', '.gitignore', 'scenarios/lp-outage.yaml', 'scenarios/payment-503-storm-idempotent.yaml', 'mocks/README.md', '.github/workflows/drills.yml']) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(await readFile(join(dir, '.github/workflows/drills.yml'), 'utf8')).toContain('npx faultline run scenarios/ --ci');
    // faultline is a dev dependency; run from this clone, package.json points at it (and says CI cannot use that).
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    expect(pkg.devDependencies.faultline).toMatch(/^file:/);
    expect(pkg.scripts).toEqual({ drills: 'faultline run scenarios/', 'drills:validate': 'faultline validate scenarios/' });
    expect(r.stderr).toContain('outside this folder');
    // The $schema comment points into the installed package, one level up from scenarios/.
    expect((await readFile(join(dir, 'scenarios/lp-outage.yaml'), 'utf8')).split('\n')[0]).toBe('# yaml-language-server: $schema=../node_modules/faultline/schema/scenario.schema.json');
    const before = await readFile(join(dir, 'scenarios/lp-outage.yaml'), 'utf8');
    await writeFile(join(dir, 'scenarios/lp-outage.yaml'), `${before}# edited\n`);
    const again = await faultline(['init', dir]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/0 file\(s\) created, 7 skipped/);
    expect(await readFile(join(dir, 'scenarios/lp-outage.yaml'), 'utf8')).toBe(`${before}# edited\n`);
    const v = await faultline(['validate', join(dir, 'scenarios')]);
    expect(v.code, v.stderr).toBe(0);
  });

  test('an existing package.json gains faultline and the scripts, keeping everything else', async () => {
    const dir = await tmp();
    await writeFile(join(dir, 'package.json'), '{\n    "name": "ours",\n    "scripts": { "drills": "echo ours" },\n    "dependencies": { "left-pad": "1.3.0" }\n}\n');
    const r = await faultline(['init', dir, '--from', 'git+https://example.com/acme/faultline.git#v0.1.0']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('added devDependencies.faultline (git+https://example.com/acme/faultline.git#v0.1.0), scripts.drills:validate');
    const text = await readFile(join(dir, 'package.json'), 'utf8');
    expect(JSON.parse(text)).toEqual({ name: 'ours', scripts: { drills: 'echo ours', 'drills:validate': 'faultline validate scenarios/' }, dependencies: { 'left-pad': '1.3.0' }, devDependencies: { faultline: 'git+https://example.com/acme/faultline.git#v0.1.0' } });
    expect(text.startsWith('{\n    "name"')).toBe(true); // its indentation kept
  });

  test('--region nz: NZD, the NZ calendar, Auckland time and an NZ firm, whose regimes follow', async () => {
    const dir = await tmp();
    const r = await faultline(['init', dir, '--region', 'nz']);
    expect(r.code, r.stderr).toBe(0);
    const v = await faultline(['validate', join(dir, 'scenarios'), '--json']);
    expect(v.code, v.stderr).toBe(0);
    for (const f of ['lp-outage.yaml', 'payment-503-storm-idempotent.yaml']) {
      const text = await readFile(join(dir, 'scenarios', f), 'utf8');
      expect(text).toMatch(/reporting:\n {2}currency: NZD\n {2}calendar: NZ\n {2}timezone: Pacific\/Auckland\n/);
      expect(text).toMatch(/firm:\n {2}country: NZ\n/);
      expect(text).not.toMatch(/^compliance:/m); // the regimes come from firm.country
    }
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toContain('set up for a New Zealand firm: amounts in NZD, deadlines on the NZ holiday\ncalendar, local times in Pacific/Auckland');
    const bad = await faultline(['init', await tmp(), '--region', 'us']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--region us is not one of au, nz');
  });
});

function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Keys typed on the terminal once the output contains `whenOutput` (not after a delay: drills keep getting faster). */
interface Keys { text: string; whenOutput: string }

/** Run the binary on a pseudo-terminal via util-linux `script`, typing `keys` when asked. */
function onPty(args: string[], keys?: Keys): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CI;
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  const cmd = `stty cols 100 rows 40; ${[process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let typed = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      output += d;
      if (keys !== undefined && !typed && stripAnsi(output).includes(keys.whenOutput)) {
        typed = true;
        child.stdin.write(keys.text);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    if (keys === undefined) child.stdin.end();
  });
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

describe.skipIf(!hasScript())('on a pseudo-terminal', () => {
  test('the dashboard draws, ends with ✓/✗ and the report path; stdout still gets the folder', async () => {
    const out = await tmp();
    const r = await onPty(['run', 'scenarios/lp-outage.yaml', '--out', out]);
    expect(r.code).toBe(0);
    const text = stripAnsi(r.output);
    expect(r.output).toMatch(ANSI);
    expect(text).toContain('faultline ▶ lp-outage · mode sim');
    expect(text).toMatch(/^binance\s+[·▓│]+$/m);
    expect(text).toContain('✓ pnl.total >= -25000 AUD');
    expect(text).toMatch(new RegExp(`report: ${out}/lp-outage/\\w+/summary\\.md`));
    expect(text).toMatch(new RegExp(`^${out}/lp-outage/\\w+$`, 'm'));
  }, 60_000);

  test('q aborts cleanly: report marked incomplete, exit 130', async () => {
    const out = await tmp();
    // On a live clock (msw mode, one scenario minute per second) the 2-hour drill lasts two minutes,
    // so the q typed once the dashboard shows the first fault always lands mid-drill, however fast
    // the virtual clock gets.
    const r = await onPty(['run', 'scenarios/lp-outage.yaml', '--mode', 'msw', '--speed', '60', '--out', out], { text: 'q', whenOutput: 'q to abort' });
    expect(r.code).toBe(130);
    const text = stripAnsi(r.output);
    expect(text).toContain('interrupted: the drill lead pressed q');
    const dir = /^(\/\S+\/lp-outage\/\w+)$/m.exec(text)![1]!;
    const s = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
    expect(s.incomplete).toBe(true);
  }, 60_000);

  test('--ci on a terminal: no dashboard, plain lines', async () => {
    const out = await tmp();
    const r = await onPty(['run', 'scenarios/payment-503-storm-idempotent.yaml', '--ci', '--out', out]);
    expect(r.code).toBe(0);
    const text = stripAnsi(r.output);
    expect(text).not.toContain('q to abort');
    expect(text).toMatch(/fault \S+ started/);
  }, 60_000);
});
