/**
 * The mocks for a scenario: one backend (the provider models, faults and rate limits of one run)
 * and MSW handlers for each provider on its own base URL, `https://<provider-id>.faultline.test`,
 * in its archetype's wire format.
 *
 *   const mocks = createScenarioMocks(options);
 *   const server = setupServer(...mocks.handlers);
 *   mocks.attach(server);            // admit calls at `request:start`, synchronously inside fetch
 *   server.listen({ onUnhandledRequest: 'error' });
 */
import type { HttpHandler } from 'msw';
import type { Archetype } from '../src/scenario/model.js';
import { ProviderBackend, type BackendOptions } from './backend.js';
import { binanceHandlers, binanceWire } from './binance.js';
import { coingeckoHandlers, coingeckoWire } from './coingecko.js';
import { coinmarketcapHandlers, coinmarketcapWire } from './coinmarketcap.js';
import { admitEarly, type ArchetypeWire, type MockContext } from './kit.js';
import { paypalHandlers, paypalWire } from './paypal.js';
import { stripeHandlers, stripeWire } from './stripe.js';

export interface ArchetypeMock {
  wire: ArchetypeWire;
  handlers: (ctx: MockContext) => HttpHandler[];
}

/** Every built-in archetype. Add your own with `registerArchetype` (see mocks/README.md). */
export const ARCHETYPE_MOCKS: Record<string, ArchetypeMock> = {
  coingecko: { wire: coingeckoWire, handlers: coingeckoHandlers },
  coinmarketcap: { wire: coinmarketcapWire, handlers: coinmarketcapHandlers },
  binance: { wire: binanceWire, handlers: binanceHandlers },
  stripe: { wire: stripeWire, handlers: stripeHandlers },
  paypal: { wire: paypalWire, handlers: paypalHandlers },
} satisfies Record<Archetype, ArchetypeMock>;

/** Register (or replace) the mock of an archetype by name. */
export function registerArchetype(name: string, mock: ArchetypeMock): void {
  ARCHETYPE_MOCKS[name] = mock;
}

/** The part of an MSW server (setupServer or setupWorker) the mocks subscribe to. */
export interface LifecycleSource {
  events: {
    on(event: 'request:start', listener: (args: { request: Request; requestId: string }) => void): void;
    removeListener(event: 'request:start', listener: (args: { request: Request; requestId: string }) => void): void;
  };
}

export interface ScenarioMocks {
  backend: ProviderBackend;
  handlers: HttpHandler[];
  /** Admit calls as they start (exact sim-mode ordering); returns the unsubscribe function. */
  attach(server: LifecycleSource): () => void;
}

export function createScenarioMocks(options: BackendOptions): ScenarioMocks {
  const backend = new ProviderBackend(options);
  const byProvider = new Map<string, { ctx: MockContext; wire: ArchetypeWire }>();
  const handlers: HttpHandler[] = [];
  for (const provider of options.providers) {
    const mock = ARCHETYPE_MOCKS[provider.archetype];
    if (mock === undefined) throw new Error(`no mock for archetype ${provider.archetype} (provider ${provider.id})`);
    const ctx: MockContext = { backend, providerId: provider.id };
    byProvider.set(provider.id, { ctx, wire: mock.wire });
    handlers.push(...mock.handlers(ctx));
  }
  return {
    backend,
    handlers,
    attach(server) {
      const listener = ({ request }: { request: Request }): void => admitEarly(request, byProvider);
      server.events.on('request:start', listener);
      return () => server.events.removeListener('request:start', listener);
    },
  };
}

export { ProviderBackend, type BackendOptions } from './backend.js';
export { serve, edgeError, json, renameKeys, type ArchetypeWire, type MockContext, type WireResponse } from './kit.js';
