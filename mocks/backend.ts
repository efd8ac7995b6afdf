/**
 * The provider backend behind the MSW handlers: the same provider models, fault registry, rate
 * limits, latency draws and seeded rolls as sim mode (src/transports/sim-transport.ts), with the
 * wire format left to each archetype's handlers.
 *
 * A call is *admitted* when its request reaches the mock (the `request:start` lifecycle event,
 * which MSW emits synchronously inside `fetch()`, or the resolver as a fallback). Admission makes
 * every decision sim mode makes at the same instant and registers the same scheduler timers in the
 * same order: execution halfway through the round trip, the answer after the drawn latency. So a
 * scenario means the same thing in both modes, call by call.
 */
import type { AttemptOutcome, Operation, RunEventBody } from '../src/engine/events.js';
import { activeFaults, decideFault, type FaultEffect, type FaultState } from '../src/faults/registry.js';
import type { ProviderRequestBody } from '../src/providers/answers.js';
import { executeProviderRequest, type ExecuteContext, type Execution } from '../src/providers/execute-request.js';
import { sampleLatency } from '../src/providers/latency.js';
import { RateLimitWindows } from '../src/providers/rate-limit.js';
import type { Provider, Scenario } from '../src/scenario/model.js';
import type { SimTransportOptions } from '../src/transports/sim-transport.js';

/** What sim mode's transport gets, plus the scenario (instruments, archetypes). */
export type BackendOptions = SimTransportOptions & { scenario: Scenario };

const CONNECT_REFUSED_MS = 1;

export type { Execution };

/** What the mock does with an admitted call before any archetype renders it. */
export type Verdict =
  | { kind: 'refuse' }
  | { kind: 'reject'; status: number; retryAfterMs?: number; code?: string; message?: string; rateLimited: boolean; /** the provider's own baseline error rate, not a fault */ base?: boolean }
  | { kind: 'execute' };

export interface AdmittedCall {
  key: string;
  provider: Provider;
  op: Operation;
  requestId: string;
  attempt: number;
  t0: number;
  latency: number;
  effect?: FaultEffect;
  faultId?: string;
  verdict: Verdict;
  /** Set by the resolver once the request body is parsed (needed at execution time). */
  body?: ProviderRequestBody;
  /** The request path, for archetypes whose answer shape depends on the API version. */
  path?: string;
  /** Wire options an archetype noted while parsing (e.g. Binance's `newOrderRespType`). */
  wireOptions?: Record<string, string>;
  executed?: Execution;
  /** Resolves when the answer is due at the client (never for a response lost as a timeout). */
  ready: Promise<void>;
  /** Scenario time the answer is due at the client; undefined when it never comes. */
  dueAt?: number;
  /** Resolves when the mock can render the answer: at once, or after the execution for executed calls. */
  answerable: Promise<void>;
  /** Resolves when the transport is done with the call (it read the answer or timed out). */
  released?: Promise<void>;
  release?: () => void;
}

export const callKey = (requestId: string, attempt: number): string => `${requestId}#${attempt}`;

export class ProviderBackend {
  readonly providers: Map<string, Provider>;
  private readonly faultState = new Map<string, FaultState>();
  private readonly rateWindows = new RateLimitWindows();
  private readonly calls = new Map<string, AdmittedCall>();
  private readonly occurrences = new Map<string, number>();
  /** Per-fault hit counts by outcome (proof that faults hit), filled in by `record`. */
  readonly hits = new Map<string, Map<AttemptOutcome, number>>();
  private anonymous = 0;

  constructor(readonly options: BackendOptions) {
    this.providers = new Map(options.providers.map((p) => [p.id, p]));
  }

  get clock(): BackendOptions['clock'] {
    return this.options.clock;
  }

  /** The admitted call for (request id, attempt), if any. */
  lookup(requestId: string, attempt: number): AdmittedCall | undefined {
    return this.calls.get(callKey(requestId, attempt));
  }

  /** Forget a finished call (the transport reads it once, then drops it). */
  forget(call: AdmittedCall): void {
    this.calls.delete(call.key);
    call.release?.();
  }

