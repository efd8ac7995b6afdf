/** The commander program: every command, one place. */
import { Command, CommanderError } from 'commander';
import { faultlineVersion } from '../io/version.js';
import { FaultlineError } from '../errors.js';
import type { ExitCodeValue } from './exit-codes.js';
import type { CliOutput } from './output.js';
import { registerCleanupCommand } from './commands/cleanup.js';
import { registerCompareCommand } from './commands/compare.js';
import { registerInitCommand } from './commands/init.js';
import { registerMocksCommand } from './commands/mocks.js';
import { registerPlanCommand } from './commands/plan.js';
import { registerReportCommand } from './commands/report.js';
import { registerRunCommand } from './commands/run.js';
import { registerSchemaCommand } from './commands/schema.js';
import { registerToxiproxyCommand } from './commands/toxiproxy.js';
import { registerValidateCommand } from './commands/validate.js';

export function createProgram(out: CliOutput, setExit: (code: ExitCodeValue) => void): Command {
  const program = new Command();
  program
    .name('faultline')
    .description('Financial failure drills for API integrations: inject provider faults, replay trades and payments, and price what happened.')
    .version(faultlineVersion(), '-V, --version')
    .showHelpAfterError('(run faultline --help for usage)')
    .configureOutput({ writeOut: (s) => out.stdout(s), writeErr: (s) => out.stderr(s) })
    .exitOverride();
  registerRunCommand(program, out, setExit);
  registerValidateCommand(program, { stdout: out.stdout });
  registerPlanCommand(program, out);
  registerReportCommand(program, out);
  registerCompareCommand(program, out);
  registerInitCommand(program, out);
  registerSchemaCommand(program, { stdout: out.stdout });
  registerToxiproxyCommand(program);
  registerMocksCommand(program);
  registerCleanupCommand(program, out);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** Commander's own parse errors are usage errors (exit 2); help and version are not errors. */
export function isCommanderExit(err: unknown): err is CommanderError {
  return err instanceof CommanderError;
}

export { FaultlineError };
