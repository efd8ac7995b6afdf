/**
 * A run folder written atomically and never over an earlier run. Files are written into a hidden
 * staging folder next to the target — large ones (journal, events.csv) streamed as the drill runs —
 * and the folder is renamed into place at the end. If the run id's folder exists, the new one gets
 * a suffix (`<run-id>-2`, `-3`, …); the run id inside the files stays the same, so reruns are
 * byte-identical apart from manifest.json. If anything fails, the staging folder is removed.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { FaultlineError } from '../errors.js';

/** A file written whole at the end of a run. */
export interface RunFile {
  name: string;
  content: string;
  /** Write the content in pieces instead (a long table, never held whole); preferred when present. */
  writeTo?(write: (chunk: string) => void): void;
  /** Exact bytes to write instead of `content` (a data file copied as it was read). */
  bytes?: Uint8Array;
}

/** What manifest.json records besides the files (the only place wall-clock times appear). */
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
  /** The scenario's data files and their copies in the folder (io/data-files.ts manifestDataFiles). */
  dataFiles?: { role: string; file: string; copy: string; sha256: string; bytes: number }[];
}

/** sha256 of a text, hex (content hashes for run ids and the manifest). */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Buffered synchronous writes: bounded memory whatever the producer's speed, and a running sha256.
 * Each chunk is encoded at once into one reused Buffer, so the chunk strings die young: keeping them
 * in an array until a 1 MB join made them survive scavenges, and every joined megabyte string went
 * straight to V8's large-object space (old generation) — ~160 MB of it on a 100k-item drill.
 */
export class StreamedFile {
  private fd: number;
  /** Starts small (most report files are a few kB) and doubles up to `flushAt` for the streams. */
  private buffer: Buffer;
  private used = 0;
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;

  constructor(readonly name: string, path: string, private readonly flushAt = 1 << 20) {
    this.fd = openSync(path, 'w');
    this.buffer = Buffer.allocUnsafe(Math.min(flushAt, 1 << 16));
  }

  write(chunk: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8; make room first when the chunk might not fit.
    const need = chunk.length * 3;
    if (this.used + need > this.buffer.length) {
      if (this.buffer.length < this.flushAt && this.used + need <= this.flushAt) {
        let size = this.buffer.length * 2;
        while (size < this.used + need) size *= 2;
        const grown = Buffer.allocUnsafe(Math.min(size, this.flushAt));
        this.buffer.copy(grown, 0, 0, this.used);
        this.buffer = grown;
      } else {
        this.flush();
        if (need > this.buffer.length) {
          this.out(Buffer.from(chunk, 'utf8'));
          return;
        }
      }
    }
    this.used += this.buffer.write(chunk, this.used, 'utf8');
  }

  /** Bytes as they are (already UTF-8): what is buffered goes first. */
  writeBytes(bytes: Uint8Array): void {
    this.flush();
    this.out(bytes);
  }