  /** A promise that resolves when the transport forgets the call (a held answer that never comes ends then). */
  releasedOf(call: AdmittedCall): Promise<void> {
    if (call.released === undefined) call.released = new Promise<void>((resolve) => (call.release = resolve));
    return call.released;
  }

  private readonly stamps = new Map<string, number>();

  /** The scenario time `id` was first stamped (creation times that replays must repeat). */
  stamp(id: string): number {
    let t = this.stamps.get(id);
    if (t === undefined) {
      t = this.options.clock.now();
      this.stamps.set(id, t);
    }
    return t;
  }

  /** A request without correlation headers (curl, a foreign client) gets its own id. */
  anonymousId(): string {
    this.anonymous += 1;
    return `anon:${this.anonymous}`;
  }

  /** Admit a call: every decision sim mode makes when a call starts, timers included. */
  admit(providerId: string, op: Operation, requestId: string, attempt: number): AdmittedCall {
    const existing = this.lookup(requestId, attempt);
    if (existing !== undefined) return existing;
    const provider = this.providers.get(providerId);
    if (provider === undefined) throw new Error(`unknown provider ${providerId}`);
    const { clock, rng } = this.options;
    const t0 = clock.now();
    const callRng = rng.fork(`${requestId}:${attempt}`);
    const latencyRng = callRng.fork('latency');
    let latency = sampleLatency(provider.latency, latencyRng.normal(), latencyRng.next());

    let effect: FaultEffect | undefined;
    let faultId: string | undefined;
    for (const fault of activeFaults(this.options.faults, provider.id, t0)) {
      const roll = callRng.fork(`fault:${fault.id}`);
      if (!roll.chance(fault.probability)) continue;
      const state = this.stateOf(fault.id);
      const e = decideFault(fault, { t: t0, provider: provider.id, role: provider.role, op, requestId, attempt }, state, roll.next());
      if (e === undefined) continue;
      state.hits += 1;
      faultId ??= fault.id;
      if (e.type === 'delay') {
        latency += e.ms;
        continue;
      }
      effect = e;
      faultId = fault.id;
      break;
    }

    let verdict: Verdict;
    // A refused connection never reaches the provider, so it does not count against its rate limit.
    const limited = effect?.type === 'refuse' ? undefined : this.rateWindows.admit(provider, t0);
    if (effect?.type === 'refuse') verdict = { kind: 'refuse' };
    else if (limited !== undefined) verdict = { kind: 'reject', status: 429, retryAfterMs: limited, rateLimited: true };
    else if (effect?.type === 'error') {
      verdict = { kind: 'reject', status: effect.status, rateLimited: effect.status === 429 || effect.status === 418, ...(effect.retryAfterMs === undefined ? {} : { retryAfterMs: effect.retryAfterMs }) };
    } else if (effect?.type === 'drift' && effect.mode === 'removed_endpoint') {
      verdict = { kind: 'reject', status: 410, code: 'endpoint_removed', message: `${effect.apiVersion}: endpoint removed`, rateLimited: false };
    } else if (effect === undefined && provider.errorRate > 0 && callRng.fork('base-error').chance(provider.errorRate)) {
      verdict = { kind: 'reject', status: 503, rateLimited: false, base: true };
    } else verdict = { kind: 'execute' };

    const call: AdmittedCall = {
      key: callKey(requestId, attempt), provider, op, requestId, attempt, t0, latency, verdict, ready: Promise.resolve(), answerable: Promise.resolve(),
      ...(effect === undefined ? {} : { effect }),
      ...(faultId === undefined ? {} : { faultId }),
    };
    const dueAfter = (ms: number): Promise<void> => {
      call.dueAt = t0 + ms;
      return clock.sleep(ms);
    };
    if (verdict.kind === 'refuse') {
      call.latency = CONNECT_REFUSED_MS;
      call.ready = dueAfter(CONNECT_REFUSED_MS);
    } else if (verdict.kind === 'reject') {
      call.ready = dueAfter(latency);
    } else {
      // The request reaches the provider and executes halfway through the round trip.
      const execAt = t0 + Math.floor(latency / 2);
      call.answerable = new Promise((resolve) => clock.at(execAt, () => {
        call.executed = this.execute(call, execAt);
        resolve();
      }));
      call.ready = effect?.type === 'lose_response' && effect.as === 'timeout' ? new Promise<void>(() => {}) : dueAfter(latency);
    }
    this.calls.set(call.key, call);
    return call;
  }

