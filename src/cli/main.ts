/** Entry point of the `faultline` binary: parse, run, print errors, set the exit code. Only cli/ sets it. */
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { processOutput } from './output.js';
import { printError } from './print-error.js';
import { createProgram, isCommanderExit } from './program.js';
import { applyDrillV8Flags } from '../run/v8-flags.js';

async function main(argv: string[]): Promise<ExitCodeValue> {
  const out = processOutput();
  let code: ExitCodeValue = ExitCode.OK;
  const program = createProgram(out, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (isCommanderExit(err)) {
      // --help / --version exit 0; parse errors (already printed by commander) are usage errors.
      return err.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    return printError(out, err);
  }
}

applyDrillV8Flags();
main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = printError(processOutput(), err);
  },
);
