import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCENARIO_SCHEMA_ID, scenarioJsonSchema, scenarioJsonSchemaText } from '../../../src/scenario/json-schema.js';

const committed = readFileSync(new URL('../../../schema/scenario.schema.json', import.meta.url), 'utf8');

describe('scenario JSON Schema', () => {
  it('schema/scenario.schema.json is current', () => {
    expect(committed === scenarioJsonSchemaText(), 'schema/scenario.schema.json is stale: run `npm run schema:write` and commit the result').toBe(true);
  });

  it('has $schema, $id, a title and a description, and rejects unknown keys', () => {
    const schema = scenarioJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(SCENARIO_SCHEMA_ID);
    expect(schema.title).toMatch(/scenario/);
    expect(schema.description).toMatch(/docs\/scenarios\.md/);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['faultline', 'id', 'title', 'start', 'duration', 'market', 'providers', 'workload']));
  });
});
