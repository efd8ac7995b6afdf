/**
 * Writing a run folder atomically and never over an earlier run: every file goes into a hidden
 * staging folder next to the target, which is renamed into place at the end. If the run id's folder
 * already exists, the new one gets a suffix (`<run-id>-2`, `-3`, …); the run id inside the files
 * stays the same, so reruns are byte-identical apart from manifest.json.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FaultlineError } from '../errors.js';

export interface RunFile {
  name: string;
  content: string;
}

export interface ManifestInput {
  runId: string;
  scenarioId: string;
  scenarioFile: string;
  contentHash: string;
  seed: number;
  mode: string;
  version: string;
  startedAt: string;
  finishedAt: string;
  node: string;
  verdict: string;
  incomplete: boolean;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Write `files` plus manifest.json into `<parent>/<scenario-id>/<run-id>[-n]`; returns the folder. */
export async function writeRunDirectory(parent: string, manifest: ManifestInput, files: readonly RunFile[]): Promise<string> {
  const scenarioDir = join(parent, manifest.scenarioId);
  try {
    await mkdir(scenarioDir, { recursive: true });
    const staging = join(scenarioDir, `.staging-${manifest.runId}-${process.pid}`);
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging);
    for (const f of files) await writeFile(join(staging, f.name), f.content, 'utf8');
    const doc = {
      format: 'faultline-manifest',
      manifestVersion: 1,
      ...manifest,
      files: Object.fromEntries([...files].sort((a, b) => a.name.localeCompare(b.name)).map((f) => [f.name, { sha256: sha256(f.content), bytes: Buffer.byteLength(f.content) }])),
    };
    await writeFile(join(staging, 'manifest.json'), `${JSON.stringify(doc, null, 2)}\n`, 'utf8');
    let target = join(scenarioDir, manifest.runId);
    for (let n = 2; await exists(target); n++) target = join(scenarioDir, `${manifest.runId}-${n}`);
    await rename(staging, target);
    return target;
  } catch (cause) {
    throw new FaultlineError({
      code: 'REPORT_WRITE_FAILED',
      kind: 'runtime',
      title: `could not write the report under ${scenarioDir}`,
      detail: cause instanceof Error ? cause.message : String(cause),
      hint: 'check that the folder is writable and the disk has space, or choose another parent folder with --out',
      cause,
    });
  }
}
