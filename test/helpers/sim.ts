/**
 * Shared fakes for engine tests: a linear market, hand-built providers and faults, a SimTransport
 * on a VirtualScheduler, and compiled scenarios from YAML text (the real parser fills defaults).
 */
import type { RunEvent, RunEventBody } from '../../src/engine/events.js';
import type { MarketView, ProviderRequest, ProviderResponse } from '../../src/engine/ports.js';
import { createRng } from '../../src/engine/rng.js';
import { VirtualScheduler } from '../../src/engine/scheduler.js';
import { dec, type Dec } from '../../src/finance/decimal.js';
import { LiquidityProviderModel } from '../../src/providers/liquidity-provider.js';
import { PaymentGatewayModel } from '../../src/providers/payment-gateway.js';
import { PriceFeedModel } from '../../src/providers/price-feed.js';
import type { ProviderRequestBody } from '../../src/providers/answers.js';
import { parseScenarioText } from '../../src/scenario/parse-scenario-text.js';
import type { Fault, FeeModel, Instrument, Provider, ProviderRole, Scenario } from '../../src/scenario/model.js';
import { SimTransport, type ProviderModels } from '../../src/transports/sim-transport.js';

/** 2025-01-01T00:00:00Z. */
export const T0 = Date.UTC(2025, 0, 1);
export const SEC = 1000;
export const MIN = 60 * SEC;

/** Mid = 100 + 1 per second since T0: any two instants have different, predictable prices. */
export const linearMarket: MarketView = {
  midAt: (_symbol: string, t: number): Dec => dec('100').plus(dec(String(t - T0)).div(1000)),
  closingMid: (): Dec => dec('100'),
};

export const INSTRUMENT: Instrument = {
  symbol: 'BTC-USD', base: 'BTC', quote: 'USD', mid: '100', volatility: 0, tickSize: '0.01', lotSize: '0.0001', spreadBps: '0',
};

export const FEES: FeeModel = {
  percent: '2', fixed: '0.30', makerBps: '0', takerBps: '10', currency: 'USD', disputeFee: '0', refundable: false, rounding: 'half_even',
};

/** A provider with a fixed latency (so timings are exact) and no base error rate. */
export function provider(id: string, role: ProviderRole, overrides: Partial<Provider> = {}): Provider {
  return {
    id, name: id, role, archetype: role === 'price_feed' ? 'coingecko' : role === 'liquidity_provider' ? 'binance' : 'stripe',
    latency: { distribution: 'fixed', medianMs: 100, p99Ms: 100, minMs: 0, maxMs: 0 },
    errorRate: 0, fees: FEES, spreadBps: '10',
    ...overrides,
  };
}

type FaultSpec = { kind: Fault['kind']; target: string } & Partial<Omit<Fault, 'kind' | 'target'>> & Record<string, unknown>;

/** A fault active from T0 for an hour, probability 1, unless overridden. */
export function fault(spec: FaultSpec): Fault {
  return { id: `${spec.kind}-${spec.target}`, startMs: T0, endMs: T0 + 60 * MIN, probability: 1, via: 'msw', ...spec } as Fault;
}

export type CallSpec = Partial<ProviderRequest> & { provider: string; body: ProviderRequestBody; at?: number };
export interface CallResult {
  response: ProviderResponse;
  sentAt: number;
  answeredAt: number;
}

export interface TransportHarness {
  transport: SimTransport;
  scheduler: VirtualScheduler;
  events: RunEventBody[];
  /** Scenario time of each event in `events`, same index. */
  times: number[];
  models: ProviderModels;
  /** Make one call at scenario time `at` (default T0) and run the clock 10 minutes past it. */
  call(spec: CallSpec): Promise<CallResult>;
  /** Make several calls (each at its own `at`, default T0) on one clock; results in the same order. */
  callMany(specs: CallSpec[]): Promise<CallResult[]>;
  executions(): Extract<RunEventBody, { type: 'execution' }>[];
  attempts(): Extract<RunEventBody, { type: 'attempt' }>[];
}

export function transportHarness(providers: Provider[], faults: Fault[] = [], seed = 7): TransportHarness {
  const scheduler = new VirtualScheduler(T0);
  const events: RunEventBody[] = [];
  const instruments = new Map([[INSTRUMENT.symbol, INSTRUMENT]]);
  const models: ProviderModels = { priceFeeds: new Map(), liquidityProviders: new Map(), paymentGateways: new Map() };
  for (const p of providers) {
    if (p.role === 'price_feed') models.priceFeeds.set(p.id, new PriceFeedModel(linearMarket, () => 'USD'));
    if (p.role === 'liquidity_provider') models.liquidityProviders.set(p.id, new LiquidityProviderModel(linearMarket, instruments, dec(p.spreadBps), p.fees));
    if (p.role === 'payment_gateway') models.paymentGateways.set(p.id, new PaymentGatewayModel(p.id, p.fees));
  }
  const times: number[] = [];
  const emit = (e: RunEventBody): void => {
    events.push(e);
    times.push(scheduler.now());
  };
  const transport = new SimTransport({ providers, faults, models, clock: scheduler, rng: createRng(seed).fork('transport'), market: linearMarket, emit });
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
        const response = await transport.call(request);
        results[i] = { response, sentAt, answeredAt: scheduler.now() };
      });
    });
    await scheduler.run(last + 10 * MIN);
    return results.map((r, i) => {
      if (r === undefined) throw new Error(`call ${i} never answered`);
      return r;
    });
  };
  return {
    transport, scheduler, events, times, models, callMany,
    call: async (spec) => (await callMany([spec]))[0]!,
    executions: () => events.filter((e): e is Extract<RunEventBody, { type: 'execution' }> => e.type === 'execution'),
    attempts: () => events.filter((e): e is Extract<RunEventBody, { type: 'attempt' }> => e.type === 'attempt'),
  };
}

/** Parse + compile a scenario text; throws with every problem when it is invalid. */
export function compileYaml(text: string, fileName = 'test.yaml'): Scenario {
  const parsed = parseScenarioText(text, fileName);
  if (parsed.scenario === undefined) {
    throw new Error(`scenario invalid:\n${parsed.problems.map((p) => `${p.line ?? '?'}:${p.col ?? '?'} ${p.path}: ${p.message}`).join('\n')}`);
  }
  return parsed.scenario;
}

/** The event member(s) whose `type` can be K (alerts share one interface for three types). */
export type EventOf<K extends RunEvent['type']> = RunEvent extends infer E ? (E extends RunEvent ? (K extends E['type'] ? E & { type: K } : never) : never) : never;

export const ofType = <K extends RunEvent['type']>(events: readonly RunEvent[], type: K): EventOf<K>[] =>
  events.filter((e): e is EventOf<K> => e.type === type);

/** Plan and execute a compiled scenario in process (both replays); events split by replay. */
export async function runDrill(scenario: Scenario, seed?: number): Promise<{ faulted: RunEvent[]; baseline: RunEvent[]; all: RunEvent[] }> {
  const { planRun } = await import('../../src/engine/plan.js');
  const { executePlan } = await import('../../src/engine/execute.js');
  const plan = planRun(scenario, { version: 'test', contentHash: 'test', ...(seed === undefined ? {} : { seed }) });
  const all: RunEvent[] = [];
  await executePlan(plan, { sink: { emit: (e) => all.push(e) } });
  return { faulted: all.filter((e) => e.run === 'faulted'), baseline: all.filter((e) => e.run === 'baseline'), all };
}
