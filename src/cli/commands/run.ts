/**
 * `faultline run <scenario|dir>...`: run each drill (faulted + baseline), write its report folder,
 * print the folder on stdout, and exit 0 when every threshold and self-check passed, 1 when any
 * failed. Progress goes to stderr, one line per milestone (no TTY tricks: the dashboard comes later).
 */
import type { Command } from 'commander';
import { FaultlineError } from '../../errors.js';
import { listScenarioFiles } from '../../io/list-scenario-files.js';
import { runScenarioFile, type RunScenarioResult } from '../../run/run-scenario.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { bold, dim, green, red, type CliOutput } from '../output.js';
import { parseMode, parseSeed } from './options.js';
import { moneyText } from '../../report/format.js';

export interface RunCommandOptions {
  seed?: string;
  mode?: string;
  out?: string;
  ci?: boolean;
  json?: boolean;
  failOn?: string;
}

export function registerRunCommand(program: Command, out: CliOutput, setExit: (code: ExitCodeValue) => void): Command {
  return program
    .command('run')
    .description('run drills: inject the faults, replay the workload, price the outcome, write the report')
    .argument('<scenarios...>', 'scenario files or folders of them')
    .option('--seed <n>', 'override the scenario seed (non-negative integer)')
    .option('--mode <mode>', 'sim (default; virtual clock, no sockets), msw, or proxy', 'sim')
    .option('--out <dir>', 'parent folder for reports: <dir>/<scenario-id>/<run-id>/', 'reports')
    .option('--ci', 'plain line-by-line progress (implied when stderr is not a terminal)')
    .option('--json', 'print one JSON result per drill on stdout instead of the report path')
    .option('--fail-on <what>', 'what makes the exit code 1: "any" (thresholds or self-checks, default), "thresholds", "selfchecks", or "none"', 'any')
    .addHelpText('after', '\nExit codes: 0 all passed · 1 a threshold or self-check failed · 2 usage · 3 invalid scenario · 4 runtime · 70 bug · 130 interrupted')
    .action(async (args: string[], options: RunCommandOptions) => {
      const mode = parseMode(options.mode);
      const seed = parseSeed(options.seed);
      const failOn = parseFailOn(options.failOn);
      const { files, emptyFolders } = await listScenarioFiles(args);
      if (emptyFolders.length > 0) {
        throw new FaultlineError({ code: 'NO_SCENARIOS', kind: 'usage', title: `no scenario files in ${emptyFolders.join(', ')}`, hint: 'give scenario files (.yaml, .yml, .json) or folders that contain some' });
      }
      let failed = false;
      for (const file of files) {
        out.stderr(`${bold(out, '▶')} ${file} ${dim(out, `(mode ${mode}${seed === undefined ? '' : `, seed ${seed}`})`)}\n`);
        const result = await runScenarioFile(file, { mode, out: options.out ?? 'reports', ...(seed === undefined ? {} : { seed }) });
        printResult(out, result);
        if (options.json === true) out.stdout(`${JSON.stringify(jsonLine(result))}\n`);
        else out.stdout(`${result.dir}\n`);
        if (isFailure(result, failOn)) failed = true;
      }
      setExit(failed ? ExitCode.THRESHOLD_FAILED : ExitCode.OK);
    });
}

type FailOn = 'any' | 'thresholds' | 'selfchecks' | 'none';

function parseFailOn(value: string | undefined): FailOn {
  const v = value ?? 'any';
  if (v === 'any' || v === 'thresholds' || v === 'selfchecks' || v === 'none') return v;
  throw new FaultlineError({ code: 'BAD_OPTION', kind: 'usage', title: `--fail-on ${v} is not one of any, thresholds, selfchecks, none` });
}

function isFailure(r: RunScenarioResult, failOn: FailOn): boolean {
  const ev = r.evaluation;
  const thresholds = ev.thresholds.some((t) => t.status === 'FAIL');
  const checks = ev.selfChecks.some((c) => c.status === 'FAIL') || ev.incomplete;
  switch (failOn) {
    case 'any':
      return thresholds || checks;
    case 'thresholds':
      return thresholds;
    case 'selfchecks':
      return checks;
    case 'none':
      return false;
  }
}

function printResult(out: CliOutput, r: RunScenarioResult): void {
  const ev = r.evaluation;
  const ccy = ev.reportingCcy;
  for (const t of ev.thresholds) out.stderr(`  ${t.status === 'PASS' ? green(out, '✓') : red(out, '✗')} ${t.name}${t.status === 'FAIL' ? dim(out, `  (${t.detail})`) : ''}\n`);
  for (const c of ev.selfChecks) if (c.status === 'FAIL') out.stderr(`  ${red(out, '✗')} self-check: ${c.title} ${dim(out, `(${c.detail})`)}\n`);
  const passed = ev.selfChecks.filter((c) => c.status === 'PASS').length;
  out.stderr(`  ${passed === ev.selfChecks.length ? green(out, '✓') : red(out, '✗')} self-checks ${passed}/${ev.selfChecks.length} passed\n`);
  out.stderr(`  incident P&L ${bold(out, moneyText(ev.attribution.incidentTotal, ccy))}`);
  if (ev.exposure !== undefined) out.stderr(` · peak exposure ${moneyText(ev.exposure.metrics.peakAbsNotional, ccy)}`);
  out.stderr(` · ${ev.verdict === 'PASS' ? green(out, 'PASS') : red(out, 'FAIL')}\n`);
  out.stderr(`  report: ${r.dir}/summary.md\n`);
}

function jsonLine(r: RunScenarioResult): Record<string, unknown> {
  const ev = r.evaluation;
  return {
    scenario: r.scenario.id, runId: ev.runId, dir: r.dir, verdict: ev.verdict,
    incidentPnl: ev.metrics['pnl.total'], currency: ev.reportingCcy,
    thresholds: ev.thresholds.map((t) => ({ name: t.name, status: t.status, actual: t.actual ?? null })),
    selfChecks: ev.selfChecks.map((c) => ({ id: c.id, status: c.status })),
  };
}
