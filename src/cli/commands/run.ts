/**
 * `faultline run <scenario|dir>...`: run each drill (faulted + baseline), write its report folder,
 * print the folder on stdout, and exit 0 when every threshold and self-check passed, 1 when any
 * failed (130 when the drill lead pressed q). On an interactive terminal the ink dashboard shows the
 * drill on stderr; otherwise (or with --ci, or CI set) the plain reporter prints one line per
 * milestone. --json streams NDJSON on stdout (docs/ci.md).
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import type { EventSink } from '../../engine/ports.js';
import { FaultlineError } from '../../errors.js';
import { installCleanupOnSignal } from '../../io/cleanup-on-signal.js';
import { listScenarioFiles } from '../../io/list-scenario-files.js';
import { findUndoLogs, undoOwnerAlive } from '../../io/undo-log.js';
import { loadScenario } from '../../io/read-scenario.js';
import { runScenarioFile, type RunScenarioResult } from '../../run/run-scenario.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { bold, dim, green, red, yellow, type CliOutput } from '../output.js';
import { parseMode, parseRunSpeed, parseSeed } from './options.js';
import { moneyText } from '../../report/format.js';
import { terminalText } from '../../report/safe-text.js';
import { AbortMonitor } from '../reporters/abort-monitor.js';
import { appendStepSummary, writeCombinedJunit } from '../reporters/ci-files.js';
import { appendGithubOutputs, ciPath, githubAnnotations, underGithubActions, type CountedFailures } from '../reporters/github.js';
import { createNdjsonReporter, jsonResultLine } from '../reporters/ndjson-reporter.js';
import { createPlainReporter } from '../reporters/plain-reporter.js';

export interface RunCommandOptions {
  seed?: string;
  mode?: string;
  out?: string;
  ci?: boolean;
  json?: boolean;
  failOn?: string;
  junit?: string;
  speed?: string;
  toxiproxy?: string;
  allowRemote?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/**
 * The dashboard runs only on an interactive terminal, never in CI, when stdout carries NDJSON, or
 * when --quiet or --verbose asks for no progress or for plain lines.
 */
export function wantsDashboard(out: CliOutput, options: Pick<RunCommandOptions, 'ci' | 'json' | 'quiet' | 'verbose'>, env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  return out.isTTY && options.ci !== true && options.json !== true && options.quiet !== true && options.verbose !== true && !ci;
}

