/** Reads a proxies config file (`-config` in Toxiproxy): a JSON array of `{name, listen, upstream, enabled?}`. */
import { readFile } from 'node:fs/promises';
import { FaultlineError } from '../errors.js';
import type { ProxyConfig } from './proxy-collection.js';

/** Loads and validates a config file. Throws FaultlineError (`invalid-input`) naming the file and the problem. */
export async function loadProxyConfig(path: string): Promise<ProxyConfig[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FaultlineError({
      code: 'TOXIPROXY_CONFIG_UNREADABLE',
      kind: 'invalid-input',
      title: `Cannot read the proxies config file ${path}`,
      detail: (error as Error).message,
      hint: 'Check the path given to --config.',
      cause: error,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new FaultlineError({
      code: 'TOXIPROXY_CONFIG_INVALID',
      kind: 'invalid-input',
      title: `The proxies config file ${path} is not valid JSON`,
      detail: (error as Error).message,
      hint: 'The file must be a JSON array such as [{"name":"db","listen":"127.0.0.1:26379","upstream":"127.0.0.1:6379"}].',
      cause: error,
    });
  }
  const problems: string[] = [];
  if (!Array.isArray(data)) problems.push(`${path}: expected a JSON array of proxies`);
  else {
    data.forEach((entry: unknown, i) => {
      const at = `${path} [${i}]`;
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        problems.push(`${at}: expected an object`);
        return;
      }
      const e = entry as Record<string, unknown>;
      for (const field of ['name', 'upstream'] as const) {
        if (typeof e[field] !== 'string' || e[field] === '') problems.push(`${at}.${field}: missing required field`);
      }
      if (e.listen !== undefined && typeof e.listen !== 'string') problems.push(`${at}.listen: must be a string`);
      if (e.enabled !== undefined && typeof e.enabled !== 'boolean') problems.push(`${at}.enabled: must be a boolean`);
    });
  }
  if (problems.length > 0) {
    throw new FaultlineError({
      code: 'TOXIPROXY_CONFIG_INVALID',
      kind: 'invalid-input',
      title: `The proxies config file ${path} is invalid`,
      problems,
      hint: 'Each proxy needs a name and an upstream; listen defaults to all interfaces on a random port, so give 127.0.0.1:PORT.',
    });
  }
  return (data as Record<string, unknown>[]).map((e) => ({
    name: e.name as string,
    listen: (e.listen as string | undefined) ?? '',
    upstream: e.upstream as string,
    ...(e.enabled === undefined ? {} : { enabled: e.enabled as boolean }),
  }));
}
