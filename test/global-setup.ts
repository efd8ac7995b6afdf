/**
 * Vitest global setup: make sure `dist/` (what `bin/faultline.js` imports) is built from the
 * current sources before the e2e tests spawn the binary. A full `tsc -p tsconfig.build.json`
 * takes ~15 s on 2 cores, so it is skipped when the build output is newer than every input.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const BUILT = join(ROOT, 'dist', 'src', 'cli', 'main.js');

function newestMtime(path: string): number {
  const st = statSync(path, { throwIfNoEntry: false });
  if (st === undefined) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIsCurrent(): boolean {
  const built = statSync(BUILT, { throwIfNoEntry: false });
  if (built === undefined) return false;
  const inputs = ['src', 'mocks', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((p) => newestMtime(join(ROOT, p)));
  return Math.max(...inputs) <= built.mtimeMs;
}

export default function setup(): void {
  if (process.env.FAULTLINE_TEST_SKIP_BUILD === '1' || buildIsCurrent()) return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch (err) {
    const out = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`tsc -p tsconfig.build.json failed; the e2e tests need a current dist/.\n${out.stdout?.toString() ?? ''}${out.stderr?.toString() ?? ''}`);
  }
}
