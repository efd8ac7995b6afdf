/**
 * proxy mode's transport: each ProviderRequest is a real HTTP request over a real socket to the
 * provider's Toxiproxy proxy (`http://127.0.0.1:<proxy port>/…`), which forwards it to that
 * provider's own port of the mocks served over `node:http` (msw-serve.ts). The wire format is the msw
 * clients' (msw-clients.ts); there is no MSW interception on this path.
 *
 * Time is live (scenario time = wall time × speed). The mock delays its answer on its own live
 * clock (no `held` delivery); the transport races the answer against the client's timeout on the
 * replay's clock and aborts the request when the timeout wins. One connection per request
 * (`agent: false`), so Toxiproxy's per-connection toxicity rolls once per request, as sim mode
 * rolls once per (request, attempt).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AttemptOutcome } from '../engine/events.js';
import type { ProviderRequest, ProviderResponse, Transport } from '../engine/ports.js';
import type { Fault, Provider } from '../scenario/model.js';
import type { ProviderBackend } from '../../mocks/index.js';
import { ARCHETYPE_CLIENTS, type ClientMemo } from './msw-clients.js';
import { H_ATTEMPT, H_REQUEST_ID, H_RETRY_AFTER_MS, providerBaseUrl } from './msw-wire.js';
import type { SimTransportOptions } from './sim-transport.js';

/**
 * Credits `via: toxiproxy` faults with the attempts they touched. The mocks never see a toxic, so
 * whoever observed the attempt (this transport, a module adapter's journaled fetch, the mocks'
 * record of a service's request) asks here which toxic fault was active on the provider when the
 * attempt started. A latency toxic is credited for every such attempt (as sim mode credits a
 * delay); an outage or a lost response only when the attempt failed at the network level.
 */
export class ToxicCredit {
  private readonly faults: Fault[];
  readonly hits = new Map<string, Map<AttemptOutcome, number>>();

  constructor(faults: readonly Fault[]) {
    this.faults = faults.filter((f) => f.via === 'toxiproxy');
  }

  /** The active toxic fault of `kind` on `provider` at `t`, if any. */
  active(provider: string, t: number, kind?: Fault['kind']): Fault | undefined {
    return this.faults.find((f) => f.target === provider && f.startMs <= t && t < f.endMs && (kind === undefined || f.kind === kind));
  }

  credit(provider: string, t0: number, outcome: AttemptOutcome): string | undefined {
    const fault = this.faults.find((f) => f.target === provider && f.startMs <= t0 && t0 < f.endMs && (f.kind === 'latency' || outcome === 'refused' || outcome === 'lost' || outcome === 'timeout'));
    if (fault === undefined) return undefined;
    let byOutcome = this.hits.get(fault.id);
    if (byOutcome === undefined) {
      byOutcome = new Map();
      this.hits.set(fault.id, byOutcome);
    }
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
    return fault.id;
  }
}

export interface ProxyTransportOptions {
  providers: readonly Provider[];
  /** The replay's faults (the `via: toxiproxy` ones are credited here; the mocks credit the rest). */
  faults: readonly Fault[];
  clock: SimTransportOptions['clock'];
  emit: SimTransportOptions['emit'];
  /** The mocks' backend (admission record, outcome classification, fault hits of HTTP faults). */
  backend: ProviderBackend;
  /** `host:port` of each provider's proxy (in front of the provider's own mocks port: no path prefix). */
  proxyAddress: ReadonlyMap<string, string>;
  /** Shared with the other observers of the replay (default: its own). */
  toxicCredit?: ToxicCredit;
}

type Exchange =
  | { kind: 'response'; status: number; headers: Headers; text: string }
  | { kind: 'connect'; error: unknown }
  | { kind: 'reset'; error: unknown }
  | { kind: 'timeout' };

