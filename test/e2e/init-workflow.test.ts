/**
 * From the packed tarball to a working drill folder, as a user would (issue 20): `npm pack`, install
 * the tarball into an empty folder, `npx faultline init`, follow the generated README's shell blocks
 * literally, then run the generated GitHub Actions workflow's shell steps in order, as GitHub would
 * (bash -eo pipefail, GITHUB_ACTIONS, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE set),
 * each of which must pass. The `uses:` steps cannot run here; their inputs are checked instead.
 *
 * Needs the npm registry for faultline's dependencies (npm's cache answers most of it: prefer-offline).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/cli.js';
import { tempDirs } from '../helpers/tmp.js';

const run = promisify(execFile);
const tmp = tempDirs('faultline-init-workflow-');

/** The environment of a user's shell (or a CI step): no test runner's colour or debug settings; npm quiet and cache-first. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
  for (const k of ['FORCE_COLOR', 'NO_COLOR', 'FAULTLINE_DEBUG', 'GITHUB_ACTIONS', 'GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_WORKSPACE', 'NODE_OPTIONS', 'VITEST', 'VITEST_WORKER_ID', 'VITEST_POOL_ID']) if (!(k in extra)) delete env[k];
  return env;
}

/** Run a command line with bash in `cwd`, as GitHub runs a `run:` step (bash --noprofile --norc -eo pipefail). */
async function sh(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', line], { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** The command lines of every ```sh block of a Markdown text, comments and blank lines dropped. */
function shellLines(markdown: string): string[] {
  const lines: string[] = [];
  for (const block of markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    for (const l of block[1]!.split('\n')) {
      const command = l.replace(/\s+#.*$/, '').trim();
      if (command !== '' && !command.startsWith('#')) lines.push(command);
    }
  }
  return lines;
}

/** Every .js file under a folder. */
async function jsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await jsFiles(p)));
    else if (e.name.endsWith('.js')) out.push(p);
  }
  return out;
}

interface Step { name?: string; uses?: string; run?: string; if?: string; id?: string; with?: Record<string, unknown> }

