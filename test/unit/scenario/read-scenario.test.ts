import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isFaultlineError, type FaultlineError } from '../../../src/errors.js';
import { loadScenario, readScenario } from '../../../src/io/read-scenario.js';
import { formatProblem } from '../../../src/scenario/problems.js';
import { registerValidateCommand, type ValidateJsonReport } from '../../../src/cli/commands/validate.js';
import { registerSchemaCommand } from '../../../src/cli/commands/schema.js';
import { scenarioJsonSchemaText } from '../../../src/scenario/json-schema.js';

const root = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const fixtures = 'test/fixtures/scenarios';
const cwd = process.cwd();

// Problems name files as the user typed them, relative to the working directory.
beforeEach(() => process.chdir(root));
afterEach(() => process.chdir(cwd));

describe('readScenario / loadScenario', () => {
  it('loads the minimal fixture with its absolute source path', async () => {
    const scenario = await loadScenario(`${fixtures}/minimal.yaml`);
    expect(scenario.id).toBe('minimal');
    expect(scenario.sourcePath).toBe(path.join(root, fixtures, 'minimal.yaml'));
  });

  it('reports a missing workload file at its `file:` node', async () => {
    const parsed = await readScenario(`${fixtures}/replay/replay-missing-file.yaml`);
    expect(parsed.scenario).toBeUndefined();
    expect(parsed.problems.map(formatProblem)).toEqual([
      `${fixtures}/replay/replay-missing-file.yaml:17:11 workload.replay.file: file "missing-orders.csv" not found (looked for ${path.join(root, fixtures, 'replay', 'missing-orders.csv')})\n` +
        '  hint: data file paths are relative to the folder of the scenario file',
    ]);
  });

  it('reports bad rows of the workload file with row and column', async () => {
    const parsed = await readScenario(`${fixtures}/replay/replay-bad-rows.yaml`);
    expect(parsed.scenario).toBeUndefined();
    const lines = parsed.problems.map((p) => formatProblem(p).split('\n')[0]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${fixtures}/replay/orders\\.csv:row 2 column qty: `));
    expect(lines[1]).toBe(`${fixtures}/replay/orders.csv:row 3 column instrument: unknown instrument "ETH-AUD"`);
  });

  it('reports an unreadable scenario path as a problem, not a crash', async () => {
    const parsed = await readScenario(`${fixtures}/nope.yaml`);
    expect(parsed.problems.map(formatProblem)).toEqual([`${fixtures}/nope.yaml: file not found\n  hint: check the path; scenario files are .yaml, .yml or .json`]);
  });

  it('throws SCENARIO_INVALID (invalid-input, exit 3) with every problem', async () => {
    const error = await loadScenario(`${fixtures}/replay/replay-bad-rows.yaml`).catch((e: unknown) => e);
    expect(isFaultlineError(error)).toBe(true);
    const fe = error as FaultlineError;
    expect([fe.code, fe.kind, fe.title]).toEqual(['SCENARIO_INVALID', 'invalid-input', `${fixtures}/replay/replay-bad-rows.yaml has 2 problems`]);
    expect(fe.problems).toHaveLength(2);
  });
});

/** Run a command through a real commander program, capturing stdout and the thrown error. */
async function run(args: string[]): Promise<{ stdout: string; error?: FaultlineError }> {
  let stdout = '';
  const program = new Command().exitOverride();
  const output = { stdout: (text: string) => void (stdout += text) };
  registerValidateCommand(program, output);
  registerSchemaCommand(program, output);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { stdout };
  } catch (error) {
    if (!isFaultlineError(error)) throw error;
    return { stdout, error };
  }
}

describe('faultline validate', () => {
  it('prints ✓ for a valid file and succeeds', async () => {
    expect(await run(['validate', `${fixtures}/minimal.yaml`])).toEqual({ stdout: `✓ ${fixtures}/minimal.yaml\n` });
  });

  it('validates every scenario in a folder and throws for the invalid ones', async () => {
    const { stdout, error } = await run(['validate', `${fixtures}/replay`, `${fixtures}/minimal.yaml`]);
    expect(stdout).toBe(`✓ ${fixtures}/minimal.yaml\n`);
    expect(error?.kind).toBe('invalid-input');
    expect(error?.title).toBe('2 scenario files have 3 problems');
    expect(error?.problems.map((p) => p.split('\n')[0]!.replace(/\(looked for .*\)/, '(looked for …)'))).toEqual([
      expect.stringMatching(/orders\.csv:row 2 column qty: /),
      `${fixtures}/replay/orders.csv:row 3 column instrument: unknown instrument "ETH-AUD"`,
      `${fixtures}/replay/replay-missing-file.yaml:17:11 workload.replay.file: file "missing-orders.csv" not found (looked for …)`,
    ]);
  });

  it('--json prints a machine-readable report on stdout', async () => {
    const { stdout, error } = await run(['validate', '--json', `${fixtures}/minimal.yaml`, `${fixtures}/replay/replay-missing-file.yaml`]);
    const report = JSON.parse(stdout) as ValidateJsonReport;
    expect(report.valid).toBe(false);
    expect(report.files.map((f) => [f.file, f.valid, f.scenarioId, f.problems.length])).toEqual([
      [`${fixtures}/minimal.yaml`, true, 'minimal', 0],
      [`${fixtures}/replay/replay-missing-file.yaml`, false, undefined, 1],
    ]);
    expect(report.files[1]!.problems[0]).toMatchObject({ line: 17, col: 11, path: 'workload.replay.file' });
    expect(error?.code).toBe('SCENARIO_INVALID');
  });

  it('reports a folder without scenario files', async () => {
    const { error } = await run(['validate', 'test/unit/scenario']);
    expect(error?.problems).toEqual(['test/unit/scenario: no scenario files (*.yaml, *.yml, *.json) in this folder\n  hint: give a scenario file or a folder that contains some']);
  });
});

describe('faultline schema', () => {
  it('prints the JSON Schema', async () => {
    expect((await run(['schema'])).stdout).toBe(scenarioJsonSchemaText());
  });
});
