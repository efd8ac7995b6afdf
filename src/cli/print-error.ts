/**
 * Printing failures: a FaultlineError becomes "error[CODE]: title", its problems, detail and hint —
 * never a stack trace. Anything else is a bug in faultline and says how to report it.
 */
import { isFaultlineError } from '../errors.js';
import { ExitCode, exitCodeForKind, type ExitCodeValue } from './exit-codes.js';
import { bold, dim, red, type CliOutput } from './output.js';
import { terminalText } from '../report/safe-text.js';

export function printError(out: CliOutput, err: unknown): ExitCodeValue {
  if (isFaultlineError(err)) {
    // Titles, problems and details quote what the user gave (paths, keys, values): no escape
    // sequence in them reaches the terminal.
    out.stderr(`${red(out, bold(out, `error[${err.code}]`))}: ${terminalText(err.title)}\n`);
    for (const p of err.problems) out.stderr(`  ${terminalText(p).replace(/\n/g, '\n  ')}\n`);
    if (err.detail !== undefined) out.stderr(`  ${terminalText(err.detail)}\n`);
    if (err.hint !== undefined) out.stderr(`  ${dim(out, 'hint:')} ${terminalText(err.hint)}\n`);
    return exitCodeForKind(err.kind);
  }
  const message = err instanceof Error ? err.message : String(err);
  out.stderr(`${red(out, bold(out, 'internal error'))}: ${terminalText(message)}\n`);
  out.stderr('  This is a bug in faultline, not in your scenario. Please report it with the command you ran,\n');
  out.stderr('  the scenario file and this output. Set FAULTLINE_DEBUG=1 to print the stack trace.\n');
  if (process.env.FAULTLINE_DEBUG === '1' && err instanceof Error && err.stack !== undefined) out.stderr(`${err.stack}\n`);
  return ExitCode.INTERNAL;
}
