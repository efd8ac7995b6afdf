/**
 * The data files a scenario refers to (a workload replay, a price tape): their exact bytes, which
 * go into the content hash (and so into the run id), into manifest.json (sha256) and, copied under
 * fixed names, into the run folder beside scenario.yaml, so that `faultline report <dir>` re-reads
 * them from the folder alone.
 */
import { createHash } from 'node:crypto';

/** What a data file is for. */
export type DataFileRole = 'replay' | 'tape';

/** Where each role's file is named in a scenario, in the order the content hash takes them. */
export const DATA_FILE_KEYS: Readonly<Record<DataFileRole, readonly string[]>> = {
  replay: ['workload', 'replay', 'file'],
  tape: ['market', 'tape', 'file'],
};

/** A data file as read for a run. */
export interface DataFile {
  role: DataFileRole;
  /** The file as the scenario wrote it (relative to the scenario file). */
  file: string;
  format: 'csv' | 'jsonl';
  /** The exact bytes (hashed and copied as they are, never re-encoded). */
  bytes: Uint8Array;
  sha256: string;
}

/** The name of a data file's copy in the run folder: `replay.csv`, `tape.jsonl`. */
export function runFolderCopyName(role: DataFileRole, format: 'csv' | 'jsonl'): string {
  return `${role}.${format}`;
}

export function sha256Bytes(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The content hash behind the run id: the sha256 of the scenario text alone when it names no data
 * file (so such run ids are unchanged), otherwise the sha256 of the scenario's hash and each data
 * file's role and hash, in the order replay, tape: editing one byte of a replayed file gives
 * another run id.
 */
export function scenarioContentHash(scenarioText: string, dataFiles: readonly Pick<DataFile, 'role' | 'sha256'>[]): string {
  const own = sha256Bytes(scenarioText);
  if (dataFiles.length === 0) return own;
  const ordered = [...dataFiles].sort((a, b) => roleOrder(a.role) - roleOrder(b.role));
  return sha256Bytes([own, ...ordered.map((d) => `${d.role}:${d.sha256}`)].join('\n'));
}

function roleOrder(role: DataFileRole): number {
  return role === 'replay' ? 0 : 1;
}

/** manifest.json's record of the data files (docs/journal.md, "The run folder"). */
export function manifestDataFiles(dataFiles: readonly DataFile[]): { role: DataFileRole; file: string; copy: string; sha256: string; bytes: number }[] {
  return dataFiles.map((d) => ({ role: d.role, file: d.file, copy: runFolderCopyName(d.role, d.format), sha256: d.sha256, bytes: d.bytes.length }));
}
