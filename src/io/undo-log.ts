/**
 * The undo log of proxy mode: `.faultline/undo/<runId>.jsonl`, one JSON object per line, each
 * appended and fsynced **before** the change it describes is applied to the Toxiproxy server.
 * A run that ends normally deletes its log; a log found later is a leftover of a killed run, and
 * `faultline cleanup` replays it (removes every proxy and toxic it lists; what is already gone
 * is fine). Only what faultline created is ever listed, so only that is ever removed.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** One line of the log. `server` is always the first line. */
export type UndoEntry =
  | { op: 'server'; url: string; runId: string; pid: number; host: string; startedAt: string }
  /** About to create proxy `name` (faultline's own, per-run prefix). */
  | { op: 'proxy'; name: string; upstream: string }
  /** About to add toxic `name` to proxy `proxy`. */
  | { op: 'toxic'; proxy: string; name: string; type: string }
  /** About to disable proxy `proxy` (an outage). */
  | { op: 'disable'; proxy: string }
  /** About to re-enable, remove a toxic, or delete a proxy (audit trail; replay removes everything listed anyway). */
  | { op: 'enable'; proxy: string }
  | { op: 'remove-toxic'; proxy: string; name: string }
  | { op: 'remove-proxy'; name: string }
  /** A proxy this log listed turned out not to be ours (creation was refused: it already existed). Never remove it. */
  | { op: 'forget-proxy'; name: string }
  /** A toxic this log listed turned out not to be ours (it already existed). */
  | { op: 'forget-toxic'; proxy: string; name: string };

/** The folder of undo logs under a working directory. */
export function undoDir(root: string): string {
  return join(root, '.faultline', 'undo');
}

/** What a log says faultline created and has not forgotten. */
export interface UndoContents {
  runId: string;
  path: string;
  /** The server the run talked to (absent when the log has no readable header). */
  serverUrl: string | undefined;
  pid: number | undefined;
  host: string | undefined;
  startedAt: string | undefined;
  /** Proxy names, in creation order. */
  proxies: string[];
  /** Toxics, in creation order. */
  toxics: { proxy: string; name: string }[];
  /** Proxies that were disabled at some point. */
  disabled: string[];
  /** Lines that could not be parsed (a torn last line after a crash is normal). */
  badLines: number;
}

/** Folds the entries of a log into what is to be removed. */
export function foldUndoEntries(runId: string, path: string, entries: readonly UndoEntry[], badLines = 0): UndoContents {
  const out: UndoContents = { runId, path, serverUrl: undefined, pid: undefined, host: undefined, startedAt: undefined, proxies: [], toxics: [], disabled: [], badLines };
  const forgottenProxies = new Set<string>();
  const forgottenToxics = new Set<string>();
  const key = (proxy: string, name: string): string => `${proxy}\u0000${name}`;
  for (const e of entries) {
    if (e.op === 'forget-proxy') forgottenProxies.add(e.name);
    if (e.op === 'forget-toxic') forgottenToxics.add(key(e.proxy, e.name));
  }
  const seenToxics = new Set<string>();
  for (const e of entries) {
    switch (e.op) {
      case 'server':
        out.serverUrl ??= e.url;
        out.pid ??= e.pid;
        out.host ??= e.host;
        out.startedAt ??= e.startedAt;
        break;
      case 'proxy':
        if (!forgottenProxies.has(e.name) && !out.proxies.includes(e.name)) out.proxies.push(e.name);
        break;
      case 'toxic': {
        const k = key(e.proxy, e.name);
        if (!forgottenToxics.has(k) && !forgottenProxies.has(e.proxy) && !seenToxics.has(k)) {
          seenToxics.add(k);
          out.toxics.push({ proxy: e.proxy, name: e.name });
        }
        break;
      }
      case 'disable':
        if (!forgottenProxies.has(e.proxy) && !out.disabled.includes(e.proxy)) out.disabled.push(e.proxy);
        break;
      default:
        break;
    }
  }
  return out;
}

