/**
 * readScenario keeps each threshold's line in the file also when it compiles the scenario again
 * (a price tape sets the opening mids), and a threshold the cross-field rules reject is a problem,
 * never an internal error, even when the scenario has data files to check.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { readScenario } from '../../../src/io/read-scenario.js';
import { tempDirs } from '../../helpers/tmp.js';

const tmp = tempDirs('faultline-read-lines-');
const FIXTURE = 'test/fixtures/scenarios/replay-tape';

async function drillWith(thresholds: string): Promise<{ file: string; text: string }> {
  const dir = await tmp();
  for (const f of ['orders.csv', 'tape.csv']) await copyFile(join(FIXTURE, f), join(dir, f));
  const text = `${await readFile(join(FIXTURE, 'drill.yaml'), 'utf8')}thresholds:\n${thresholds}`;
  const file = join(dir, 'drill.yaml');
  await writeFile(file, text);
  return { file, text };
}

test('a drill on a price tape: thresholds keep their lines', async () => {
  const { file, text } = await drillWith('  - "payments.duplicates == 0"\n  - "incident.ttd <= 5m"\n');
  const r = await readScenario(file);
  expect(r.problems).toEqual([]);
  const lines = text.split('\n');
  expect(r.scenario!.thresholds.map((t) => lines[t.line! - 1])).toEqual(['  - "payments.duplicates == 0"', '  - "incident.ttd <= 5m"']);
});

test('an unknown metric beside data files is a located problem', async () => {
  const { file } = await drillWith('  - "payments.duplicatez == 0"\n');
  const r = await readScenario(file);
  expect(r.scenario).toBeUndefined();
  expect(r.problems.map((p) => `${p.path}: ${p.message}`)).toEqual(['thresholds[0]: unknown metric "payments.duplicatez"']);
});
