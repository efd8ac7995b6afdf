/**
 * What `faultline init` writes, as text (pure: init.ts reads and writes the files). A drill folder is
 * an npm project with faultline as a dev dependency, so `npm install` gives the team the CLI, the
 * scenarios' `$schema` resolves to node_modules/faultline/schema/, and CI installs the same version.
 */
import path from 'node:path';

export type Region = 'au' | 'nz';

/** The example drills copied into a new folder, by region (a trading and a payments drill). */
export const INIT_SCENARIOS: Record<Region, { from: string; to: string }[]> = {
  au: [
    { from: 'scenarios/lp-outage.yaml', to: 'scenarios/lp-outage.yaml' },
    { from: 'scenarios/payment-503-storm-idempotent.yaml', to: 'scenarios/payment-503-storm-idempotent.yaml' },
  ],
  nz: [
    { from: 'scenarios/nz/lp-outage.yaml', to: 'scenarios/lp-outage.yaml' },
    { from: 'scenarios/nz/payment-503-storm-idempotent.yaml', to: 'scenarios/payment-503-storm-idempotent.yaml' },
  ],
};

/** What a region sets in its drills (the scenario files carry it; the README says it). */
export const REGIONS: Record<Region, { firm: string; currency: string; calendar: string; timezone: string; regimes: string }> = {
  au: { firm: 'an Australian firm', currency: 'AUD', calendar: 'AU-NSW', timezone: 'Australia/Sydney', regimes: 'AUSTRAC, ASIC, OAIC and PCI DSS' },
  nz: { firm: 'a New Zealand firm', currency: 'NZD', calendar: 'NZ', timezone: 'Pacific/Auckland', regimes: 'NZ AML/CFT (FIU), FMA, the Privacy Commissioner and PCI DSS' },
};

/** Where the scenarios' `$schema` points: faultline's schema as npm installs it beside them. */
export const SCHEMA_PATH = '../node_modules/faultline/schema/scenario.schema.json';

/** A scenario as copied into the folder: the `$schema` comment points into the installed package. */
export function scenarioForFolder(text: string): string {
  return text.replace(/^# yaml-language-server: \$schema=\S+/, `# yaml-language-server: $schema=${SCHEMA_PATH}`);
}

/** The npm scripts init adds (never replacing a script of the same name). */
export const SCRIPTS: Record<string, string> = {
  drills: 'faultline run scenarios/',
  'drills:validate': 'faultline validate scenarios/',
};

/** How the folder's package.json installs faultline, and why. */
export interface DependencySpec {
  spec: string;
  /** Where the spec came from, for people. */
  source: string;
}

/**
 * The spec for faultline in a new folder's package.json: `--from` when given; else the spec of the
 * project faultline itself was installed by (`<project>/node_modules/faultline`, including npx's
 * cache), with a relative `file:` path rebased onto the new folder; else, run from a clone of
 * faultline's repository, that clone (`file:`, for this machine); else `^<version>` from the npm
 * registry.
 */
export function dependencySpec(target: string, root: string | undefined, version: string, from: string | undefined, readJson: (file: string) => unknown, isClone: (root: string) => boolean): DependencySpec {
  if (from !== undefined) return { spec: from, source: '--from' };
  if (root !== undefined && path.basename(path.dirname(root)) === 'node_modules') {
    const host = path.dirname(path.dirname(root));
    const pkg = readJson(path.join(host, 'package.json')) as PackageJson | undefined;
    const spec = pkg?.devDependencies?.faultline ?? pkg?.dependencies?.faultline;
    if (typeof spec === 'string') return { spec: rebaseFileSpec(spec, host, target), source: `as ${path.join(host, 'package.json')} installs it` };
  } else if (root !== undefined && isClone(root)) {
    return { spec: rebaseFileSpec(`file:${root}`, root, target), source: "this clone of faultline's repository" };
  }
  return { spec: `^${version}`, source: 'the npm registry' };
}

/** A `file:` spec relative to `from` as seen from `to` (other specs unchanged). */
export function rebaseFileSpec(spec: string, from: string, to: string): string {
  if (!spec.startsWith('file:')) return spec;
  const p = spec.slice('file:'.length);
  const absolute = path.resolve(from, p);
  const relative = path.relative(path.resolve(to), absolute).split(path.sep).join('/');
  return `file:${relative.startsWith('.') ? relative : `./${relative}`}`;
}

/**
 * Why CI could not install faultline with this spec, if so: a `file:` path outside the folder
 * exists on this machine only (CI checks out the folder, not the tarball beside it).
 */
export function ciInstallWarning(spec: string, target: string): string | undefined {
  if (!spec.startsWith('file:')) return undefined;
  const absolute = path.resolve(target, spec.slice('file:'.length));
  const relative = path.relative(path.resolve(target), absolute);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) return undefined;
  const tarball = /\.t(ar\.)?gz$/.test(absolute) ? path.basename(absolute) : 'faultline-x.y.z.tgz';
  const make = tarball === 'faultline-x.y.z.tgz' ? `\`npm pack\` in ${absolute}, then ` : '';
  return `package.json installs faultline from ${absolute}, outside this folder: npm installs it on this machine, but CI (a fresh checkout of the folder) cannot. Keep the tarball inside the folder (${make}copy ${tarball} to vendor/ and run \`npm install --save-dev ./vendor/${tarball}\`), or install from a git URL (README).`;
}

