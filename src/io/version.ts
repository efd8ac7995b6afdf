/** faultline's own version, read from its package.json (found upward from this module: src/ or dist/src/). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function faultlineVersion(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'faultline' && pkg.version !== undefined) return (cached = pkg.version);
    } catch {
      // keep looking upward
    }
    dir = dirname(dir);
  }
  return (cached = '0.0.0-unknown');
}
