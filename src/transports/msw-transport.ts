/**
 * msw mode's transport: each ProviderRequest becomes a real `fetch` to the provider's archetype API
 * (`https://<provider-id>.faultline.test/...`), intercepted in process by MSW with the handlers in
 * mocks/, and the answer is read back the way a real client would (msw-clients.ts).
 *
 * Time stays virtual. MSW emits `request:start` synchronously inside `fetch()`, so the mocks admit
 * each call at the same instant and in the same order as sim mode (rate limit, fault rolls, latency,
 * scheduler timers). The transport is also the simulated network link: it asks for `held` delivery
 * (the mock answers as soon as the answer exists, e.g. right after the execution halfway through the
 * round trip), reads and parses it, and hands it to the caller when it is due on the scenario clock,
 * or times out on a scheduler timer (the late answer is left unread). Each path waits on one scheduler timer,
 * exactly like sim mode's transport, so continuations at the same instant interleave the same way
 * and the journals are identical. Other clients (mocks serve, a firm's own code) get answers that
 * the mock itself delays until they are due.
 */
import { setupServer } from 'msw/node';
import type { AttemptOutcome } from '../engine/events.js';
import type { ProviderRequest, ProviderResponse, Transport } from '../engine/ports.js';
import type { Provider } from '../scenario/model.js';
import { createScenarioMocks, type BackendOptions, type ProviderBackend } from '../../mocks/index.js';
import type { AdmittedCall } from '../../mocks/backend.js';
import { ARCHETYPE_CLIENTS, type ArchetypeClient, type ClientMemo, type Parsed } from './msw-clients.js';
import { H_ATTEMPT, H_DELIVERY, H_REQUEST_ID, H_RETRY_AFTER_MS } from './msw-wire.js';

export type MswTransportOptions = BackendOptions;

interface Link {
  request: ProviderRequest;
  provider: Provider;
  client: ArchetypeClient;
  t0: number;
  call: AdmittedCall | undefined;
  exchange: Promise<Exchange>;
}

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
    // fetch() must be called synchronously here: MSW's request:start admits the call right now.
    // No abort signal: an answer that arrives after the client's timeout is simply not read, and a
    // response lost as a timeout is ended by the mocks when the call is forgotten (settle).
    const fetching = fetch(wire.url, {
      method: wire.method,
      headers: { ...wire.headers, [H_REQUEST_ID]: request.requestId, [H_ATTEMPT]: String(request.attempt), [H_DELIVERY]: 'held' },
      ...(wire.body === undefined ? {} : { body: wire.body }),
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

    // The link: the mock answers as soon as the answer exists; the client sees it when it is due on
    // the scenario clock, or times out first (a tie goes to the answer, as in sim mode). Each path
    // waits on exactly one scheduler timer, with the same async structure as sim mode's transport
    // (whose refusals-with-a-status go through one more async function, `answerAfter`), so
    // continuations at the same instant interleave the same way in both modes.
    const link: Link = { request, provider, client, t0, call, exchange };
    if (call !== undefined && call.verdict.kind === 'reject') return this.answerAfter(link);
    if (call === undefined) {
      // Not admitted by the mocks (no handler for it): whatever comes first.
      return this.settle(link, await Promise.race([exchange, clock.sleep(request.timeoutMs).then((): Exchange => ({ kind: 'timeout' }))]));
    }
    if (call.dueAt === undefined || call.dueAt - t0 > request.timeoutMs) {
      await clock.sleep(request.timeoutMs);
      return this.settle(link, { kind: 'timeout' });
    }
    const result = await exchange;
    const parsed = this.parse(link, result);
    await call.ready;
    return this.settle(link, result, parsed);
  }

  /** The answer of a call the provider refused with a status (429, 503, 410…). */
  private async answerAfter(link: Link): Promise<ProviderResponse> {
    const { call, t0, request } = link;
    if (call!.dueAt! - t0 > request.timeoutMs) {
      await this.options.clock.sleep(request.timeoutMs);
      return this.settle(link, { kind: 'timeout' });
    }
    const result = await link.exchange;
    const parsed = this.parse(link, result);
    await call!.ready;
    return this.settle(link, result, parsed);
  }

  private parse(link: Link, result: Exchange): Parsed | undefined {
    if (result.kind !== 'response' || result.status === 429 || result.status === 418 || result.status >= 500) return undefined;
    return link.client.parse(link.request.body.op, result.status, result.headers, result.text, link.request.body, this.memo);
  }

  /** Turn what came over the wire into the ProviderResponse and the attempt event (synchronous). */
  private settle(link: Link, result: Exchange, parsed?: Parsed): ProviderResponse {
    const { request, provider, client, t0, call } = link;
    const { clock } = this.options;
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
      const p = parsed ?? client.parse(request.body.op, result.status, result.headers, result.text, request.body, this.memo);
      if (p.ok) {
        response = { ok: true, status: result.status, answer: p.answer, latencyMs, ...meta };
        observed = 'ok';
      } else if (p.failure === 'http') {
        response = { ok: false, failure: 'http', status: result.status, latencyMs, ...meta, ...(p.code === undefined ? {} : { code: p.code }), ...(p.message === undefined ? {} : { message: p.message }) };
        observed = 'http';
      } else {
        // The journal carries the mock's ground-truth diagnosis when it has one (same text as sim mode).
        response = { ok: false, failure: 'malformed', latencyMs, detail: this.backend.describeMalformed(call) ?? p.detail, ...meta };
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
