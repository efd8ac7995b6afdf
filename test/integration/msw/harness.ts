/** Test harness for the MSW mocks and the msw transport, on a virtual clock (no sockets). */
import { setupServer } from 'msw/node';
import type { RunEventBody } from '../../../src/engine/events.js';
import type { ProviderRequest, ProviderResponse } from '../../../src/engine/ports.js';
import { createRng } from '../../../src/engine/rng.js';
import { VirtualScheduler } from '../../../src/engine/scheduler.js';
import { dec } from '../../../src/finance/decimal.js';
import { LiquidityProviderModel } from '../../../src/providers/liquidity-provider.js';
import { PaymentGatewayModel } from '../../../src/providers/payment-gateway.js';
import { PriceFeedModel } from '../../../src/providers/price-feed.js';
import type { Fault, Provider, Scenario } from '../../../src/scenario/model.js';
import type { ProviderModels } from '../../../src/transports/sim-transport.js';
import { MswTransport } from '../../../src/transports/msw-transport.js';
import { H_ATTEMPT, H_REQUEST_ID } from '../../../src/transports/msw-wire.js';
import { createScenarioMocks, type ProviderBackend } from '../../../mocks/index.js';
import { INSTRUMENT, linearMarket, T0, MIN, type CallSpec, type CallResult } from '../../helpers/sim.js';

export { T0, MIN };

const scenario = { market: { instruments: [INSTRUMENT] } } as unknown as Scenario;

function modelsFor(providers: Provider[]): ProviderModels {
  const instruments = new Map([[INSTRUMENT.symbol, INSTRUMENT]]);
  const models: ProviderModels = { priceFeeds: new Map(), liquidityProviders: new Map(), paymentGateways: new Map() };
  for (const p of providers) {
    if (p.role === 'price_feed') models.priceFeeds.set(p.id, new PriceFeedModel(linearMarket, () => 'USD'));
    if (p.role === 'liquidity_provider') models.liquidityProviders.set(p.id, new LiquidityProviderModel(linearMarket, instruments, dec(p.spreadBps), p.fees));
    if (p.role === 'payment_gateway') models.paymentGateways.set(p.id, new PaymentGatewayModel(p.id, p.fees));
  }
  return models;
}

export interface Exchange {
  status: number;
  headers: Headers;
  text: string;
  json: () => any;
  sentAt: number;
  answeredAt: number;
}

/** The mocks behind an MSW server; `fetchAt` sends one request at scenario time `at`. */
export function mockHarness(providers: Provider[], faults: Fault[] = [], seed = 7) {
  const scheduler = new VirtualScheduler(T0);
  const events: RunEventBody[] = [];
  const mocks = createScenarioMocks({ scenario, providers, faults, models: modelsFor(providers), clock: scheduler, rng: createRng(seed).fork('transport'), market: linearMarket, emit: (e) => events.push(e) });
  const server = setupServer(...mocks.handlers);
  mocks.attach(server);
  server.listen({ onUnhandledRequest: 'error' });
  let n = 0;
  /** Send requests (each at its own time) and run the clock; an answer is undefined if the request failed at the network level. */
  const fetchMany = async (specs: { at?: number; url: string; init?: RequestInit; requestId?: string; attempt?: number; abortAfterMs?: number }[]): Promise<(Exchange | { error: unknown; answeredAt: number })[]> => {
    const results: (Exchange | { error: unknown; answeredAt: number } | undefined)[] = specs.map(() => undefined);
    let last = scheduler.now();
    specs.forEach((s, i) => {
      const at = Math.max(s.at ?? T0, scheduler.now());
      last = Math.max(last, at);
      n += 1;
      const id = s.requestId ?? `t${n}`;
      scheduler.spawn(at, async () => {
        const sentAt = scheduler.now();
        const abort = new AbortController();
        if (s.abortAfterMs !== undefined) scheduler.at(sentAt + s.abortAfterMs, () => abort.abort());
        const headers = new Headers(s.init?.headers);
        headers.set(H_REQUEST_ID, id);
        headers.set(H_ATTEMPT, String(s.attempt ?? 1));
        try {
          const res = await fetch(s.url, { ...s.init, headers, signal: abort.signal });
          const text = await res.text();
          results[i] = { status: res.status, headers: res.headers, text, json: () => JSON.parse(text), sentAt, answeredAt: scheduler.now() };
        } catch (error) {
          results[i] = { error, answeredAt: scheduler.now() };
        }
      });
    });
    await scheduler.run(last + 10 * MIN);
    return results.map((r, i) => {
      if (r === undefined) throw new Error(`request ${i} never settled`);
      return r;
    });
  };
  const fetchAt = async (url: string, init?: RequestInit, at = T0): Promise<Exchange> => {
    const [r] = await fetchMany([{ url, ...(init === undefined ? {} : { init }), at }]);
    if (r === undefined || 'error' in r) throw new Error(`network error: ${String(r && 'error' in r ? r.error : '')}`);
    return r;
  };
  return {
    scheduler, events, backend: mocks.backend as ProviderBackend, server, fetchMany, fetchAt,
    executions: () => events.filter((e) => e.type === 'execution'),
    close: () => server.close(),
  };
}

/** Like helpers/sim.ts's transportHarness, with the msw transport (real fetch through the mocks). */
export function mswTransportHarness(providers: Provider[], faults: Fault[] = [], seed = 7) {
  const scheduler = new VirtualScheduler(T0);
  const events: RunEventBody[] = [];
  const transport = new MswTransport({ scenario, providers, faults, models: modelsFor(providers), clock: scheduler, rng: createRng(seed).fork('transport'), market: linearMarket, emit: (e) => events.push(e) });
  let n = 0;
  const callMany = async (specs: CallSpec[]): Promise<CallResult[]> => {
    const results: (CallResult | undefined)[] = specs.map(() => undefined);
    let last = scheduler.now();
    specs.forEach(({ at = T0, ...req }, i) => {
      n += 1;
      last = Math.max(last, at);
      const request: ProviderRequest = { requestId: `r${n}`, attempt: 1, timeoutMs: 2000, idempotent: true, ...req };
      scheduler.spawn(at, async () => {
        const sentAt = scheduler.now();
        const response: ProviderResponse = await transport.call(request);
        results[i] = { response, sentAt, answeredAt: scheduler.now() };
      });
    });
    await scheduler.run(last + 10 * MIN);
    return results.map((r, i) => {
      if (r === undefined) throw new Error(`call ${i} never answered`);
      return r;
    });
  };
  return { transport, scheduler, events, callMany, close: () => transport.close() };
}