  /** Write what is buffered now (a writer on another thread flushes after each batch of whole lines). */
  flush(): void {
    if (this.used === 0) return;
    this.out(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  private out(data: Uint8Array): void {
    this.hash.update(data);
    this.bytes += data.length;
    let offset = 0;
    while (offset < data.length) offset += writeSync(this.fd, data, offset);
  }

  /** Flush and close; returns the file's sha256. */
  close(): string {
    this.flush();
    closeSync(this.fd);
    this.fd = -1;
    return this.hash.digest('hex');
  }
}

function digestOf(path: string): { sha256: string; bytes: number } {
  const data = readFileSync(path);
  return { sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The error for a report that could not be written (exit code of a runtime failure). */
export function writeFailure(where: string, cause: unknown): FaultlineError {
  return new FaultlineError({
    code: 'REPORT_WRITE_FAILED',
    kind: 'runtime',
    title: `could not write the report under ${where}`,
    detail: cause instanceof Error ? cause.message : String(cause),
    hint: 'check that the folder is writable and the disk has space, or choose another parent folder with --out',
    cause,
  });
}

/** A file of the run folder written by someone else (a worker thread) into the staging folder. */
export interface ExternalFile {
  readonly name: string;
  /** Where to write it. */
  readonly path: string;
  /** The writer's sha256 and size, once it has closed the file; without them, seal hashes the file on disk. */
  done(digest: { sha256: string; bytes: number }): void;
}

export class RunStaging {
  readonly dir: string;
  private readonly scenarioDir: string;
  private readonly streams: StreamedFile[] = [];
  private readonly externals: { name: string; path: string; digest?: { sha256: string; bytes: number } }[] = [];
  /** Finished, aborted or salvaged: a later salvage (a cleanup racing the normal end) does nothing. */
  private settled = false;

  constructor(parent: string, scenarioId: string, private readonly runId: string) {
    this.scenarioDir = join(parent, scenarioId);
    this.dir = join(this.scenarioDir, `.staging-${runId}-${process.pid}`);
    try {
      mkdirSync(this.scenarioDir, { recursive: true });
      rmSync(this.dir, { recursive: true, force: true });
      mkdirSync(this.dir);
    } catch (cause) {
      throw writeFailure(this.scenarioDir, cause);
    }
  }

  /** A file written while the drill runs. */
  stream(name: string): StreamedFile {
    const f = new StreamedFile(name, join(this.dir, name));
    this.streams.push(f);
    return f;
  }

  /**
   * A file written while the drill runs by another writer (run/event-files.ts: a worker thread). It
   * is part of the folder like a stream; the writer reports its digest when done.
   */
  external(name: string): ExternalFile {
    const entry: { name: string; path: string; digest?: { sha256: string; bytes: number } } = { name, path: join(this.dir, name) };
    this.externals.push(entry);
    return { name, path: entry.path, done: (digest) => void (entry.digest = digest) };
  }

  /** Write the remaining files and the manifest, then move the folder into place; returns its path. */
  finish(manifest: ManifestInput, files: readonly RunFile[]): string {
    this.settled = true;
    try {
      return this.seal(manifest, files, this.runId);
    } catch (cause) {
      this.abort();
      throw writeFailure(this.scenarioDir, cause);
    }
  }

  /**
   * Keep what a run that cannot finish has written (a forced quit after Ctrl-C): the streamed files
   * as they are (whole lines: streams flush only what was written whole), `files` (a note saying
   * why there are no figures) and a manifest marked incomplete, moved into place as
   * `<run-id>-interrupted`. Returns the folder, or undefined when the run had already finished or
   * been aborted.
   */
  salvage(manifest: ManifestInput, files: readonly RunFile[]): string | undefined {
    if (this.settled || !exists(this.dir)) return undefined;
    this.settled = true;
    return this.seal(manifest, files, `${this.runId}-interrupted`);
  }

  /**
   * Close the streams, write `files` and the manifest hashing every file, and rename the staging
   * folder to `folder` (or `folder-2`, `-3`, … when taken: never over an earlier run).
   */
  private seal(manifest: ManifestInput, files: readonly RunFile[], folder: string): string {
    const entries: [string, { sha256: string; bytes: number }][] = [];
    for (const s of this.streams) entries.push([s.name, { sha256: s.close(), bytes: s.bytes }]);
    // An external file whose writer did not report (a salvage after a forced quit) is hashed as it is on disk.
    for (const x of this.externals) {
      if (x.digest !== undefined) entries.push([x.name, x.digest]);
      else if (exists(x.path)) entries.push([x.name, digestOf(x.path)]);
    }
    for (const f of files) {
      const file = new StreamedFile(f.name, join(this.dir, f.name));
      if (f.bytes !== undefined) file.writeBytes(f.bytes);
      else if (f.writeTo === undefined) file.write(f.content);
      else f.writeTo((chunk) => file.write(chunk));
      entries.push([f.name, { sha256: file.close(), bytes: file.bytes }]);
    }
    entries.sort((a, b) => a[0].localeCompare(b[0]));
    const doc = { format: 'faultline-manifest', manifestVersion: 1, ...manifest, files: Object.fromEntries(entries) };
    const m = new StreamedFile('manifest.json', join(this.dir, 'manifest.json'));
    m.write(`${JSON.stringify(doc, null, 2)}\n`);
    m.close();
    let target = join(this.scenarioDir, folder);
    for (let n = 2; exists(target); n++) target = join(this.scenarioDir, `${folder}-${n}`);
    renameSync(this.dir, target);
    return target;
  }

  /** Remove the staging folder (nothing half-written is left behind). */
  abort(): void {
    this.settled = true;
    for (const s of this.streams) {
      try {
        s.close();
      } catch {
        // already closed
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