export interface PackageJson {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  [key: string]: unknown;
}

/** A new folder's package.json. */
export function newPackageJson(folderName: string, spec: string): PackageJson {
  const name = folderName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[-]+$/g, '') || 'drills';
  return {
    name,
    private: true,
    description: 'API failure drills, run with faultline',
    scripts: { ...SCRIPTS },
    devDependencies: { faultline: spec },
    engines: { node: '>=20.19.0' },
  };
}

/**
 * An existing package.json with what init needs added (faultline as a dev dependency unless it is
 * already a dependency of either kind; the scripts not yet there), or undefined when nothing is missing.
 */
export function completedPackageJson(pkg: PackageJson, spec: string): { pkg: PackageJson; added: string[] } | undefined {
  const added: string[] = [];
  const next: PackageJson = { ...pkg };
  if (pkg.dependencies?.faultline === undefined && pkg.devDependencies?.faultline === undefined) {
    next.devDependencies = { ...(pkg.devDependencies ?? {}), faultline: spec };
    added.push(`devDependencies.faultline (${spec})`);
  }
  const scripts = { ...(pkg.scripts ?? {}) };
  for (const [name, command] of Object.entries(SCRIPTS)) {
    if (scripts[name] === undefined) {
      scripts[name] = command;
      added.push(`scripts.${name}`);
    }
  }
  if (added.length === 0) return undefined;
  next.scripts = scripts;
  return { pkg: next, added };
}

