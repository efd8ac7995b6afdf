/** `integration: { type: http }`: what the schema and the cross-field rules accept and reject. */
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../src/scenario/parse-scenario-text.js';
import { problemLines, problemTexts, scenarioText } from './helpers.js';

const http = (body: string): string => scenarioText(`integration:\n  type: http\n${body}`);

describe('integration: { type: http }', () => {
  it('compiles with defaults: free port, GET /health within 15 s, inert reference fields', () => {
    const r = parseScenarioText(http('  command: node router.mjs\n  env: { ROUTER_LPS: "lp" }\n'), 's.yaml');
    expect(r.problems).toEqual([]);
    expect(r.scenario?.integration).toMatchObject({
      type: 'http', command: 'node router.mjs', url: 'http://127.0.0.1:0', env: { ROUTER_LPS: 'lp' },
      ready: { path: '/health', timeoutMs: 15_000 }, timeoutMs: 2000, callTimeoutMs: 60_000, retries: { max: 0 },
    });
  });

  it('takes an argv command, a fixed url, fixed proxy addresses and a ready path', () => {
    const r = parseScenarioText(http('  command: [node, router.mjs]\n  url: http://127.0.0.1:8090\n  ready: { path: /ready, timeout: 5s }\n  proxies: { feed: "127.0.0.1:21001", lp: "127.0.0.1:21002" }\n'), 's.yaml');
    expect(r.problems).toEqual([]);
    expect(r.scenario?.integration).toMatchObject({ command: ['node', 'router.mjs'], url: 'http://127.0.0.1:8090', ready: { path: '/ready', timeoutMs: 5000 }, proxies: { feed: '127.0.0.1:21001', lp: '127.0.0.1:21002' } });
  });

  it('without a command: the running service\'s url and a proxy address for every provider', () => {
    expect(problemTexts(http('  proxies: { feed: "127.0.0.1:21001" }\n')).join('\n')).toMatch(
      /integration\.url: without a command, url must be the address of the running service[\s\S]*integration\.proxies: without a command, every provider needs a fixed proxy address \(missing: `lp`\)/,
    );
    expect(problemLines(http('  url: http://127.0.0.1:8090\n  proxies: { feed: "127.0.0.1:21001", lp: "127.0.0.1:21002" }\n'))).toEqual([]);
  });

  it('rejects remote URLs, unknown or shared proxy addresses, and a zero ready timeout', () => {
    const lines = problemLines(http('  command: x\n  url: http://10.0.0.5:8090\n  ready: { timeout: 0s }\n  proxies: { feed: "127.0.0.1:21001", lp: "127.0.0.1:21001", nope: "127.0.0.1:21003" }\n')).join('\n');
    expect(lines).toContain('integration.url: expected a loopback base URL like "http://127.0.0.1:8090"');
    expect(lines).toContain('integration.proxies.lp: 127.0.0.1:21001 is already the proxy address of feed');
    expect(lines).toContain('integration.proxies.nope: unknown provider "nope"');
    expect(lines).toContain('integration.ready.timeout');
  });
});
