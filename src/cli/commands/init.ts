/**
 * `faultline init [dir]`: scaffold a drill folder for a new firm — two example scenarios, a mocks/
 * folder with a README, a GitHub Actions workflow running the drills on every merge, and a README
 * for the drill team. Never overwrites: an existing file is skipped and reported. Exit 0.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FaultlineError } from '../../errors.js';
import type { CliOutput } from '../output.js';

/** The example drills copied into a new folder: a trading and a payments drill. */
export const INIT_SCENARIOS = ['lp-outage.yaml', 'payment-503-storm-idempotent.yaml'];

/** faultline's package root (where scenarios/ lives), found upward from this module. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'faultline') return dir;
    } catch {
      // keep looking upward
    }
    dir = dirname(dir);
  }
  throw new FaultlineError({ code: 'PACKAGE_NOT_FOUND', kind: 'runtime', title: 'cannot find faultline\'s own package folder', hint: 'reinstall faultline' });
}

const WORKFLOW = `# Runs every drill in scenarios/ on each push and pull request (docs/ci.md in faultline).
# Exit codes: 0 all passed · 1 a threshold or self-check failed · 3 invalid scenario · 4 runtime.
name: drills
on:
  push:
    branches: [main]
  pull_request:
jobs:
  drills:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 22
      - run: npm ci
      - name: Run the drills
        run: npx faultline run scenarios/ --ci --junit reports/junit.xml
      - name: Keep the reports
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: drill-reports
          path: reports/
      - name: Publish the verdicts
        if: always()
        uses: mikepenz/action-junit-report@v5
        with:
          report_paths: reports/junit.xml
`;

const README = `# Failure drills

This folder holds the firm's API failure drills, run with [faultline](https://www.npmjs.com/package/faultline).
Each drill is a scenario file in \`scenarios/\`: which providers we integrate with, which failures hit
them and when, what workload flows meanwhile, and the thresholds (in money, counts and durations)
the drill must meet.

## Run a drill

\`\`\`sh
npx faultline validate scenarios/            # check every scenario, with file:line:col errors
npx faultline plan scenarios/lp-outage.yaml  # what will happen, without running it
npx faultline run scenarios/lp-outage.yaml   # run it: live dashboard on a terminal, report folder on stdout
\`\`\`

The report folder (\`reports/<scenario-id>/<run-id>/\`) holds \`summary.md\` (executive summary,
verdicts, charts), the CSVs a finance reviewer recomputes from, \`summary.json\`, \`junit.xml\`
and the journal. \`npx faultline compare <run-a> <run-b>\` puts two runs side by side (this quarter
against last, a control off against on).

## In CI

\`.github/workflows/drills.yml\` runs every drill on each push and pull request with \`--ci\`. The job
fails (exit 1) when a threshold or self-check fails; the combined JUnit file shows which.

## Adding a drill

Copy a scenario, give it a new \`id\`, change the providers, faults, workload and thresholds.
\`# yaml-language-server: $schema=...\` at the top gives completion and checks in editors.
Mock servers for your own providers go in \`mocks/\` (see \`mocks/README.md\`).
`;

const MOCKS_README = `# mocks/

Mock handlers for providers faultline does not model out of the box. faultline ships archetypes for
CoinGecko-, CoinMarketCap-, Binance-, Stripe- and PayPal-like APIs (\`archetype:\` on a provider);
most drills need nothing here.

Put a provider of your own here when your integration talks to an API whose wire format differs
from every archetype: see "Adding your own providers" in faultline's \`mocks/README.md\`
(node_modules/faultline/mocks/README.md) for the handler contract and an example.
`;

export interface InitResult {
  written: string[];
  skipped: string[];
}

/** Write the scaffold into `dir`, skipping every file that already exists. */
export async function scaffoldDrillFolder(dir: string, root = packageRoot()): Promise<InitResult> {
  const files: { path: string; content: string }[] = [];
  for (const name of INIT_SCENARIOS) {
    const text = readFileSync(join(root, 'scenarios', name), 'utf8');
    // The schema comment points into the installed package instead of faultline's own repository.
    files.push({ path: join('scenarios', name), content: text.replace(/^# yaml-language-server: \$schema=\S+/, '# yaml-language-server: $schema=../node_modules/faultline/schema/scenario.schema.json') });
  }
  files.push({ path: join('mocks', 'README.md'), content: MOCKS_README });
  files.push({ path: join('.github', 'workflows', 'drills.yml'), content: WORKFLOW });
  files.push({ path: 'README.md', content: README });
  const result: InitResult = { written: [], skipped: [] };
  for (const f of files) {
    const target = join(dir, f.path);
    if (existsSync(target)) {
      result.skipped.push(f.path);
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    // 'wx' fails instead of overwriting if the file appeared in the meantime.
    await writeFile(target, f.content, { encoding: 'utf8', flag: 'wx' });
    result.written.push(f.path);
  }
  return result;
}

export function registerInitCommand(program: Command, out: CliOutput): Command {
  return program
    .command('init')
    .description('scaffold a drill folder: example scenarios, mocks/, a CI workflow and a README (never overwrites)')
    .argument('[dir]', 'folder to scaffold (created if missing)', '.')
    .action(async (dir: string) => {
      const r = await scaffoldDrillFolder(dir);
      for (const p of r.written) out.stderr(`  created ${join(dir, p)}\n`);
      for (const p of r.skipped) out.stderr(`  skipped ${join(dir, p)} (already exists; not overwritten)\n`);
      out.stderr(`${r.written.length} file(s) created, ${r.skipped.length} skipped. Next: cd ${dir} && npx faultline run scenarios/\n`);
      out.stdout(`${dir}\n`);
    });
}
