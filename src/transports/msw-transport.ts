/**
 * msw mode's transport: each ProviderRequest becomes a real `fetch` to the provider's archetype API
 * (`https://<provider-id>.faultline.test/...`), intercepted in process by MSW with the handlers in
 * mocks/, and the answer is read back the way a real client would (msw-clients.ts).
 *
 * Time stays virtual: the mocks wait on the scenario scheduler for latency, and the client's
 * timeout is a scheduler timer raced against the fetch (aborted through an AbortController).
 * MSW emits `request:start` synchronously inside `fetch()`, so the mocks admit each call at the
 * same instant and in the same order as sim mode; everything else in a round trip is microtasks,
 * which run before the scheduler advances.
 */
import { setupServer } from 'msw/node';
import type { AttemptOutcome } from '../engine/events.js';
import type { ProviderRequest, ProviderResponse, Transport } from '../engine/ports.js';
import type { Provider } from '../scenario/model.js';
import { createScenarioMocks, type BackendOptions, type ProviderBackend } from '../../mocks/index.js';
import { ARCHETYPE_CLIENTS, type ClientMemo } from './msw-clients.js';
import { H_ATTEMPT, H_REQUEST_ID, H_RETRY_AFTER_MS } from './msw-wire.js';

export type MswTransportOptions = BackendOptions;

type Exchange =
  | { kind: 'response'; status: number; headers: Headers; text: string }
  | { kind: 'connect'; error: unknown }
  | { kind: 'reset'; error: unknown }
  | { kind: 'timeout' };

type SetupServerApi = ReturnType<typeof setupServer>;

/** Only one MSW server may patch the globals at a time in a process. */
let active: SetupServerApi | undefined;

export class MswTransport implements Transport {
  private readonly providers: Map<string, Provider>;
  private readonly server: SetupServerApi;
  private readonly detach: () => void;
  readonly backend: ProviderBackend;
  private readonly memo: ClientMemo = { orders: new Map(), payments: new Map() };

  constructor(private readonly options: MswTransportOptions) {
    this.providers = new Map(options.providers.map((p) => [p.id, p]));
    const mocks = createScenarioMocks(options);
    this.backend = mocks.backend;
    if (active !== undefined) throw new Error('another msw-mode run is active in this process; run drills one at a time');
    this.server = setupServer(...mocks.handlers);
    this.detach = mocks.attach(this.server);
    this.server.listen({ onUnhandledRequest: 'error' });
    active = this.server;
  }

  /** Per-fault hit counts by outcome (proof that faults hit), as in sim mode. */
  get hits(): Map<string, Map<AttemptOutcome, number>> {
    return this.backend.hits;
  }

  close(): void {
    this.detach();
    this.server.close();
    if (active === this.server) active = undefined;
  }

  async call(request: ProviderRequest): Promise<ProviderResponse> {
    const { clock } = this.options;
    const provider = this.providers.get(request.provider);
    if (provider === undefined) throw new Error(`unknown provider ${request.provider}`);
    const client = ARCHETYPE_CLIENTS[provider.archetype];
    const t0 = clock.now();
    const wire = client.request(provider.id, request.body, this.memo);
    const abort = new AbortController();
    // fetch() must be called synchronously here: MSW's request:start admits the call right now.
    const fetching = fetch(wire.url, {
      method: wire.method,
      headers: { ...wire.headers, [H_REQUEST_ID]: request.requestId, [H_ATTEMPT]: String(request.attempt) },
      ...(wire.body === undefined ? {} : { body: wire.body }),
      signal: abort.signal,
    });
    const call = this.backend.lookup(request.requestId, request.attempt);
    const exchange = (async (): Promise<Exchange> => {
      let res: Response;
      try {
        res = await fetching;
      } catch (error) {
        return { kind: 'connect', error };
      }
      try {
        return { kind: 'response', status: res.status, headers: res.headers, text: await res.text() };
      } catch (error) {
        return { kind: 'reset', error };
      }
    })();
    const timeout = clock.sleep(request.timeoutMs).then(async (): Promise<Exchange> => {
      // A tie goes to the answer (as in sim mode): it is already on its way through MSW.
      if (call?.due === true) return exchange;
      return { kind: 'timeout' };
    });
    const result = await Promise.race([exchange, timeout]);
    if (result.kind === 'timeout') abort.abort();
    if (call !== undefined) this.backend.forget(call);
    const latencyMs = clock.now() - t0;
    const faultId = this.backend.faultIdOf(call);
    const meta = faultId === undefined ? {} : { faultId };

    let response: ProviderResponse;
    let observed: Parameters<ProviderBackend['outcomeOf']>[1];
    if (result.kind === 'timeout') {
      response = { ok: false, failure: 'timeout', latencyMs: request.timeoutMs, ...meta };
      observed = 'timeout';
    } else if (result.kind === 'connect') {
      response = { ok: false, failure: 'connection', phase: 'connect', latencyMs, ...meta };
      observed = 'connect';
    } else if (result.kind === 'reset') {
      response = { ok: false, failure: 'connection', phase: 'reset', latencyMs, ...meta };
      observed = 'reset';
    } else if (result.status === 429 || result.status === 418 || result.status >= 500) {
      const retryAfterMs = retryAfter(result.headers);
      response = retryAfterMs === undefined
        ? { ok: false, failure: 'http', status: result.status, latencyMs, ...meta }
        : { ok: false, failure: 'http', status: result.status, retryAfterMs, latencyMs, ...meta };
      observed = 'http';
    } else {
      const parsed = client.parse(request.body.op, result.status, result.headers, result.text, request.body, this.memo);
      if (parsed.ok) {
        response = { ok: true, status: result.status, answer: parsed.answer, latencyMs, ...meta };
        observed = 'ok';
      } else if (parsed.failure === 'http') {
        response = { ok: false, failure: 'http', status: result.status, latencyMs, ...meta, ...(parsed.code === undefined ? {} : { code: parsed.code }), ...(parsed.message === undefined ? {} : { message: parsed.message }) };
        observed = 'http';
      } else {
        // The journal carries the mock's ground-truth diagnosis when it has one (same text as sim mode).
        response = { ok: false, failure: 'malformed', latencyMs, detail: this.backend.describeMalformed(call) ?? parsed.detail, ...meta };
        observed = 'malformed';
      }
    }
    const outcome = this.backend.outcomeOf(call, observed, response.ok ? response.status : response.failure === 'http' ? response.status : undefined);
    const status = response.ok ? response.status : response.failure === 'http' ? response.status : undefined;
    this.options.emit({
      type: 'attempt',
      requestId: request.requestId,
      attempt: request.attempt,
      provider: provider.id,
      role: provider.role,
      op: request.body.op,
      outcome,
      ...(status === undefined ? {} : { status }),
      latencyMs,
      ...meta,
      ...(response.ok === false && response.failure === 'malformed' ? { detail: response.detail } : {}),
      idempotent: request.idempotent,
    });
    return response;
  }
}

/** Retry-After in ms: the precise companion header when present, else whole seconds. */
function retryAfter(headers: Headers): number | undefined {
  const ms = headers.get(H_RETRY_AFTER_MS);
  if (ms !== null && /^\d+$/.test(ms)) return Number(ms);
  const s = headers.get('retry-after');
  if (s !== null && /^\d+$/.test(s)) return Number(s) * 1000;
  return undefined;
}

/** The transport factory `executePlan` takes for `--mode msw`. */
export function createMswTransport(options: MswTransportOptions): MswTransport {
  return new MswTransport(options);
}
