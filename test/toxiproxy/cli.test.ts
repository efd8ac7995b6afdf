// `faultline toxiproxy`: flag and config validation as FaultlineErrors, and a clean run/shutdown.
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerToxiproxyCommand, runToxiproxyCommand } from '../../src/cli/commands/toxiproxy.js';
import { loadProxyConfig } from '../../src/toxiproxy/index.js';
import { startServer, type TestServer } from './helpers.js';

let dir: string;
let busy: TestServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faultline-toxiproxy-'));
  busy = await startServer(() => undefined);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await busy.close();
});

async function configFile(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('loadProxyConfig', () => {
  it('reads a valid file, defaulting listen to ""', async () => {
    const path = await configFile('ok.json', '[{"name":"a","listen":"127.0.0.1:0","upstream":"127.0.0.1:1"},{"name":"b","upstream":"x:1","enabled":false}]');
    expect(await loadProxyConfig(path)).toEqual([
      { name: 'a', listen: '127.0.0.1:0', upstream: '127.0.0.1:1' },
      { name: 'b', listen: '', upstream: 'x:1', enabled: false },
    ]);
  });

  it.each([
    ['missing file', null, 'TOXIPROXY_CONFIG_UNREADABLE'],
    ['bad JSON', '[{', 'TOXIPROXY_CONFIG_INVALID'],
    ['not an array', '{"name":"a"}', 'TOXIPROXY_CONFIG_INVALID'],
    ['missing upstream', '[{"name":"a"}]', 'TOXIPROXY_CONFIG_INVALID'],
    ['wrong enabled type', '[{"name":"a","upstream":"x:1","enabled":"yes"}]', 'TOXIPROXY_CONFIG_INVALID'],
  ])('rejects %s as invalid-input', async (label, content, code) => {
    const path = content === null ? join(dir, 'absent.json') : await configFile(`${label}.json`, content);
    await expect(loadProxyConfig(path)).rejects.toMatchObject({ name: 'FaultlineError', kind: 'invalid-input', code });
  });

  it('lists every problem of an invalid file', async () => {
    const path = await configFile('many.json', '[{"upstream":"x:1"},{"name":"b"}]');
    await expect(loadProxyConfig(path)).rejects.toMatchObject({ problems: [`${path} [0].name: missing required field`, `${path} [1].upstream: missing required field`] });
  });
});

describe('faultline toxiproxy', () => {
  it('rejects bad --port and --seed values as usage errors', async () => {
    await expect(runToxiproxyCommand({ host: '127.0.0.1', port: 'abc' })).rejects.toMatchObject({ kind: 'usage', code: 'USAGE_INVALID_OPTION' });
    await expect(runToxiproxyCommand({ host: '127.0.0.1', port: '70000' })).rejects.toMatchObject({ kind: 'usage' });
    await expect(runToxiproxyCommand({ host: '127.0.0.1', port: '0', seed: '-1' })).rejects.toMatchObject({ kind: 'usage' });
  });

  it('reports a port in use as a runtime error', async () => {
    await expect(runToxiproxyCommand({ host: '127.0.0.1', port: String(busy.port) })).rejects.toMatchObject({ kind: 'runtime', code: 'TOXIPROXY_BIND_FAILED' });
  });

  it('registers the command with its options and runs until SIGTERM, then shuts down cleanly', async () => {
    const program = new Command().exitOverride();
    registerToxiproxyCommand(program);
    const command = program.commands.find((c) => c.name() === 'toxiproxy');
    expect(command?.options.map((o) => o.long)).toEqual(['--host', '--port', '--config', '--seed', '--proxy-metrics']);
    const path = await configFile('run.json', '[{"name":"r","listen":"127.0.0.1:0","upstream":"127.0.0.1:1"}]');
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => {
      stderr.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      const running = program.parseAsync(['node', 'faultline', 'toxiproxy', '--port', '0', '--seed', '5', '--config', path]);
      const deadline = Date.now() + 5000;
      while (!stderr.some((l) => l.includes('listening on')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      const url = /listening on (\S+)/.exec(stderr.join(''))?.[1];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const proxy = (await (await fetch(`${url!}/proxies/r`)).json()) as { enabled: boolean };
      expect(proxy.enabled).toBe(true);
      process.emit('SIGTERM', 'SIGTERM');
      await running;
      await expect(fetch(`${url!}/version`)).rejects.toThrow();
      expect(stderr.join('')).toContain('seed 5');
    } finally {
      process.stderr.write = write;
    }
  });
});
