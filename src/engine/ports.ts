/**
 * Ports: the only ways side effects enter the engine (design.md, "Ports and fakes").
 * Pure code receives these; adapters (VirtualClock, LiveClock, transports, file sinks) implement them.
 */
import type { RunEvent } from './events.js';
import type { Dec } from '../finance/decimal.js';
import type { ProviderAnswer, ProviderRequestBody } from '../providers/answers.js';

export type { Rng } from './rng.js';

/** Scenario time. Sim mode uses a virtual clock; live modes map wall time × speed onto it. */
export interface Clock {
  /** Current scenario time, epoch ms (UTC). */
  now(): number;
}

/** Where run events go: journal, dashboard, reporters all consume the same stream. */
export interface EventSink {
  emit(event: RunEvent): void;
}

/** Fan one stream out to many sinks, in order. */
export function fanOut(...sinks: EventSink[]): EventSink {
  return { emit: (e) => { for (const s of sinks) s.emit(e); } };
}

/** A sink that keeps every event in memory (tests, evaluate). */
export function collectingSink(): EventSink & { events: RunEvent[] } {
  const events: RunEvent[] = [];
  return { events, emit: (e) => { events.push(e); } };
}

/** What the engine needs from a market path (implemented by market/'s MarketPath). */
export interface MarketView {
  /** True mid of `symbol` at scenario time `t` (the independent reference tape). */
  midAt(symbol: string, t: number): Dec;
  /** `plain(midAt(symbol, t))` made once per step (a MarketPath has it; other views use `plainMidAt`). */
  midTextAt?(symbol: string, t: number): string;
  closingMid(symbol: string): Dec;
}

/** One call from the integration to a provider. */
export interface ProviderRequest {
  requestId: string;
  attempt: number;
  provider: string;
  body: ProviderRequestBody;
  timeoutMs: number;
  /** Whether this attempt carries an idempotency key or client order id the provider dedups on. */
  idempotent: boolean;
}

/** What the integration sees of one call: exactly what a real HTTP client would see. */
export type ProviderResponse =
  | { ok: true; status: number; answer: ProviderAnswer; latencyMs: number; faultId?: string }
  | { ok: false; failure: 'http'; status: number; retryAfterMs?: number; code?: string; message?: string; latencyMs: number; faultId?: string }
  | { ok: false; failure: 'timeout'; latencyMs: number; faultId?: string }
  | { ok: false; failure: 'connection'; phase: 'connect' | 'reset'; latencyMs: number; faultId?: string }
  | { ok: false; failure: 'malformed'; latencyMs: number; detail: string; faultId?: string };

/**
 * How the integration reaches providers: in process (sim), through MSW (msw), or over sockets
 * through Toxiproxy (proxy). `faultId` on a response is journal metadata, never used for decisions.
 */
export interface Transport {
  call(request: ProviderRequest): Promise<ProviderResponse>;
}
