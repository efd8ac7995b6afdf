/**
 * Transpiles a TypeScript entry point and the sources it imports (relative imports only) into a
 * scratch folder inside the repository, so a plain `node` child process can run it: the project
 * has no TS loader, and `dist/` may be stale when FAULTLINE_TEST_SKIP_BUILD=1. Takes ~0.5 s.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export async function buildChild(entry: string): Promise<{ script: string; remove(): Promise<void> }> {
  // Under the repo so `toxiproxy-node-client` resolves and package.json's "type": "module" applies.
  const outDir = join(ROOT, '.faultline', `test-build-${process.pid}-${Date.now().toString(36)}`);
  const seen = new Set<string>();
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = await readFile(file, 'utf8');
    for (const m of source.matchAll(/from\s+'(\.{1,2}\/[^']+)\.js'/g)) queue.push(resolve(dirname(file), `${m[1]}.ts`));
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
      fileName: file,
    });
    const target = join(outDir, relative(ROOT, file)).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, outputText);
  }
  return { script: join(outDir, relative(ROOT, resolve(entry))).replace(/\.ts$/, '.js'), remove: () => rm(outDir, { recursive: true, force: true }) };
}