  /** The execution of an admitted call (run at its execution time, or on demand). */
  executionOf(call: AdmittedCall): Execution {
    call.executed ??= this.execute(call, this.options.clock.now());
    return call.executed;
  }

  /**
   * Classify the attempt as sim mode does, from what the client observed and what the mock knows
   * (e.g. a timed-out write that executed is `lost`), and count the fault hit.
   */
  outcomeOf(call: AdmittedCall | undefined, observed: 'ok' | 'http' | 'timeout' | 'connect' | 'reset' | 'malformed', status?: number): AttemptOutcome {
    const writes = call?.op === 'place_order' || call?.op === 'create_payment';
    let outcome: AttemptOutcome;
    switch (observed) {
      case 'ok':
        outcome = 'ok';
        break;
      case 'timeout':
        outcome = call?.verdict.kind === 'execute' && (writes || call.effect?.type === 'lose_response') ? 'lost' : 'timeout';
        break;
      case 'connect':
        outcome = 'refused';
        break;
      case 'reset':
        outcome = call?.verdict.kind === 'execute' ? 'lost' : 'refused';
        break;
      case 'malformed':
        outcome = writes ? 'lost' : 'invalid';
        break;
      case 'http':
        if (call?.verdict.kind === 'execute' && call.effect?.type === 'lose_response') outcome = 'lost';
        else if (call?.verdict.kind === 'reject') outcome = call.verdict.rateLimited ? 'rate_limited' : 'http_error';
        else outcome = status === 429 || status === 418 ? 'rate_limited' : 'http_error';
        break;
    }
    const faultId = this.faultIdOf(call);
    if (faultId !== undefined) {
      let byOutcome = this.hits.get(faultId);
      if (byOutcome === undefined) {
        byOutcome = new Map();
        this.hits.set(faultId, byOutcome);
      }
      byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
    }
    return outcome;
  }

  /** The fault to credit the attempt to (sim mode credits none for the provider's own 503s). */
  faultIdOf(call: AdmittedCall | undefined): string | undefined {
    if (call === undefined || (call.verdict.kind === 'reject' && call.verdict.base === true)) return undefined;
    return call.faultId;
  }

  /** Ground-truth description of a corrupted or drifted answer (same text as sim mode). */
  describeMalformed(call: AdmittedCall | undefined): string | undefined {
    const e = call?.effect;
    if (e?.type === 'corrupt') return `corrupt payload (${e.mode})`;
    if (e?.type === 'drift' && e.mode === 'rename_fields') return `${e.apiVersion} response: expected fields missing (renamed)`;
    return undefined;
  }

  private stateOf(faultId: string): FaultState {
    let s = this.faultState.get(faultId);
    if (s === undefined) {
      s = { hits: 0 };
      this.faultState.set(faultId, s);
    }
    return s;
  }


  /** Requests counted in the provider's current rate-limit window (for X-MBX-USED-WEIGHT-1M and the like). */
  usedWeight(providerId: string): number {
    return this.rateWindows.used(providerId);
  }

  private nextOccurrence(reference: string): number {
    const n = (this.occurrences.get(reference) ?? 0) + 1;
    this.occurrences.set(reference, n);
    return n;
  }

  private recordExecution(execution: Extract<RunEventBody, { type: 'execution' }>): void {
    this.options.emit(execution);
    this.options.onExecution?.(execution);
  }

  private execute(call: AdmittedCall, t: number): Execution {
    const body = call.body;
    if (body === undefined) return { rejection: { kind: 'rejection', status: 400, code: 'bad_request', message: 'request body not received' } };
    return executeProviderRequest(this.context(), call.provider, body, t, call.effect);
  }

  private executeContext: ExecuteContext | undefined;

  /** Built on first use: field initialisers run before the constructor's parameter properties. */
  private context(): ExecuteContext {
    this.executeContext ??= {
      models: this.options.models,
      market: this.options.market,
      nextOccurrence: (reference) => this.nextOccurrence(reference),
      record: (execution) => this.recordExecution(execution),
    };
    return this.executeContext;
  }
}
