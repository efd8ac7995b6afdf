/** `faultline mocks serve`: the scenario's mocks over HTTP on 127.0.0.1 (loopback only). */
import { afterEach, expect, test } from 'vitest';
import { planRun } from '../../../src/engine/plan.js';
import { loadScenario } from '../../../src/io/read-scenario.js';
import { serveMocks, type MocksServer } from '../../../src/transports/msw-serve.js';

let server: MocksServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

test('serves every provider by path prefix, in its archetype format, with the faults on the timeline', async () => {
  const scenario = await loadScenario('scenarios/payment-503-storm-idempotent.yaml');
  const plan = planRun(scenario, { version: 'test', contentHash: 'x', mode: 'msw' });
  const executions: string[] = [];
  server = await serveMocks({ plan, port: 0, speed: 1000, onEvent: (e) => executions.push(e.type) });
  expect(Object.keys(server.providerUrls).sort()).toEqual(['paypal', 'stripe']);
  const charge = () => fetch(`${server!.url}/stripe/v1/payment_intents`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'curl-1' },
    body: 'amount=1000&currency=aud&metadata[reference]=curl',
  });
  const first = await charge();
  expect(first.status).toBe(200);
  expect((await first.json()) as unknown).toMatchObject({ object: 'payment_intent', amount: 1000, currency: 'aud', status: 'succeeded' });
  const replay = await charge();
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  expect(executions).toEqual(['execution']);
  const balance = await fetch(`${server.url}/paypal/v1/notifications/webhooks-event-types`, { headers: { authorization: 'Bearer x' } });
  expect(balance.status).toBe(200);
  const unknown = await fetch(`${server.url}/nope/v1/balance`);
  expect(unknown.status).toBe(404);
  expect(server.clock.now()).toBeGreaterThan(scenario.startMs);
});

test('a Host header of <provider>.faultline.test works too', async () => {
  const scenario = await loadScenario('scenarios/price-feed-outage.yaml');
  const plan = planRun(scenario, { version: 'test', contentHash: 'x', mode: 'msw' });
  server = await serveMocks({ plan, port: 0, speed: 1000, baseline: true });
  const feed = scenario.providers.find((p) => p.archetype === 'coingecko')!;
  const { request } = await import('node:http');
  const text = await new Promise<string>((resolve, reject) => {
    request({ host: '127.0.0.1', port: server!.port, path: '/api/v3/ping', headers: { host: `${feed.id}.faultline.test` } }, (res) => {
      let s = '';
      res.on('data', (c: Buffer) => (s += c.toString()));
      res.on('end', () => resolve(s));
    }).on('error', reject).end();
  });
  expect(JSON.parse(text)).toEqual({ gecko_says: '(V3) To the Moon!' });
});
