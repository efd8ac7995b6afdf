/**
 * The JSON Schema of the scenario file, generated from the zod schema (so the two cannot
 * disagree). Editors use it for completion and inline errors; `schema/scenario.schema.json` is a
 * committed copy that a test keeps current (`npm run schema:write` regenerates it).
 */
import { z } from 'zod';
import { ScenarioFile } from './schema.js';

/** The schema's `$id`: where the published copy lives (also usable as `$schema:` in a scenario). */
export const SCENARIO_SCHEMA_ID = 'https://faultline.dev/schema/scenario-v1.json';

/** Build the JSON Schema (draft 2020-12) of what users may write: defaults are optional. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ScenarioFile, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: SCENARIO_SCHEMA_ID,
    title: 'faultline scenario (format 1)',
    description:
      'A faultline drill: providers, the integration under test, market, workload, a timeline of faults, monitoring, hedging, compliance, reporting and thresholds. Durations are strings like "30s" or "1h30m"; decimals are quoted strings; instants are ISO-8601 with a zone. See docs/scenarios.md.',
    ...rest,
  };
}

/** The committed file's exact text: two-space JSON and a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
