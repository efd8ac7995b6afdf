import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../src/scenario/parse-scenario-text.js';
import { formatProblem } from '../../../src/scenario/problems.js';

const minimal = readFileSync(new URL('../../fixtures/scenarios/minimal.yaml', import.meta.url), 'utf8');

describe('parseScenarioText', () => {
  it('compiles the minimal fixture', () => {
    const result = parseScenarioText(minimal, 'minimal.yaml');
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.scenario?.id).toBe('minimal');
    expect(result.scenario?.faults[0]).toMatchObject({ id: 'outage-lp-1', startMs: Date.parse('2025-04-06T22:15:00Z'), endMs: Date.parse('2025-04-06T22:25:00Z') });
  });
});
