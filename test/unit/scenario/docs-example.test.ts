import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../src/scenario/parse-scenario-text.js';
import { formatProblem } from '../../../src/scenario/problems.js';
import { METRICS } from '../../../src/scenario/metrics.js';

const doc = readFileSync(new URL('../../../docs/scenarios.md', import.meta.url), 'utf8');

describe('docs/scenarios.md', () => {
  it('its complete example is a valid scenario', () => {
    const example = /## A complete example\s+```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const parsed = parseScenarioText(example!, 'docs/scenarios.md#example');
    expect(parsed.problems.map(formatProblem)).toEqual([]);
    expect(parsed.scenario?.faults.map((f) => f.id)).toEqual(['outage-lp-primary-1', 'latency-coingecko-main-1']);
  });

  it('lists every metric of the catalogue', () => {
    for (const metric of Object.keys(METRICS)) {
      const [group, name] = metric.split('.');
      expect(doc.includes(`\`${metric}\``) || doc.includes(`\`${group}.`) && doc.includes(name!), metric).toBe(true);
    }
  });
});
