/**
 * faultline's own package: its folder (where scenarios/, schema/ and package.json live) and its
 * version, found upward from this module (src/io/ when run from sources, dist/src/io/ when built or
 * installed).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface OwnPackage {
  root: string;
  version: string;
}

let cached: OwnPackage | null | undefined;

function ownPackage(): OwnPackage | null {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'faultline') return (cached = { root: dir, version: pkg.version ?? '0.0.0-unknown' });
    } catch {
      // keep looking upward
    }
    dir = dirname(dir);
  }
  return (cached = null);
}

export function faultlineVersion(): string {
  return ownPackage()?.version ?? '0.0.0-unknown';
}

/** faultline's package folder, or undefined when it cannot be found (a broken install). */
export function faultlineRoot(): string | undefined {
  return ownPackage()?.root;
}
