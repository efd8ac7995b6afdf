/**
 * Sim mode's transport: provider models called in process on the virtual clock, no sockets.
 *
 * One call goes through, in order: the provider's rate limit, the scenario's active faults (each
 * with its probability roll), the provider's baseline latency and error rate, the integration's
 * timeout, and finally the provider model (which may execute the request even when the client
 * never hears back: that is how unknown outcomes and duplicates arise).
 *
 * Every random draw is keyed by (request id, attempt), so the faulted run and the baseline see the
 * same latency for the same call.
 */
import type { AttemptOutcome, RunEventBody } from '../engine/events.js';
import type { MarketView, ProviderRequest, ProviderResponse, Rng, Transport } from '../engine/ports.js';
import { decideFault, type FaultEffect, type FaultState } from '../faults/registry.js';
import { executeProviderRequest, type ExecuteContext, type Execution, type ProviderModels } from '../providers/execute-request.js';
import { IdMap } from '../finance/id-map.js';
import { sampleLatency } from '../providers/latency.js';
import { RateLimitWindows } from '../providers/rate-limit.js';

export type { ProviderModels };
import type { Fault, Provider } from '../scenario/model.js';

/** The clock operations the transport needs (VirtualScheduler provides them). */
export interface SimClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** `sync`: see VirtualScheduler.at. */
  at(t: number, fire: () => void, sync?: boolean): void;
}

export interface SimTransportOptions {
  providers: readonly Provider[];
  faults: readonly Fault[];
  models: ProviderModels;
  clock: SimClock;
  rng: Rng;
  /** The true market, to stamp reference mids on execution records. */
  market: MarketView;
  emit: (event: RunEventBody) => void;
  /** Called when a provider executes a write (ground truth for the ledger and the firm's drop copy). */
  onExecution?: (execution: Extract<RunEventBody, { type: 'execution' }>) => void;
}

const CONNECT_REFUSED_MS = 1;
const NO_FAULTS: readonly Fault[] = [];

type AttemptEvent = Extract<RunEventBody, { type: 'attempt' }>;

export class SimTransport implements Transport {
  private readonly providers: Map<string, Provider>;
  private readonly faultState = new Map<string, FaultState>();
  private readonly rateWindows = new RateLimitWindows();
  /** Per-fault hit counts by outcome (proof that faults hit). */
  readonly hits = new Map<string, Map<AttemptOutcome, number>>();

  /** The faults targeting each provider, in scenario order (none: absent). */
  private readonly faultsOf = new Map<string, Fault[]>();

  constructor(private readonly options: SimTransportOptions) {
    this.providers = new Map(options.providers.map((p) => [p.id, p]));
    for (const f of options.faults) {
      const list = this.faultsOf.get(f.target);
      if (list === undefined) this.faultsOf.set(f.target, [f]);
      else list.push(f);
    }
  }

