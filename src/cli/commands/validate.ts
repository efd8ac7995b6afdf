/**
 * `faultline validate <files...>`: check scenario files without running them. Every problem of
 * every file is collected; valid files are listed on stdout (`✓ file`), and when any file is
 * invalid a `FaultlineError` (invalid-input, exit 3) carrying every formatted problem is thrown
 * for the program to print on stderr. `--json` prints a machine-readable report on stdout.
 */
import type { Command } from 'commander';
import { invalidScenariosError, readScenario } from '../../io/read-scenario.js';
import { listScenarioFiles } from '../../io/list-scenario-files.js';
import type { ParsedScenario } from '../../scenario/parse-scenario-text.js';
import type { ScenarioProblem } from '../../scenario/problems.js';

/** Where the command writes (replaceable in tests). */
export interface ValidateOutput {
  stdout(text: string): void;
}

/** The `--json` report. */
export interface ValidateJsonReport {
  valid: boolean;
  files: { file: string; valid: boolean; scenarioId?: string; problems: ScenarioProblem[] }[];
}

/** Validate files (folders expand to their scenario files); one result per file. */
export async function validateScenarioFiles(args: readonly string[]): Promise<ParsedScenario[]> {
  const { files, emptyFolders } = await listScenarioFiles(args);
  // A folder with no scenario files would otherwise pass silently.
  const results: ParsedScenario[] = emptyFolders.map((folder) => ({
    fileName: folder,
    problems: [{ file: folder, path: '', message: 'no scenario files (*.yaml, *.yml, *.json) in this folder', hint: 'give a scenario file or a folder that contains some' }],
  }));
  for (const file of files) results.push(await readScenario(file));
  return results;
}

/** Build the `--json` report. */
export function jsonReport(results: readonly ParsedScenario[]): ValidateJsonReport {
  return {
    valid: results.every((r) => r.problems.length === 0),
    files: results.map((r) => ({
      file: r.fileName,
      valid: r.problems.length === 0,
      ...(r.scenario === undefined ? {} : { scenarioId: r.scenario.id }),
      problems: r.problems,
    })),
  };
}

/** Register `validate` on the program. */
export function registerValidateCommand(program: Command, output: ValidateOutput = { stdout: (text) => void process.stdout.write(text) }): Command {
  return program
    .command('validate')
    .description('check scenario files and report every problem at once, without running anything')
    .argument('<files...>', 'scenario files (.yaml, .yml, .json) or folders of them')
    .option('--json', 'print a machine-readable report on stdout')
    .addHelpText('after', '\nExit status 3 when any file is invalid. Problems read `file:line:col path: message`, with a hint.')
    .action(async (args: string[], options: { json?: boolean }) => {
      const results = await validateScenarioFiles(args);
      if (options.json === true) output.stdout(`${JSON.stringify(jsonReport(results), null, 2)}\n`);
      else for (const r of results) if (r.problems.length === 0) output.stdout(`✓ ${r.fileName}\n`);
      if (results.some((r) => r.problems.length > 0)) throw invalidScenariosError(results);
    });
}
