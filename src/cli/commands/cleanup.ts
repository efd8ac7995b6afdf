/**
 * `faultline cleanup [--toxiproxy URL] [--allow-remote] [--dir DIR]`: removes what killed proxy-mode
 * runs left on Toxiproxy. Replays every undo log in `<dir>/.faultline/undo/` against the server it
 * names (or `--toxiproxy`), removes only the proxies and toxics faultline created, prints each one
 * on stdout, and deletes each log it completed. Exit 0; exit 4 if a server did not answer or
 * refused a removal (those logs are kept, so the command can simply be run again).
 * Register with `registerCleanupCommand(program, out)`.
 */
import type { Command } from 'commander';
import { FaultlineError } from '../../errors.js';
import { deleteUndoLog, findUndoLogs, undoOwnerAlive } from '../../io/undo-log.js';
import { checkToxiproxyUrl } from '../../transports/toxiproxy-api.js';
import { replayUndoLog } from '../../transports/toxiproxy-controller.js';
import type { CliOutput } from '../output.js';

export interface CleanupCommandOptions {
  toxiproxy?: string;
  allowRemote?: boolean;
  /** Working directory holding `.faultline/` (default: the current directory). */
  dir?: string;
  /** Time limit of one control request, ms (tests). */
  timeoutMs?: number;
}

/** What a cleanup did, log by log. */
export interface CleanupSummary {
  cleaned: { runId: string; url: string; proxies: string[]; toxics: { proxy: string; name: string }[] }[];
  /** Logs kept, with why. */
  kept: { runId: string; reason: string }[];
}

/** Runs the cleanup; throws a FaultlineError (exit 4, or 2 for a refused remote URL) if any log had to be kept. */
export async function runCleanup(options: CleanupCommandOptions, out: CliOutput): Promise<CleanupSummary> {
  const allowRemote = options.allowRemote === true;
  const override = options.toxiproxy === undefined ? undefined : checkToxiproxyUrl(options.toxiproxy, allowRemote);
  const root = options.dir ?? process.cwd();
  const logs = await findUndoLogs(root);
  const summary: CleanupSummary = { cleaned: [], kept: [] };
  if (logs.length === 0) {
    out.stderr('nothing to clean up: no undo logs in .faultline/undo\n');
    return summary;
  }
  const errors: FaultlineError[] = [];
  for (const log of logs) {
    if (undoOwnerAlive(log)) {
      summary.kept.push({ runId: log.runId, reason: `its run is still going (pid ${log.pid})` });
      out.stderr(`skipped ${log.runId}: its run is still going (pid ${log.pid}); it cleans up after itself\n`);
      continue;
    }
    try {
      const report = await replayUndoLog(log, { ...(override === undefined ? {} : { url: override }), allowRemote, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) });
      for (const t of report.toxics) out.stdout(`removed toxic ${t.name} from proxy ${t.proxy} on ${report.url}\n`);
      for (const p of report.proxies) out.stdout(`removed proxy ${p} on ${report.url}\n`);
      if (report.failures.length > 0) {
        const reason = report.failures.join('; ');
        summary.kept.push({ runId: log.runId, reason });
        errors.push(new FaultlineError({ code: 'TOXIPROXY_CLEANUP_FAILED', kind: 'runtime', title: `Could not remove everything run ${log.runId} left: ${reason}` }));
        continue;
      }
      await deleteUndoLog(log.path);
      summary.cleaned.push({ runId: log.runId, url: report.url, proxies: report.proxies, toxics: report.toxics });
      if (report.proxies.length === 0 && report.toxics.length === 0) out.stderr(`run ${log.runId}: nothing left on ${report.url}\n`);
    } catch (err) {
      if (!(err instanceof FaultlineError)) throw err;
      summary.kept.push({ runId: log.runId, reason: err.title });
      errors.push(err);
    }
  }
  out.stderr(`cleaned ${summary.cleaned.length} undo log(s)${summary.kept.length > 0 ? `, kept ${summary.kept.length}` : ''}\n`);
  const first = errors.find((e) => e.kind === 'usage') ?? errors[0];
  if (first !== undefined) {
    throw new FaultlineError({
      code: first.code,
      kind: first.kind,
      title: errors.length === 1 ? first.title : `${first.title} (and ${errors.length - 1} more)`,
      detail: `Kept ${summary.kept.length} undo log(s) in ${root}/.faultline/undo: ${summary.kept.map((k) => k.runId).join(', ')}.`,
      hint: first.hint ?? 'run `faultline cleanup` again once the server answers, or give its address with --toxiproxy URL',
      problems: errors.length > 1 ? errors.map((e) => e.title) : [],
      cause: first,
    });
  }
  return summary;
}

/** Adds `faultline cleanup [--toxiproxy URL] [--allow-remote] [--dir DIR]` to the program. */
export function registerCleanupCommand(program: Command, out: CliOutput): Command {
  return program
    .command('cleanup')
    .description('remove the Toxiproxy proxies and toxics that interrupted or killed proxy-mode runs left behind (from the undo logs in .faultline/)')
    .option('--toxiproxy <url>', 'Toxiproxy control URL to clean (default: the one each undo log names)')
    .option('--allow-remote', 'allow a Toxiproxy server that is not on this machine')
    .option('--dir <dir>', 'working directory holding .faultline/ (default: the current directory)')
    .action(async (options: CleanupCommandOptions) => {
      await runCleanup(options, out);
    });
}
