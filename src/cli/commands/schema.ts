/**
 * `faultline schema`: print the JSON Schema of the scenario format on stdout (the committed copy
 * is `schema/scenario.schema.json`; `npm run schema:write` regenerates it with this command).
 */
import type { Command } from 'commander';
import { scenarioJsonSchemaText } from '../../scenario/json-schema.js';

/** Register `schema` on the program. */
export function registerSchemaCommand(program: Command, output: { stdout(text: string): void } = { stdout: (text) => void process.stdout.write(text) }): Command {
  return program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editor completion and validation)')
    .action(() => {
      output.stdout(scenarioJsonSchemaText());
    });
}
