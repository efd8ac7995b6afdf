import { expect, test } from 'vitest';
import { compileYaml, ofType, runDrill } from '../../helpers/sim.js';
import { readFileSync } from 'node:fs';
test('manual failover journalled once, as manual', async () => {
  const s = compileYaml(readFileSync('scenarios/lp-outage.yaml', 'utf8'));
  const { faulted } = await runDrill(s);
  const lp = ofType(faulted, 'failover').filter((f) => f.role === 'liquidity_provider');
  expect(lp.map((f) => `${f.from}->${f.to} ${f.reason}`)).toEqual(['binance->backup_lp manual', 'backup_lp->binance recovered']);
});
