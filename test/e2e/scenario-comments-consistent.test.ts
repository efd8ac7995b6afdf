// Inline `# expected to FAIL` marks on thresholds must agree with the header's expected verdicts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
test.each(['scenarios', 'scenarios/nz'].flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.yaml')).map((f) => join(d, f))))('%s', (f) => {
  const text = readFileSync(f, 'utf8');
  const lines = text.split('\n');
  const header = lines.slice(0, lines.findIndex((l) => !l.startsWith('#'))).join('\n');
  const inline = lines.filter((l) => /^\s+-\s+"[^"]+".*#.*expected to FAIL/i.test(l)).map((l) => /"([^"]+)"/.exec(l)![1]!);
  const headerFails = [...header.matchAll(/"([^"]+)"\s+FAILS\b/g)].map((m) => m[1]!);
  expect(inline.sort()).toEqual(headerFails.sort());
});