function isEntry(value: unknown): value is UndoEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const str = (k: string): boolean => typeof v[k] === 'string';
  switch (v.op) {
    case 'server':
      return str('url') && str('runId');
    case 'proxy':
      return str('name');
    case 'toxic':
      return str('proxy') && str('name');
    case 'disable':
    case 'enable':
      return str('proxy');
    case 'remove-toxic':
      return str('proxy') && str('name');
    case 'remove-proxy':
    case 'forget-proxy':
      return str('name');
    case 'forget-toxic':
      return str('proxy') && str('name');
    default:
      return false;
  }
}

/** Parses a log's text; unreadable lines are counted, not fatal. */
export function parseUndoLog(text: string): { entries: UndoEntry[]; badLines: number } {
  const entries: UndoEntry[] = [];
  let badLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isEntry(value)) entries.push(value);
      else badLines += 1;
    } catch {
      badLines += 1;
    }
  }
  return { entries, badLines };
}

/** Reads one log file. */
export async function readUndoLog(path: string): Promise<UndoContents> {
  const text = await readFile(path, 'utf8');
  const { entries, badLines } = parseUndoLog(text);
  const runId = path.replace(/^.*[\\/]/, '').replace(/\.jsonl$/, '');
  return foldUndoEntries(runId, path, entries, badLines);
}

/** Every undo log under `root` (leftovers of runs that did not finish, or runs still going), oldest name first. */
export async function findUndoLogs(root: string): Promise<UndoContents[]> {
  let names: string[];
  try {
    names = await readdir(undoDir(root));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const logs: UndoContents[] = [];
  for (const name of names.filter((n) => n.endsWith('.jsonl')).sort()) logs.push(await readUndoLog(join(undoDir(root), name)));
  return logs;
}

/** Whether the process that wrote a log is still alive on this machine (then its proxies are in use). */
export function undoOwnerAlive(log: UndoContents): boolean {
  if (log.pid === undefined || log.host !== hostname() || log.pid === process.pid) return false;
  try {
    process.kill(log.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An open undo log being appended to by the running process. */
export interface UndoLog {
  readonly path: string;
  readonly runId: string;
  /** Appends one entry and fsyncs it; resolves once it is on disk. */
  append(entry: UndoEntry): Promise<void>;
  /** No more appends (the log stays: it is still needed until everything listed is removed). */
  close(): Promise<void>;
  /** Closes and deletes the log: everything it listed has been removed. */
  discard(): Promise<void>;
}

function fsyncDir(dir: string): void {
  // Makes the new file's directory entry durable too (power loss); not supported everywhere.
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Directories cannot be fsynced on some platforms (Windows); the file itself is synced.
  }
}

/** Creates `.faultline/undo/<runId>.jsonl` under `root` with its `server` header line. Fails if it exists. */
export async function openUndoLog(root: string, runId: string, serverUrl: string, now: Date): Promise<UndoLog> {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(runId)) throw new Error(`invalid undo log run id ${JSON.stringify(runId)}`);
  const dir = undoDir(root);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${runId}.jsonl`);
  // Created here ('wx': never someone else's file), then opened only for the length of each append:
  // a log whose removals failed stays on disk for `faultline cleanup`, and no open handle of it is
  // left for the garbage collector to close (DEP0137).
  await (await open(path, 'wx')).close();
  fsyncDir(dir);
  let closed = false;
  let queue: Promise<void> = Promise.resolve();
  const append = (entry: UndoEntry): Promise<void> => {
    const next = queue.then(async () => {
      if (closed) throw new Error(`undo log ${path} is closed`);
      const handle: FileHandle = await open(path, 'a');
      try {
        await handle.appendFile(`${JSON.stringify(entry)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
    queue = next.catch(() => undefined);
    return next;
  };
  const close = async (): Promise<void> => {
    await queue;
    closed = true;
  };
  await append({ op: 'server', url: serverUrl, runId, pid: process.pid, host: hostname(), startedAt: now.toISOString() });
  return {
    path,
    runId,
    append,
    close,
    discard: async () => {
      await close();
      await rm(path, { force: true });
    },
  };
}

/** Deletes a replayed log. */
export async function deleteUndoLog(path: string): Promise<void> {
  await rm(path, { force: true });
}
