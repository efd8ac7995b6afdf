/**
 * Where the CLI writes: stdout carries results (paths, JSON), stderr carries people (progress,
 * warnings, errors). Colour only on a TTY unless FORCE_COLOR; never when NO_COLOR is set.
 */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
  color: boolean;
  isTTY: boolean;
}

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function processOutput(): CliOutput {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    color: colorEnabled(process.stderr),
    isTTY: process.stderr.isTTY === true,
  };
}

export function paint(out: CliOutput, code: number, text: string): string {
  return out.color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export const red = (out: CliOutput, t: string): string => paint(out, 31, t);
export const green = (out: CliOutput, t: string): string => paint(out, 32, t);
export const yellow = (out: CliOutput, t: string): string => paint(out, 33, t);
export const dim = (out: CliOutput, t: string): string => paint(out, 2, t);
export const bold = (out: CliOutput, t: string): string => paint(out, 1, t);