export function registerRunCommand(program: Command, out: CliOutput, setExit: (code: ExitCodeValue) => void): Command {
  return program
    .command('run')
    .description('run drills: inject the faults, replay the workload, price the outcome, write the report')
    .argument('<scenarios...>', 'scenario files or folders of them')
    .option('--seed <n>', 'override the scenario seed (non-negative integer)')
    .option('--mode <mode>', 'sim (default; virtual clock, no sockets), msw, or proxy', 'sim')
    .option('--out <dir>', 'parent folder for reports: <dir>/<scenario-id>/<run-id>/', 'reports')
    .option('--ci', 'plain line-by-line progress, no dashboard (implied when stderr is not a terminal or CI is set)')
    .option('--json', 'stream NDJSON on stdout: every event, then one result line per drill (docs/ci.md)')
    .option('--junit <file>', 'write one JUnit file for all drills (default <out>/junit.xml when more than one scenario runs)')
    .option('--speed <n|auto>', 'live clock: scenario time runs N× the wall clock. Proxy mode is always live (default 60: one scenario minute per second); msw mode is virtual unless --speed is given. auto: the highest speed this machine keeps (up to 60), from a 1.5 s measure of its event-loop lag')
    .option('--toxiproxy <url>', 'proxy mode: use this running Toxiproxy instead of the embedded server (default $FAULTLINE_TOXIPROXY_URL)')
    .option('--allow-remote', 'proxy mode: allow a --toxiproxy URL that is not on this machine')
    .option('--fail-on <what>', 'what makes the exit code 1: "any" (thresholds or self-checks, default), "thresholds", "selfchecks", or "none"', 'any')
    .option('-q, --quiet', 'on stderr only what failed (thresholds, self-checks, incomplete drills), warnings and errors; stdout unchanged')
    .option('-v, --verbose', 'plain lines with every rejected trade, failed payment or order, duplicate, dead letter and rejected price, and every threshold\'s actual value')
    .addHelpText('after', '\nExit codes: 0 all passed · 1 a threshold or self-check failed · 2 usage · 3 invalid scenario · 4 runtime · 70 bug · 130 interrupted')
    .action(async (args: string[], options: RunCommandOptions) => {
      const mode = parseMode(options.mode);
      const seed = parseSeed(options.seed);
      const failOn = parseFailOn(options.failOn);
      const speed = parseRunSpeed(options.speed);
      if (options.quiet === true && options.verbose === true) throw new FaultlineError({ code: 'BAD_OPTION', kind: 'usage', title: '--quiet and --verbose cannot be used together', hint: 'choose one' });
      const quiet = options.quiet === true;
      const verbose = options.verbose === true;
      const github = underGithubActions();
      const envToxiproxy = process.env.FAULTLINE_TOXIPROXY_URL;
      const toxiproxyUrl = options.toxiproxy ?? (envToxiproxy === undefined || envToxiproxy === '' ? undefined : envToxiproxy);
      // Leftovers of killed runs (proxies or toxics still on a Toxiproxy server): warn, never touch.
      for (const log of await findUndoLogs(process.cwd()).catch(() => [])) {
        if (undoOwnerAlive(log)) continue;
        out.stderr(`${yellow(out, '!')} a previous proxy-mode run (${log.runId}) left ${log.proxies.length} proxies and ${log.toxics.length} toxics on ${log.serverUrl ?? 'an unknown server'} (${log.path}); run \`faultline cleanup\` to remove them\n`);
      }
      const { files, emptyFolders } = await listScenarioFiles(args);
      if (emptyFolders.length > 0) {
        throw new FaultlineError({ code: 'NO_SCENARIOS', kind: 'usage', title: `no scenario files in ${emptyFolders.join(', ')}`, hint: 'give scenario files (.yaml, .yml, .json) or folders that contain some' });
      }
      const outDir = options.out ?? 'reports';
      const dashboard = wantsDashboard(out, options);
      const results: RunScenarioResult[] = [];
      let failed = false;
      let interrupted = false;
      // SIGINT/SIGTERM stop the current drill at its next scenario minute; its report is still written
      // (marked incomplete) and the exit code is 130. A second signal exits at once.
      let current: AbortMonitor | undefined;
      let signalled = false;
      // proxy mode registers its cleanups here (Toxiproxy proxies, mocks, embedded server, the firm's
      // service). They run when the drill stops normally; on a second signal, or when an interrupted
      // drill makes no progress for 10 s (or two scenario minutes of wall time, if longer), they run
      // (time-limited) before the process exits 130. One handler, not two. Progress, not a fixed
      // limit: a module or http integration's baseline is replayed live up to the interruption.
      const cleanups = installCleanupOnSignal({ signals: [] });
      const quit = (): void => {
        void cleanups.runCleanups(10_000).then((o) => {
          for (const f of o.failures) out.stderr(`${red(out, '✗')} cleanup failed: ${f}\n`);
          if (o.timedOut) out.stderr(`${red(out, '✗')} cleanup did not finish; run \`faultline cleanup\` to remove what is left\n`);
          process.exit(ExitCode.INTERRUPTED);
        }, () => process.exit(ExitCode.INTERRUPTED));
      };
      let watchdog: NodeJS.Timeout | undefined;
      // With --speed auto the speed is known once the drill has calibrated (onAutoSpeed).
      let liveSpeed = typeof speed === 'number' ? speed : undefined;
      const stuckAfterMs = (): number => Math.max(10_000, liveSpeed === undefined ? 0 : 2 * 60_000 / liveSpeed);
      const rearm = (): void => {
        if (!signalled) return;
        clearTimeout(watchdog);
        watchdog = setTimeout(quit, stuckAfterMs());
        watchdog.unref();
      };
      const onSignal = (signal: NodeJS.Signals): void => {
        if (signalled) return quit();
        signalled = true;
        out.stderr(`\n${yellow(out, '!')} ${signal}: stopping the drill and writing a partial report (again to quit at once)\n`);
        current?.requestAbort(`interrupted: ${signal}`);
        rearm();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        for (const file of files) {
          if (signalled) {
            interrupted = true;
            break;
          }
          const scenario = await loadScenario(file);
          const monitor = new AbortMonitor(scenario);
          current = monitor;
          for (const t of AbortMonitor.endOnly(scenario)) out.stderr(`  ${yellow(out, '!')} abort_on_fail on "${t.name}" is judged at the end only (docs/ci.md lists the metrics that can stop a drill early)\n`);
          const sinks: EventSink[] = [monitor];
          if (options.json === true) sinks.push(createNdjsonReporter(out.stdout, scenario.id));
          const ui = dashboard ? await (await import('../../ui/start-dashboard.js')).startDashboard({ scenario, file, mode, onAbort: () => monitor.requestAbort('interrupted: the drill lead pressed q') }) : undefined;
          if (ui !== undefined) sinks.push(ui.sink);
          else if (!quiet) {
            out.stderr(`${bold(out, '▶')} ${file} ${dim(out, `(mode ${mode}${seed === undefined ? '' : `, seed ${seed}`})`)}\n`);
            sinks.push(createPlainReporter(out, { verbose }));
          }
          let result: RunScenarioResult;
          try {
            result = await runScenarioFile(file, {
              mode, out: outDir, ...(seed === undefined ? {} : { seed }), sinks, cleanups,
              ...(speed === undefined ? {} : { speed }), ...(toxiproxyUrl === undefined ? {} : { toxiproxyUrl }), ...(options.allowRemote === true ? { allowRemote: true } : {}),
              warn: (line) => out.stderr(`  ${yellow(out, '!')} ${line}\n`),
              onAutoSpeed: (chosen, lagP99Ms) => {
                liveSpeed = chosen;
                out.stderr(`  --speed auto: event-loop lag ${lagP99Ms.toFixed(2)} ms (p99) on this machine → live clock × ${chosen}\n`);
              },
              onProgress: (variant, t) => {
                rearm();
                monitor.onProgress(variant, t);
                ui?.onProgress(variant, t);
              },
              shouldAbort: monitor.shouldAbort,
            });
          } catch (err) {
            await ui?.close();
            throw err;
          }
          results.push(result);
          if (ui !== undefined) await ui.finish(result.evaluation, result.dir);
          else if (quiet) printFailures(out, result);
          else printResult(out, result, verbose);
          if (github) for (const a of githubAnnotations(result, ciPath(file), countedFailures(failOn))) out.stderr(`${a}\n`);
          if (options.json === true) out.stdout(jsonResultLine(result));
          else out.stdout(`${result.dir}\n`);
          if (isFailure(result, failOn)) failed = true;
          if (monitor.abortReason?.startsWith('interrupted') === true) {
            interrupted = true;
            break;
          }
        }
      } finally {
        clearTimeout(watchdog);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const junit = options.junit ?? (files.length > 1 ? join(outDir, 'junit.xml') : undefined);
      if (junit !== undefined) {
        await writeCombinedJunit(junit, results);
        if (!quiet) out.stderr(`junit: ${junit}\n`);
      }
      const stepSummary = process.env.GITHUB_STEP_SUMMARY;
      if (stepSummary !== undefined && stepSummary !== '') await appendStepSummary(stepSummary, results);
      const githubOutput = process.env.GITHUB_OUTPUT;
      if (githubOutput !== undefined && githubOutput !== '' && results.length > 0) await appendGithubOutputs(githubOutput, results);
      if (interrupted) {
        setExit(ExitCode.INTERRUPTED);
        return;
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

/** Which failures make the exit code 1 under `--fail-on` (an incomplete drill counts with the self-checks). */
function countedFailures(failOn: FailOn): CountedFailures {
  return { thresholds: failOn === 'any' || failOn === 'thresholds', selfChecks: failOn === 'any' || failOn === 'selfchecks' };
}

function isFailure(r: RunScenarioResult, failOn: FailOn): boolean {
  const ev = r.evaluation;
  const counted = countedFailures(failOn);
  const thresholds = ev.thresholds.some((t) => t.status === 'FAIL');
  const checks = ev.selfChecks.some((c) => c.status === 'FAIL') || ev.incomplete;
  return (counted.thresholds && thresholds) || (counted.selfChecks && checks);
}

function printResult(out: CliOutput, r: RunScenarioResult, verbose: boolean): void {
  const ev = r.evaluation;
  const ccy = ev.reportingCcy;
  for (const t of ev.thresholds) out.stderr(`  ${t.status === 'PASS' ? green(out, '✓') : red(out, '✗')} ${terminalText(t.name)}${t.status === 'FAIL' || verbose ? dim(out, `  (${terminalText(t.detail)})`) : ''}\n`);
  for (const c of ev.selfChecks) if (c.status === 'FAIL' || verbose) out.stderr(`  ${c.status === 'PASS' ? green(out, '✓') : red(out, '✗')} self-check: ${terminalText(c.title)} ${dim(out, `(${terminalText(c.detail)})`)}\n`);
  const passed = ev.selfChecks.filter((c) => c.status === 'PASS').length;
  out.stderr(`  ${passed === ev.selfChecks.length ? green(out, '✓') : red(out, '✗')} self-checks ${passed}/${ev.selfChecks.length} passed\n`);
  out.stderr(`  incident P&L ${bold(out, moneyText(ev.attribution.incidentTotal, ccy))}`);
  if (ev.exposure !== undefined) out.stderr(` · peak exposure ${moneyText(ev.exposure.metrics.peakAbsNotional, ccy)}`);
  out.stderr(` · ${ev.verdict === 'PASS' ? green(out, 'PASS') : red(out, 'FAIL')}\n`);
  out.stderr(`  report: ${r.dir}/summary.md\n`);
}

/** `--quiet`: only what failed, one line each, named by drill. */
function printFailures(out: CliOutput, r: RunScenarioResult): void {
  const ev = r.evaluation;
  const id = r.scenario.id;
  for (const t of ev.thresholds) if (t.status === 'FAIL') out.stderr(`${red(out, '✗')} ${id}: ${terminalText(t.name)}  (${terminalText(t.detail)})\n`);
  for (const c of ev.selfChecks) if (c.status === 'FAIL') out.stderr(`${red(out, '✗')} ${id}: self-check ${terminalText(c.title)} (${terminalText(c.detail)})\n`);
  if (ev.incomplete) out.stderr(`${red(out, '✗')} ${id}: incomplete: ${terminalText(ev.incompleteReason ?? 'stopped early')}\n`);
}
