/** Expand command-line arguments into scenario files: a folder stands for its scenario files. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Extensions read as scenarios when a folder is given. */
export const SCENARIO_EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * Each argument as given, except that a folder becomes its `*.yaml`, `*.yml` and `*.json` files
 * (not recursive, sorted by name so output order is stable). Arguments that do not exist are
 * kept, so the reader reports them as "file not found" alongside every other problem. Folders
 * without any scenario file are listed separately so callers can say so.
 */
export async function listScenarioFiles(args: readonly string[]): Promise<{ files: string[]; emptyFolders: string[] }> {
  const files: string[] = [];
  const emptyFolders: string[] = [];
  for (const arg of args) {
    const info = await stat(arg).catch(() => undefined);
    if (info?.isDirectory()) {
      const entries = await readdir(arg, { withFileTypes: true });
      const names = entries
        .filter((e) => e.isFile() && SCENARIO_EXTENSIONS.includes(path.extname(e.name).toLowerCase()))
        .map((e) => e.name)
        .sort();
      if (names.length === 0) emptyFolders.push(arg);
      files.push(...names.map((name) => path.join(arg, name)));
    } else files.push(arg);
  }
  return { files, emptyFolders };
}