describe('npm pack → install into an empty folder → init → README → the workflow\'s steps', () => {
  let work: string;
  let app: string;
  let tarball: string;
  let init: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    work = await tmp();
    // dist/ is built by the global setup; --ignore-scripts so packing does not rebuild it under other tests.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, env: userEnv(), maxBuffer: 64 * 1024 * 1024 });
    const info = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = info[0]!.filename;
    app = join(work, 'drills');
    await mkdir(join(app, 'vendor'), { recursive: true });
    // CI checks out the folder only, so the tarball lives inside it (the generated README says so).
    await copyFile(join(work, tarball), join(app, 'vendor', tarball));
    const install = await sh(`npm install --save-dev ./vendor/${tarball}`, app, userEnv());
    expect(install.code, install.stderr).toBe(0);
    init = await sh('npx faultline init', app, userEnv());
  }, 600_000);

  test('the tarball carries what a run needs, and no tests or sources it does not', async () => {
    const listed = await run('tar', ['-tzf', join(work, tarball)], { maxBuffer: 64 * 1024 * 1024 });
    const files = listed.stdout.split('\n').map((f) => f.replace(/^package\//, ''));
    for (const f of ['bin/faultline.js', 'dist/src/cli/main.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/mocks/index.js', 'dist/src/run/event-files-worker.js', 'dist/src/run/monte-carlo-worker.js', 'schema/scenario.schema.json', 'scenarios/lp-outage.yaml', 'scenarios/nz/lp-outage.yaml', 'README.md', 'docs/ci.md']) expect(files, f).toContain(f);
    expect(files.some((f) => f.startsWith('test/') || f.startsWith('src/') || f.startsWith('node_modules/'))).toBe(false);
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    // What the built code imports at run time is a dependency (typescript: an optional peer, for .ts adapters).
    const packages = new Set<string>();
    for (const file of await jsFiles(join(ROOT, 'dist'))) {
      for (const line of (await readFile(file, 'utf8')).split('\n')) {
        if (/^\s*(\*|\/\/)/.test(line)) continue; // comments
        for (const m of line.matchAll(/(?:^\s*(?:import|export)\b[^'"]*from |import\()(['"])([^'".][^'"]*)\1/g)) {
          const spec = m[2]!;
          if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
        }
      }
    }
    expect(packages).toContain('decimal.js');
    expect(packages).toContain('react'); // react/jsx-runtime, from the dashboard's JSX
    for (const p of packages) {
      if (p === 'typescript') continue;
      expect(pkg.dependencies[p], `${p} is imported by dist/ but is not a dependency`).toBeDefined();
    }
  });

  test('init completes the package.json npm wrote, keeps faultline from the tarball inside the folder, and warns of nothing', async () => {
    expect(init.code, init.stderr).toBe(0);
    const pkg = JSON.parse(await readFile(join(app, 'package.json'), 'utf8')) as { devDependencies: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.devDependencies.faultline).toBe(`file:vendor/${tarball}`);
    expect(pkg.scripts.drills).toBe('faultline run scenarios/');
    expect(init.stderr).not.toContain('outside this folder');
    // The scenarios' $schema resolves after install.
    const first = (await readFile(join(app, 'scenarios', 'lp-outage.yaml'), 'utf8')).split('\n')[0]!;
    const schema = /\$schema=(\S+)/.exec(first)![1]!;
    expect(existsSync(join(app, 'scenarios', schema))).toBe(true);
    expect(JSON.parse(await readFile(join(app, 'scenarios', schema), 'utf8')).$schema).toMatch(/json-schema/);
  });

  test('every shell line of the generated README works as written', async () => {
    const lines = shellLines(await readFile(join(app, 'README.md'), 'utf8'));
    expect(lines).toEqual(expect.arrayContaining(['npm install', 'npx faultline validate scenarios/', 'npx faultline run scenarios/lp-outage.yaml', 'npm ci', 'npx faultline run scenarios/ --ci --junit reports/junit.xml']));
    for (const line of lines) {
      const r = await sh(line, app, userEnv());
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
    }
  }, 900_000);

  test('the workflow: permissions for the check run, the fork path, and every shell step passes as GitHub runs it', async () => {
    const wf = parse(await readFile(join(app, '.github', 'workflows', 'drills.yml'), 'utf8')) as { permissions: Record<string, string>; on: Record<string, unknown>; jobs: { drills: { steps: Step[] } } };
    expect(wf.permissions).toEqual({ contents: 'read', checks: 'write' });
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
    const steps = wf.jobs.drills.steps;
    const junit = steps.find((s) => s.uses?.startsWith('mikepenz/action-junit-report@'))!;
    expect(junit.with?.annotate_only).toBe("${{ github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository }}");
    expect(junit.if).toContain('always()');

    const outputs = join(work, 'github-output.txt');
    const summary = join(work, 'step-summary.md');
    await writeFile(outputs, '');
    await writeFile(summary, '');
    const env = userEnv({ CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: app, GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: summary });
    const ran: string[] = [];
    for (const step of steps) {
      if (step.run === undefined) continue;
      const r = await sh(step.run, app, env);
      expect(r.code, `step "${step.name ?? step.run}"\n${r.stderr}`).toBe(0);
      ran.push(step.name ?? step.run);
    }
    expect(ran).toEqual(['Install faultline', 'Check the scenarios', 'Run the drills']);
    // What the uses: steps are given exists.
    expect(existsSync(join(app, String(junit.with!.report_paths)))).toBe(true);
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(existsSync(join(app, String(upload.with!.path)))).toBe(true);
    const junitXml = await readFile(join(app, 'reports', 'junit.xml'), 'utf8');
    expect(junitXml).toMatch(/<testcase classname="faultline\.lp-outage\.threshold" name="pnl\.total &gt;= -25000 AUD" file="scenarios\/lp-outage\.yaml" line="\d+"\/>/);
    expect(await readFile(outputs, 'utf8')).toMatch(/^verdict=PASS\ndrills=2\nfailed=0\nincident_pnl=-?[\d.]+\nincident_pnl_rounded=-?\d+\.\d\d\ncurrency=AUD\n/);
    expect(await readFile(summary, 'utf8')).toContain('## faultline drills');
  }, 900_000);
});