/** One HTTP exchange on its own connection; `abort()` destroys the socket. */
function exchange(url: URL, method: string, headers: Record<string, string>, body: string | undefined): { done: Promise<Exchange>; abort: () => void } {
  let abort = (): void => undefined;
  const done = new Promise<Exchange>((resolve) => {
    let gotResponse = false;
    const req = httpRequest(url, { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: false });
    abort = () => req.destroy();
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (gotResponse) return;
      resolve(error.code === 'ECONNREFUSED' ? { kind: 'connect', error } : { kind: 'reset', error });
    });
    req.on('response', (res: IncomingMessage) => {
      gotResponse = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (error) => resolve({ kind: 'reset', error }));
      res.on('aborted', () => resolve({ kind: 'reset', error: new Error('response aborted') }));
      res.on('close', () => {
        if (!res.complete) resolve({ kind: 'reset', error: new Error('connection closed mid-response') });
      });
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve({ kind: 'response', status: res.statusCode ?? 0, headers: h, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.end(body);
  });
  return { done, abort };
}

export class ProxyTransport implements Transport {
  private readonly providers: Map<string, Provider>;
  private readonly memo: ClientMemo = { orders: new Map(), payments: new Map() };
  private readonly toxics: ToxicCredit;
  private readonly inFlight = new Set<() => void>();

  constructor(private readonly options: ProxyTransportOptions) {
    this.providers = new Map(options.providers.map((p) => [p.id, p]));
    this.toxics = options.toxicCredit ?? new ToxicCredit(options.faults);
  }

  /** Per-fault hit counts: HTTP faults from the mocks, `via: toxiproxy` faults from the toxic credit. */
  get hits(): Map<string, Map<AttemptOutcome, number>> {
    const all = new Map(this.options.backend.hits);
    for (const [k, v] of this.toxics.hits) all.set(k, v);
    return all;
  }

  /** Aborts whatever is still in flight (the replay is over). */
  close(): void {
    for (const abort of this.inFlight) abort();
    this.inFlight.clear();
  }

  async call(request: ProviderRequest): Promise<ProviderResponse> {
    const { clock, backend } = this.options;
    const provider = this.providers.get(request.provider);
    if (provider === undefined) throw new Error(`unknown provider ${request.provider}`);
    const address = this.options.proxyAddress.get(provider.id);
    if (address === undefined) throw new Error(`no proxy for provider ${provider.id}`);
    const client = ARCHETYPE_CLIENTS[provider.archetype];
    const t0 = clock.now();
    const wire = client.request(provider.id, request.body, this.memo);
    const base = providerBaseUrl(provider.id);
    if (!wire.url.startsWith(base)) throw new Error(`client URL ${wire.url} is not under ${base}`);
    const url = new URL(`http://${address}${wire.url.slice(base.length)}`);
    const { done, abort } = exchange(url, wire.method, { ...wire.headers, [H_REQUEST_ID]: request.requestId, [H_ATTEMPT]: String(request.attempt) }, wire.body);
    this.inFlight.add(abort);
    const result = await Promise.race([done, clock.sleep(request.timeoutMs).then((): Exchange => ({ kind: 'timeout' }))]);
    this.inFlight.delete(abort);
    if (result.kind === 'timeout') abort();
    const call = backend.lookup(request.requestId, request.attempt);
    if (call !== undefined) backend.forget(call);
    const latencyMs = result.kind === 'timeout' ? request.timeoutMs : clock.now() - t0;

    let response: ProviderResponse;
    let observed: Parameters<ProviderBackend['outcomeOf']>[1];
    let status: number | undefined;
    if (result.kind === 'timeout') {
      response = { ok: false, failure: 'timeout', latencyMs };
      observed = 'timeout';
    } else if (result.kind === 'connect') {
      response = { ok: false, failure: 'connection', phase: 'connect', latencyMs };
      observed = 'connect';
    } else if (result.kind === 'reset') {
      response = { ok: false, failure: 'connection', phase: 'reset', latencyMs };
      observed = 'reset';
    } else if (result.status === 429 || result.status === 418 || result.status >= 500) {
      const retryAfterMs = retryAfter(result.headers);
      status = result.status;
      response = retryAfterMs === undefined ? { ok: false, failure: 'http', status, latencyMs } : { ok: false, failure: 'http', status, retryAfterMs, latencyMs };
      observed = 'http';
    } else {
      const p = client.parse(request.body.op, result.status, result.headers, result.text, request.body, this.memo);
      status = result.status;
      if (p.ok) {
        response = { ok: true, status, answer: p.answer, latencyMs };
        observed = 'ok';
      } else if (p.failure === 'http') {
        response = { ok: false, failure: 'http', status, latencyMs, ...(p.code === undefined ? {} : { code: p.code }), ...(p.message === undefined ? {} : { message: p.message }) };
        observed = 'http';
      } else {
        response = { ok: false, failure: 'malformed', latencyMs, detail: backend.describeMalformed(call) ?? p.detail };
        observed = 'malformed';
      }
    }
    const outcome = backend.outcomeOf(call, observed, status);
    const faultId = backend.faultIdOf(call) ?? this.toxics.credit(provider.id, t0, outcome);
    if (faultId !== undefined) response.faultId = faultId;
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
      ...(faultId === undefined ? {} : { faultId }),
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
