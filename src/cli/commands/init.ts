/**
 * `faultline init [dir]`: scaffold a drill folder for a new firm — an npm project with faultline as a
 * dev dependency (package.json), two example scenarios for the firm's region, a mocks/ folder with a
 * README, a GitHub Actions workflow running the drills on every push and pull request, a .gitignore
 * and a README for the drill team. Never overwrites: an existing file is skipped and reported; an
 * existing package.json only gains what is missing (faultline as a dev dependency, the scripts).
 * The contents are in init-files.ts. Exit 0.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FaultlineError } from '../../errors.js';
import { faultlineRoot, faultlineVersion } from '../../io/version.js';
import type { CliOutput } from '../output.js';
import { yellow } from '../output.js';
import {
  ciInstallWarning, completedPackageJson, dependencySpec, GITIGNORE, INIT_SCENARIOS, jsonIndent, MOCKS_README, newPackageJson, readme, scenarioForFolder, WORKFLOW,
  type DependencySpec, type PackageJson, type Region,
} from './init-files.js';

export interface InitOptions {
  region?: Region;
  /** How package.json installs faultline (a version range, a tarball path, a git URL). */
  from?: string;
}

export interface InitResult {
  written: string[];
  skipped: string[];
  /** package.json entries added to an existing package.json. */
  updated: string[];
  dependency: DependencySpec;
  /** Things the user must know (e.g. CI cannot install faultline from a path outside the folder). */
  warnings: string[];
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Write a file next to its final name, then rename: a reader never sees half of it. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, content, 'utf8');
  await rename(tmp, file);
}

/** Write the scaffold into `dir`, skipping every file that already exists. */
export async function scaffoldDrillFolder(dir: string, options: InitOptions = {}, root = faultlineRoot()): Promise<InitResult> {
  if (root === undefined) throw new FaultlineError({ code: 'PACKAGE_NOT_FOUND', kind: 'runtime', title: "cannot find faultline's own package folder", hint: 'reinstall faultline' });
  const region = options.region ?? 'au';
  const target = path.resolve(dir);
  const result: InitResult = { written: [], skipped: [], updated: [], dependency: dependencySpec(target, root, faultlineVersion(), options.from, readJson, (r) => existsSync(path.join(r, '.git'))), warnings: [] };
  await mkdir(target, { recursive: true });

  // package.json: created, or completed with what is missing (never a value changed).
  const pkgFile = path.join(target, 'package.json');
  let installedSpec = result.dependency.spec;
  if (existsSync(pkgFile)) {
    const text = await readFile(pkgFile, 'utf8');
    let pkg: PackageJson | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) pkg = parsed as PackageJson;
    } catch {
      // reported below
    }
    if (pkg === undefined) {
      result.skipped.push('package.json');
      result.warnings.push('package.json is not a JSON object: left as it is; add faultline as a dev dependency by hand (npm install --save-dev faultline)');
    } else {
      installedSpec = pkg.devDependencies?.faultline ?? pkg.dependencies?.faultline ?? installedSpec;
      const completed = completedPackageJson(pkg, result.dependency.spec);
      if (completed === undefined) result.skipped.push('package.json');
      else {
        await writeAtomically(pkgFile, `${JSON.stringify(completed.pkg, null, jsonIndent(text))}\n`);
        result.updated.push(...completed.added);
      }
    }
  } else {
    await writeFile(pkgFile, `${JSON.stringify(newPackageJson(path.basename(target), result.dependency.spec), null, 2)}\n`, { encoding: 'utf8', flag: 'wx' });
    result.written.push('package.json');
  }
  const warning = ciInstallWarning(installedSpec, target);
  if (warning !== undefined) result.warnings.push(warning);
  if (installedSpec !== result.dependency.spec) result.dependency = { spec: installedSpec, source: 'already in package.json' };

  const files: { path: string; content: string }[] = [];
  for (const s of INIT_SCENARIOS[region]) files.push({ path: s.to, content: scenarioForFolder(readFileSync(path.join(root, s.from), 'utf8')) });
  files.push({ path: 'mocks/README.md', content: MOCKS_README });
  files.push({ path: '.github/workflows/drills.yml', content: WORKFLOW });
  files.push({ path: '.gitignore', content: GITIGNORE });
  files.push({ path: 'README.md', content: readme(region, result.dependency) });
  for (const f of files) {
    const file = path.join(target, f.path);
    if (existsSync(file)) {
      result.skipped.push(f.path);
      continue;
    }
    await mkdir(path.dirname(file), { recursive: true });
    // 'wx' fails instead of overwriting if the file appeared in the meantime.
    await writeFile(file, f.content, { encoding: 'utf8', flag: 'wx' });
    result.written.push(f.path);
  }
  return result;
}

function parseRegion(value: string | undefined): Region {
  const v = (value ?? 'au').toLowerCase();
  if (v === 'au' || v === 'nz') return v;
  throw new FaultlineError({ code: 'BAD_OPTION', kind: 'usage', title: `--region ${value ?? ''} is not one of au, nz`, hint: 'au: AUD, the NSW calendar, Sydney time, AU regimes; nz: NZD, the NZ calendar, Auckland time, NZ regimes' });
}

export function registerInitCommand(program: Command, out: CliOutput): Command {
  return program
    .command('init')
    .description('scaffold a drill folder: package.json, example scenarios for the region, mocks/, a CI workflow and a README (never overwrites)')
    .argument('[dir]', 'folder to scaffold (created if missing)', '.')
    .option('--region <region>', 'au (AUD, AU-NSW calendar, Australia/Sydney, AU regimes) or nz (NZD, NZ calendar, Pacific/Auckland, NZ regimes)', 'au')
    .option('--from <spec>', 'how package.json installs faultline: a version range, a tarball path (file:…) or a git URL (default: as this faultline was installed, else ^<version>)')
    .action(async (dir: string, options: { region?: string; from?: string }) => {
      const region = parseRegion(options.region);
      const r = await scaffoldDrillFolder(dir, { region, ...(options.from === undefined ? {} : { from: options.from }) });
      for (const p of r.written) out.stderr(`  created ${path.join(dir, p)}\n`);
      if (r.updated.length > 0) out.stderr(`  updated ${path.join(dir, 'package.json')}: added ${r.updated.join(', ')}\n`);
      for (const p of r.skipped) out.stderr(`  skipped ${path.join(dir, p)} (already exists; not overwritten)\n`);
      out.stderr(`  faultline in package.json: ${r.dependency.spec} (${r.dependency.source})\n`);
      for (const w of r.warnings) out.stderr(`${yellow(out, '!')} ${w}\n`);
      out.stderr(`${r.written.length} file(s) created, ${r.skipped.length} skipped. Next: ${dir === '.' ? '' : `cd ${dir} && `}npm install && npx faultline run scenarios/\n`);
      out.stdout(`${dir}\n`);
    });
}
