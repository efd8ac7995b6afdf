/** Module integrations: the scenario schema and rules, compiling, and loading adapters without a build step. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAdapter } from '../../../src/integration/load-adapter.js';
import { parseScenarioText } from '../../../src/scenario/parse-scenario-text.js';
import { problemLines, scenarioText } from '../scenario/helpers.js';

const work = mkdtempSync(join(tmpdir(), 'faultline-load-adapter-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('scenario: integration type module', () => {
  it('compiles with defaults and inert reference fields', () => {
    const parsed = parseScenarioText(scenarioText('integration:\n  type: module\n  module: ./my-client.ts\n'), 's.yaml');
    expect(parsed.problems).toEqual([]);
    const integration = parsed.scenario!.integration;
    expect(integration).toMatchObject({ type: 'module', module: './my-client.ts', callTimeoutMs: 60_000, timeoutMs: 2000, pricePollIntervalMs: 5000, idempotency: false });
    expect(integration.retries.max).toBe(0);
  });

  it('rejects a module that is not a script file, and reference-only fields', () => {
    expect(problemLines(scenarioText('integration:\n  type: module\n  module: ./client.py\n')).join('\n')).toMatch(/s\.yaml:24:\d+ .*not a \.ts, \.mts, \.js or \.mjs file/);
    expect(problemLines(scenarioText('integration:\n  type: module\n  module: ./c.ts\n  retries: { max: 1 }\n')).join('\n')).toMatch(/retries/);
    expect(problemLines(scenarioText('integration:\n  type: module\n  module: ./c.ts\n  call_timeout: 0s\n')).join('\n')).toMatch(/call_timeout cannot be zero/);
  });
});

describe('loadAdapter', () => {
  it('transpiles a TypeScript adapter (types stripped) and imports it', async () => {
    const file = join(work, 'typed.ts');
    writeFileSync(file, `interface Ctx { now(): number }\nexport default function make(ctx: Ctx) { return { async getQuote(): Promise<{ status: 'OK'; price: string; ts: number; provider: string }> { return { status: 'OK', price: '1', ts: ctx.now(), provider: 'feed' }; } }; }\n`);
    const loaded = await loadAdapter(file, { cacheDir: join(work, 'cache') });
    const adapter = await loaded.factory({ now: () => 5 } as never);
    await expect(adapter.getQuote({ instrument: 'BTC-AUD' })).resolves.toEqual({ status: 'OK', price: '1', ts: 5, provider: 'feed' });
  });

  it('imports a .mjs adapter as it is, via createAdapter', async () => {
    const file = join(work, 'plain.mjs');
    writeFileSync(file, 'export function createAdapter() { return { getQuote: async () => ({ status: "UNAVAILABLE", reason: "x" }) }; }\n');
    expect(typeof (await loadAdapter(file)).factory).toBe('function');
  });

  it('names the adapter file in every load error', async () => {
    await expect(loadAdapter(join(work, 'missing.ts'))).rejects.toThrow(/adapter .*missing\.ts: cannot read the adapter module/);
    const noFactory = join(work, 'nofactory.mjs');
    writeFileSync(noFactory, 'export const x = 1;\n');
    await expect(loadAdapter(noFactory)).rejects.toThrow(/adapter .*nofactory\.mjs: no adapter factory exported/);
    const broken = join(work, 'broken.ts');
    writeFileSync(broken, 'export default function ( {\n');
    await expect(loadAdapter(broken, { cacheDir: join(work, 'cache') })).rejects.toThrow(/adapter .*broken\.ts: the adapter does not parse/);
    const throwing = join(work, 'throws-on-import.mjs');
    writeFileSync(throwing, 'throw new Error("boom at import");\n');
    await expect(loadAdapter(throwing)).rejects.toThrow(/adapter .*throws-on-import\.mjs: importing the adapter module failed/);
  });
});
