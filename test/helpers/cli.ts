/** Spawn the real binary (bin/faultline.js → dist/) the way a user or CI would. */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
export const BIN = join(ROOT, 'bin', 'faultline.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `node bin/faultline.js ...args` in the repo root (or `cwd`) with a non-TTY, colour-neutral environment. */
export function faultline(args: string[], env: Record<string, string | undefined> = {}, options: { cwd?: string } = {}): Promise<CliResult> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  // Vitest and CI runners often set these; the tests decide colour explicitly.
  delete base.FORCE_COLOR;
  delete base.NO_COLOR;
  delete base.FAULTLINE_DEBUG;
  // When the suite itself runs under GitHub Actions: each test decides whether faultline sees it.
  for (const k of ['GITHUB_ACTIONS', 'GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_WORKSPACE']) delete base[k];
  const merged: NodeJS.ProcessEnv = { ...base };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[/;
/** What a stack trace line looks like in Node's output. */
export const STACK_LINE = '    at ';
