/**
 * The undo log holds no open file between appends (issue 16: a `FileHandle` closed on garbage
 * collection, DEP0137). A controller whose removals failed keeps its log for `faultline cleanup` and
 * may never be closed; its file must not stay open for the collector to find.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { openUndoLog } from '../../../src/io/undo-log.js';
import { tempDirs } from '../../helpers/tmp.js';

const tmp = tempDirs('faultline-undo-log-');

/** Paths this process has open, from /proc/self/fd (Linux). */
async function openPaths(): Promise<string[]> {
  const fds = await readdir('/proc/self/fd');
  const paths = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return paths.filter(Boolean);
}

describe('undo log', () => {
  test.skipIf(process.platform !== 'linux')('keeps no file open between appends, nor after close (checked in /proc/self/fd: Linux only)', async () => {
    const root = await tmp();
    const log = await openUndoLog(root, 'run-1', 'http://127.0.0.1:8474', new Date(0));
    expect((await openPaths()).filter((p) => p === log.path)).toEqual([]);
    await log.append({ op: 'proxy', name: 'faultline-run-1-lp', upstream: '127.0.0.1:1' });
    expect((await openPaths()).filter((p) => p === log.path)).toEqual([]);
    await log.close();
    expect((await openPaths()).filter((p) => p === log.path)).toEqual([]);
  });

  test('every append is on disk, in order, and an append after close is refused; the file is never taken over', async () => {
    const root = await tmp();
    const log = await openUndoLog(root, 'run-2', 'http://127.0.0.1:8474', new Date(0));
    await Promise.all([
      log.append({ op: 'proxy', name: 'faultline-run-2-a', upstream: '127.0.0.1:1' }),
      log.append({ op: 'toxic', proxy: 'faultline-run-2-a', name: 't', type: 'latency' }),
    ]);
    await log.close();
    await expect(log.append({ op: 'disable', proxy: 'faultline-run-2-a' })).rejects.toThrow('is closed');
    const lines = (await readFile(log.path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { op: string });
    expect(lines.map((l) => l.op)).toEqual(['server', 'proxy', 'toxic']);
    await expect(openUndoLog(root, 'run-2', 'http://127.0.0.1:8474', new Date(0))).rejects.toThrow('EEXIST');
  });
});
