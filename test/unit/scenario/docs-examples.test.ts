/**
 * The YAML examples of docs/compliance.md validate when pasted into a drill: each ```yaml block is
 * a scenario fragment whose top-level sections replace the same sections of an example drill (an NZ
 * drill when the fragment reports in NZD or names an NZ firm, else an AU one), and the result must
 * have no problem. What the fragment switches must then show in the compiled scenario, so an example
 * that validates but does nothing fails too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseScenarioText } from '../../../src/scenario/parse-scenario-text.js';

const DOC = 'docs/compliance.md';

/** Every ```yaml block of a Markdown file, with the line it starts on. */
function yamlBlocks(file: string): { line: number; text: string }[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: { line: number; text: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```yaml') continue;
    const end = lines.indexOf('```', i + 1);
    blocks.push({ line: i + 1, text: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

const blocks = yamlBlocks(DOC);

it(`${DOC} has YAML examples to check`, () => {
  expect(blocks.length).toBeGreaterThanOrEqual(4);
});

describe.each(blocks)(`${DOC}:$line`, ({ text }) => {
  const fragment = parse(text) as Record<string, unknown>;
  const reporting = fragment.reporting as { currency?: string } | undefined;
  const firm = fragment.firm as { country?: string } | undefined;
  const base = reporting?.currency === 'NZD' || firm?.country === 'NZ' ? 'scenarios/nz/lp-outage.yaml' : 'scenarios/lp-outage.yaml';
  const drill = { ...(parse(readFileSync(base, 'utf8')) as Record<string, unknown>), ...fragment };
  const parsed = parseScenarioText(stringify(drill), `${base} + ${DOC}`);

  it(`validates when pasted into ${base}`, () => {
    expect(parsed.problems).toEqual([]);
  });

  it('takes effect', () => {
    const s = parsed.scenario!;
    const compliance = fragment.compliance as { regimes?: Record<string, boolean>; rules?: Record<string, boolean> } | undefined;
    for (const [id, on] of Object.entries(compliance?.regimes ?? {})) expect(s.compliance.regimes[id], id).toBe(on);
    for (const [id, on] of Object.entries(compliance?.rules ?? {})) expect(s.compliance.rules[id], id).toBe(on);
    if (firm?.country !== undefined) expect(s.firm.country).toBe(firm.country);
    const playbook = fragment.playbook as { calendar?: string; overrides?: Record<string, unknown>; steps?: { id: string }[] } | undefined;
    if (playbook !== undefined) {
      expect(s.playbook).toBeDefined();
      if (playbook.calendar !== undefined) expect(s.playbook!.calendar).toBe(playbook.calendar);
      expect(Object.keys(s.playbook!.overrides).sort()).toEqual(Object.keys(playbook.overrides ?? {}).sort());
      expect(s.playbook!.steps?.map((x) => x.id)).toEqual(playbook.steps?.map((x) => x.id));
    }
  });
});