  async call(request: ProviderRequest): Promise<ProviderResponse> {
    const { clock, rng } = this.options;
    const provider = this.providers.get(request.provider);
    if (provider === undefined) throw new Error(`unknown provider ${request.provider}`);
    const t0 = clock.now();
    const callRng = rng.fork(request.requestId, request.attempt); // the stream `${requestId}:${attempt}`
    const latencyRng = callRng.fork('latency');
    let latency = sampleLatency(provider.latency, latencyRng.normal(), latencyRng.next());

    // Faults: delays accumulate; the first other effect decides the call.
    let effect: FaultEffect | undefined;
    let faultId: string | undefined;
    // The provider's faults whose window holds t0, in scenario order (activeFaults, without a filter per call).
    const targeting = this.faultsOf.get(provider.id) ?? NO_FAULTS;
    for (let k = 0; k < targeting.length; k++) {
      const fault = targeting[k]!;
      if (!(fault.startMs <= t0 && t0 < fault.endMs)) continue;
      const roll = callRng.fork(this.faultKey(fault.id));
      if (!roll.chance(fault.probability)) continue;
      const state = this.stateOf(fault.id);
      const e = decideFault(fault, { t: t0, provider: provider.id, role: provider.role, op: request.body.op, requestId: request.requestId, attempt: request.attempt }, state, roll.next());
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

    // A refused connection never reaches the provider, so it does not count against its rate limit.
    if (effect?.type === 'refuse') {
      await clock.sleep(CONNECT_REFUSED_MS);
      return this.finish(request, provider, t0, { ok: false, failure: 'connection', phase: 'connect', latencyMs: CONNECT_REFUSED_MS, faultId }, 'refused');
    }

    // Provider-side rate limit (fixed window), applied before anything executes.
    const limited = this.rateWindows.admit(provider, t0);
    if (limited !== undefined) {
      return this.answerAfter(request, provider, t0, latency, { ok: false, failure: 'http', status: 429, retryAfterMs: limited, latencyMs: 0, faultId }, 'rate_limited');
    }
    if (effect?.type === 'error') {
      const r: ProviderResponse = effect.retryAfterMs === undefined
        ? { ok: false, failure: 'http', status: effect.status, latencyMs: 0, faultId }
        : { ok: false, failure: 'http', status: effect.status, retryAfterMs: effect.retryAfterMs, latencyMs: 0, faultId };
      return this.answerAfter(request, provider, t0, latency, r, effect.status === 429 || effect.status === 418 ? 'rate_limited' : 'http_error');
    }
    if (effect?.type === 'drift' && effect.mode === 'removed_endpoint') {
      return this.answerAfter(request, provider, t0, latency, { ok: false, failure: 'http', status: 410, code: 'endpoint_removed', message: `${effect.apiVersion}: endpoint removed`, latencyMs: 0, faultId }, 'http_error');
    }
    if (effect === undefined && provider.errorRate > 0 && callRng.fork('base-error').chance(provider.errorRate)) {
      return this.answerAfter(request, provider, t0, latency, { ok: false, failure: 'http', status: 503, latencyMs: 0 }, 'http_error');
    }

    // The request reaches the provider and executes halfway through the round trip.
    const execAt = t0 + Math.floor(latency / 2);
    let executed: Execution | undefined;
    // Synchronous (the models, the journal and the drop copy; no promise): the clock may skip a yield.
    clock.at(execAt, () => {
      executed = this.execute(request, provider, execAt, effect);
    }, true);
    const writes = request.body.op === 'place_order' || request.body.op === 'create_payment';

    if (latency > request.timeoutMs) {
      await clock.sleep(request.timeoutMs);
      return this.finish(request, provider, t0, { ok: false, failure: 'timeout', latencyMs: request.timeoutMs, faultId }, writes ? 'lost' : 'timeout');
    }
    if (effect?.type === 'lose_response' && effect.as === 'timeout') {
      await clock.sleep(request.timeoutMs);
      return this.finish(request, provider, t0, { ok: false, failure: 'timeout', latencyMs: request.timeoutMs, faultId }, 'lost');
    }
    await clock.sleep(latency);
    if (effect?.type === 'lose_response') {
      const r: ProviderResponse = effect.as === 'reset'
        ? { ok: false, failure: 'connection', phase: 'reset', latencyMs: latency, faultId }
        : { ok: false, failure: 'http', status: Number(effect.as), latencyMs: latency, faultId };
      return this.finish(request, provider, t0, r, 'lost');
    }
    const done = executed ?? this.execute(request, provider, execAt, effect);
    if (done.rejection !== undefined) {
      return this.finish(request, provider, t0, { ok: false, failure: 'http', status: done.rejection.status, code: done.rejection.code, message: done.rejection.message, latencyMs: latency, faultId }, 'http_error');
    }
    const answer = done.answer!;
    if (effect?.type === 'corrupt' && (effect.mode === 'truncated' || effect.mode === 'garbage' || effect.mode === 'empty' || answer.kind !== 'price')) {
      return this.finish(request, provider, t0, { ok: false, failure: 'malformed', latencyMs: latency, detail: `corrupt payload (${effect.mode})`, faultId }, writes ? 'lost' : 'invalid');
    }
    if (effect?.type === 'drift' && effect.mode === 'rename_fields') {
      return this.finish(request, provider, t0, { ok: false, failure: 'malformed', latencyMs: latency, detail: `${effect.apiVersion} response: expected fields missing (renamed)`, faultId }, writes ? 'lost' : 'invalid');
    }
    return this.finish(request, provider, t0, { ok: true, status: 200, answer, latencyMs: latency, faultId }, 'ok');
  }

  /** Executions so far by reference (workload and order ids: an IdMap, not a hash table). */
  private readonly occurrences = new IdMap<number>();

  private nextOccurrence(reference: string): number {
    const n = (this.occurrences.get(reference) ?? 0) + 1;
    this.occurrences.set(reference, n);
    return n;
  }

  private recordExecution(execution: Extract<RunEventBody, { type: 'execution' }>): void {
    this.options.emit(execution);
    this.options.onExecution?.(execution);
  }

  private readonly faultKeys = new Map<string, string>();

  /** `fault:<id>`, the name of a fault's roll stream under a call's, built once per fault. */
  private faultKey(faultId: string): string {
    let key = this.faultKeys.get(faultId);
    if (key === undefined) {
      key = `fault:${faultId}`;
      this.faultKeys.set(faultId, key);
    }
    return key;
  }

  private stateOf(faultId: string): FaultState {
    let s = this.faultState.get(faultId);
    if (s === undefined) {
      s = { hits: 0 };
      this.faultState.set(faultId, s);
    }
    return s;
  }


  private async answerAfter(request: ProviderRequest, provider: Provider, t0: number, latency: number, response: ProviderResponse, outcome: AttemptOutcome): Promise<ProviderResponse> {
    if (latency > request.timeoutMs) {
      await this.options.clock.sleep(request.timeoutMs);
      return this.finish(request, provider, t0, { ok: false, failure: 'timeout', latencyMs: request.timeoutMs, faultId: response.faultId }, 'timeout');
    }
    await this.options.clock.sleep(latency);
    return this.finish(request, provider, t0, { ...response, latencyMs: latency } as ProviderResponse, outcome);
  }

  private execute(request: ProviderRequest, provider: Provider, t: number, effect: FaultEffect | undefined): Execution {
    return executeProviderRequest(this.context(), provider, request.body, t, effect);
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

  private finish(request: ProviderRequest, provider: Provider, t0: number, response: ProviderResponse, outcome: AttemptOutcome): ProviderResponse {
    const faultId = response.faultId;
    if (faultId !== undefined) {
      let byOutcome = this.hits.get(faultId);
      if (byOutcome === undefined) {
        byOutcome = new Map();
        this.hits.set(faultId, byOutcome);
      }
      byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
    }
    const status = response.ok ? response.status : response.failure === 'http' ? response.status : undefined;
    const detail = response.ok === false && response.failure === 'malformed' ? response.detail : undefined;
    if (faultId === undefined && detail === undefined) {
      // Common cases as one literal each, in journal key order (fields assigned one by one to a
      // smaller literal grew its out-of-object property store twice per attempt).
      const latencyMs = this.options.clock.now() - t0;
      this.options.emit(status === undefined
        ? { type: 'attempt', requestId: request.requestId, attempt: request.attempt, provider: provider.id, role: provider.role, op: request.body.op, outcome, latencyMs, idempotent: request.idempotent }
        : { type: 'attempt', requestId: request.requestId, attempt: request.attempt, provider: provider.id, role: provider.role, op: request.body.op, outcome, status, latencyMs, idempotent: request.idempotent });
      return response;
    }
    // Optional fields are assigned in journal key order instead of spread from temporary objects
    // (one of the hottest allocation sites of a replay).
    const event = { type: 'attempt', requestId: request.requestId, attempt: request.attempt, provider: provider.id, role: provider.role, op: request.body.op, outcome } as AttemptEvent;
    if (status !== undefined) event.status = status;
    event.latencyMs = this.options.clock.now() - t0;
    if (faultId !== undefined) event.faultId = faultId;
    if (detail !== undefined) event.detail = detail;
    event.idempotent = request.idempotent;
    this.options.emit(event);
    return response;
  }
}