/** The indentation of a JSON text (to write a changed package.json back the way it was). */
export function jsonIndent(text: string): string | number {
  const m = /^\{\s*\n([ \t]+)"/.exec(text);
  return m?.[1] ?? 2;
}

export const GITIGNORE = `node_modules/
reports/
.faultline/
`;

/**
 * The GitHub Actions workflow. Its shell steps are what test/e2e/init-workflow.test.ts runs in a
 * temporary folder against the packed tarball.
 */
export const WORKFLOW = `# Runs every drill in scenarios/ on each push to main and each pull request (faultline: docs/ci.md).
# Exit codes: 0 all passed · 1 a threshold or self-check failed · 3 invalid scenario · 4 runtime.
name: drills
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
  checks: write        # the JUnit action publishes the verdicts as a check run
jobs:
  drills:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 22
      - name: Install faultline
        # npm ci installs exactly what package-lock.json says (commit it); npm install until there is one.
        run: if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
      - name: Check the scenarios
        run: npx faultline validate scenarios/
      - name: Run the drills
        id: drills
        # Under GitHub Actions faultline annotates each failed threshold on its line of the scenario
        # (no token needed, so fork pull requests get them too), adds a summary to the job page and
        # sets the step outputs verdict, incident_pnl and currency.
        run: npx faultline run scenarios/ --ci --junit reports/junit.xml
      - name: Keep the reports
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: drill-reports
          path: reports/
          if-no-files-found: ignore
      - name: Publish the verdicts
        if: always() && hashFiles('reports/junit.xml') != ''
        uses: mikepenz/action-junit-report@v5
        with:
          report_paths: reports/junit.xml
          job_summary: false   # faultline writes the job summary itself
          # A pull request from a fork gets a read-only token and cannot create a check run: annotate only.
          annotate_only: \${{ github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository }}
`;

/** The drill team's README. */
export function readme(region: Region, dep: DependencySpec): string {
  const r = REGIONS[region];
  const fromRegistry = dep.spec.startsWith('^') || /^\d/.test(dep.spec);
  const install = fromRegistry
    ? `\`package.json\` installs faultline \`${dep.spec}\` from the npm registry. Until faultline is published there, install it from a tarball or a git URL instead (this replaces the entry in \`package.json\`):

\`\`\`sh
npm install --save-dev ./vendor/faultline-x.y.z.tgz                  # a tarball kept in this folder (npm pack in faultline's repository)
npm install --save-dev git+https://<git host>/<owner>/faultline.git#<tag>   # or a git URL (npm builds it on install)
\`\`\``
    : `\`package.json\` installs faultline from \`${dep.spec}\`.${dep.spec.startsWith('file:') ? ' CI checks out this folder only, so keep the tarball inside it (e.g. `vendor/`).' : ''}`;
  return `# Failure drills

This folder holds the firm's API failure drills, run with faultline. Each drill is a scenario file
in \`scenarios/\`: which providers we integrate with, which failures hit them and when, what workload
flows meanwhile, and the thresholds (in money, counts and durations) the drill must meet.

The drills are set up for ${r.firm}: amounts in ${r.currency}, deadlines on the ${r.calendar} holiday
calendar, local times in ${r.timezone}, and the compliance regimes of the firm's country:
${r.regimes} (they follow \`firm.country\` in each scenario; switch them under
\`compliance.regimes\`).

## Set up

This folder is an npm project with faultline as a dev dependency. Node 20.19 or later.

\`\`\`sh
npm install                                  # installs faultline; commit package-lock.json
\`\`\`

${install}

## Run a drill

\`\`\`sh
npx faultline validate scenarios/            # check every scenario, with file:line:col errors
npx faultline plan scenarios/lp-outage.yaml  # what will happen, without running it
npx faultline run scenarios/lp-outage.yaml   # run it: live dashboard on a terminal, report folder on stdout
npm run drills                               # every drill in scenarios/
\`\`\`

The report folder (\`reports/<scenario-id>/<run-id>/\`) holds \`summary.md\` (executive summary,
verdicts, charts), the CSVs a finance reviewer recomputes from, \`summary.json\`, \`junit.xml\`
and the journal. \`npx faultline compare <run-a> <run-b>\` puts two runs side by side (this quarter
against last, a control off against on).

## Critical operations and the evidence pack

Each example drill declares the firm's critical operations (\`operations:\`: the providers and
workload flows each depends on, and its tolerances: maximum disruption, data loss, minimum service
level, customers and value affected), a \`rationale:\` saying why the scenario is severe but
plausible, and the \`actions:\` the drill team took from it (owner, due date). Every run writes
\`resilience.md\`, the evidence pack for the owner of the firm's operational-resilience obligations
(APRA CPS 230, the UK's SS1/21 and SYSC 15A, MAS, DORA), and \`tolerances.csv\` with a WITHIN /
BREACHED verdict per tolerance. Switch the regimes that bind the firm under \`compliance.regimes\`
(\`apra_cps230\`, \`uk_opres\`, \`mas_trm\`, \`eu_dora\`, \`us_banking\`); replace the example operations
with your own before relying on the verdicts (\`node_modules/faultline/docs/resilience.md\`).

## In CI

\`.github/workflows/drills.yml\` runs every drill on each push to main and each pull request. The job
fails (exit 1) when a threshold or self-check fails. Each failed threshold is annotated on its line
of the scenario, the job page gets a summary with the incident P&L, the reports are kept as an
artifact, and the JUnit action publishes the verdicts as a check run (it needs \`checks: write\`, set
in the workflow; on a pull request from a fork, whose token is read-only, it only annotates).

The same steps on your machine:

\`\`\`sh
npm ci
npx faultline validate scenarios/
npx faultline run scenarios/ --ci --junit reports/junit.xml
\`\`\`

## Adding a drill

Copy a scenario, give it a new \`id\`, change the providers, faults, workload and thresholds.
The \`# yaml-language-server: $schema=…\` line at the top of each scenario gives completion and
checks in editors once \`npm install\` has run. Mock servers for your own providers go in \`mocks/\`
(see \`mocks/README.md\`). The scenario format, every field and every metric:
\`node_modules/faultline/docs/scenarios.md\`; CI: \`node_modules/faultline/docs/ci.md\`.
`;
}

export const MOCKS_README = `# mocks/

Mock handlers for providers faultline does not model out of the box. faultline ships archetypes for
CoinGecko-, CoinMarketCap-, Binance-, Stripe- and PayPal-like APIs (\`archetype:\` on a provider);
most drills need nothing here.

Put a provider of your own here when your integration talks to an API whose wire format differs
from every archetype: see "Adding your own providers" in faultline's \`mocks/README.md\`
(node_modules/faultline/mocks/README.md) for the handler contract and an example.
`;
