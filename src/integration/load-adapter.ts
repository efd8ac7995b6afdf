/**
 * Load a firm's adapter module without a build step (Node 20 cannot import `.ts`).
 *
 * - `.js` / `.mjs`: imported as they are.
 * - `.ts` / `.mts`: transpiled with the `typescript` package (`ts.transpileModule`: types are
 *   stripped, nothing is type-checked) into `.faultline/adapters/<name>.<hash>.mjs` under the
 *   working directory, then imported. Limitation: only the adapter file itself is transpiled, so a
 *   TypeScript adapter must be one file; it may import packages and `node:` modules, not other
 *   `.ts` files of its own (compile those, or use a `.js` adapter).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FaultlineError } from '../errors.js';
import type { AdapterFactory } from './adapter.js';

export interface LoadedAdapter {
  /** The adapter file as given (for messages). */
  file: string;
  factory: AdapterFactory;
}

const adapterError = (file: string, title: string, detail: string, hint: string, cause?: unknown): FaultlineError =>
  new FaultlineError({ code: 'ADAPTER_LOAD_FAILED', kind: 'invalid-input', title: `adapter ${file}: ${title}`, detail, hint, ...(cause === undefined ? {} : { cause }) });

/** Import the adapter at `file` (absolute, or relative to the working directory) and return its factory. */
export async function loadAdapter(file: string, options: { cacheDir?: string } = {}): Promise<LoadedAdapter> {
  const path = resolve(file);
  const ext = extname(path);
  if (!['.ts', '.mts', '.js', '.mjs'].includes(ext)) {
    throw adapterError(file, 'not a .ts, .mts, .js or .mjs file', `cannot load ${path}`, 'point integration.module at the adapter source file');
  }
  const source = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw adapterError(file, 'cannot read the adapter module', cause instanceof Error ? cause.message : String(cause), 'integration.module is resolved relative to the scenario file', cause);
  });
  let url = pathToFileURL(path).href;
  if (ext === '.ts' || ext === '.mts') {
    const ts = await import('typescript').catch((cause: unknown) => {
      throw adapterError(file, 'TypeScript adapters need the `typescript` package', cause instanceof Error ? cause.message : String(cause), 'npm install --save-dev typescript (an optional peer dependency of faultline), or compile the adapter to .js', cause);
    });
    const out = ts.default.transpileModule(source, {
      fileName: path,
      compilerOptions: { module: ts.default.ModuleKind.ESNext, target: ts.default.ScriptTarget.ES2022, sourceMap: false, verbatimModuleSyntax: false },
      reportDiagnostics: true,
    });
    const syntax = (out.diagnostics ?? []).filter((d) => d.category === ts.default.DiagnosticCategory.Error);
    if (syntax.length > 0) {
      const text = syntax.map((d) => ts.default.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ');
      throw adapterError(file, 'the adapter does not parse', text, 'fix the syntax error');
    }
    const dir = options.cacheDir ?? join(process.cwd(), '.faultline', 'adapters');
    await mkdir(dir, { recursive: true });
    const hash = createHash('sha256').update(path).update('\0').update(out.outputText).digest('hex').slice(0, 16);
    const target = join(dir, `${basename(path, ext)}.${hash}.mjs`);
    await writeFile(target, out.outputText);
    url = pathToFileURL(target).href;
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (cause) {
    throw adapterError(file, 'importing the adapter module failed', cause instanceof Error ? cause.message : String(cause), 'run the module on its own with node to see the error', cause);
  }
  const factory = typeof mod.default === 'function' ? mod.default : mod.createAdapter;
  if (typeof factory !== 'function') {
    throw adapterError(file, 'no adapter factory exported', `exports: ${Object.keys(mod).join(', ') || '(none)'}`, 'export default function createAdapter(ctx) { return { getQuote, placeOrder, createPayment } } (see docs/msw.md)');
  }
  return { file, factory: factory as AdapterFactory };
}
