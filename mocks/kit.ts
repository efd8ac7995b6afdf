/**
 * The shared part of every archetype's handlers: admit the call, wait on the scenario clock, apply
 * the fault overlays at the HTTP level, and let the archetype render answers and errors in its own
 * wire format.
 */
import { HttpResponse } from 'msw';
import type { Operation } from '../src/engine/events.js';
import type { ProviderAnswer, ProviderRejection, ProviderRequestBody } from '../src/providers/answers.js';
import { H_ATTEMPT, H_DELIVERY, H_REQUEST_ID, H_RETRY_AFTER_MS, providerOfUrl } from '../src/transports/msw-wire.js';
import type { AdmittedCall, ProviderBackend } from './backend.js';

/** A rendered response before overlays: status, headers and the body text. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How one archetype speaks: which route is which operation, and how answers and errors look. */
export interface ArchetypeWire {
  /** The operation a (method, path) is, for admission; undefined for routes faultline does not model. */
  route(method: string, pathname: string): Operation | undefined;
  /** The semantic request behind a wire request (or a wire-format 4xx when it is unusable). */
  parse(request: Request, op: Operation, ctx: MockContext, call: AdmittedCall): Promise<ProviderRequestBody | WireResponse>;
  /**
   * Render an answer. With `corrupt`, damage the values in place (shifted decimals, another
   * currency) and say so with `corrupted: true`; answers with nothing to damage are truncated.
   */
  answer(answer: ProviderAnswer, call: AdmittedCall, ctx: MockContext, corrupt?: 'decimal_shift' | 'wrong_currency'): WireResponse & { corrupted?: boolean };
  rejection(rejection: ProviderRejection, call: AdmittedCall, ctx: MockContext): WireResponse;
  /** A rate-limit answer (429/418) in the archetype's own words. */
  rateLimited(status: number, retryAfterMs: number | undefined, ctx: MockContext): WireResponse;
  /** The API's own JSON error for a coded 4xx (e.g. 410 endpoint removed). */
  apiError(status: number, code: string, message: string, ctx: MockContext): WireResponse;
  /** A drifted schema: the same answer with renamed fields. */
  renamed(body: string): string;
}

export interface MockContext {
  backend: ProviderBackend;
  providerId: string;
  /** Extra headers on every response (rate-limit usage and the like). */
  commonHeaders?: (ctx: MockContext) => Record<string, string>;
}

export const json = (status: number, body: string, headers: Record<string, string> = {}): WireResponse => ({
  status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body,
});

/** What a load balancer or CDN in front of the API answers when the origin fails (not the API's JSON). */
export function edgeError(status: number): WireResponse {
  const reason: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out' };
  const text = reason[status] ?? 'Error';
  return { status, headers: { 'content-type': 'text/html', server: 'faultline-edge' }, body: `<html><head><title>${status} ${text}</title></head><body><center><h1>${status} ${text}</h1></center></body></html>` };
}

export function retryAfterHeaders(retryAfterMs: number | undefined): Record<string, string> {
  if (retryAfterMs === undefined) return {};
  return { 'retry-after': String(Math.ceil(retryAfterMs / 1000)), [H_RETRY_AFTER_MS]: String(retryAfterMs) };
}

function toResponse(w: WireResponse, extra: Record<string, string> = {}): Response {
  return new HttpResponse(w.body === '' ? null : w.body, { status: w.status, headers: { ...w.headers, ...extra } });
}

/** Correlation ids from faultline's headers (or fresh ones for a foreign client). */
export function correlation(request: Request, backend: ProviderBackend): { requestId: string; attempt: number } {
  const requestId = request.headers.get(H_REQUEST_ID) ?? backend.anonymousId();
  const attempt = Number(request.headers.get(H_ATTEMPT) ?? '1');
  return { requestId, attempt: Number.isFinite(attempt) && attempt > 0 ? attempt : 1 };
}

/** Admit a request at `request:start` time (synchronous inside fetch) if it is one of ours. */
export function admitEarly(request: Request, backends: ReadonlyMap<string, { ctx: MockContext; wire: ArchetypeWire }>): void {
  const providerId = providerOfUrl(request.url);
  if (providerId === undefined) return;
  const entry = backends.get(providerId);
  if (entry === undefined) return;
  const requestId = request.headers.get(H_REQUEST_ID);
  if (requestId === null) return;
  const op = entry.wire.route(request.method, new URL(request.url).pathname);
  if (op === undefined) return;
  const { attempt } = correlation(request, entry.ctx.backend);
  entry.ctx.backend.admit(providerId, op, requestId, attempt);
}

/** A lost connection after the request went through: the body stream dies mid-read (ECONNRESET). */
function resetResponse(): Response {
  const stream = new ReadableStream({
    start(controller) {
      controller.error(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    },
  });
  return new HttpResponse(stream, { status: 200, headers: { 'content-type': 'application/json' } });
}

/** Deterministic non-JSON bytes (the garbage overlay). */
const GARBAGE = '\u0000\u00ff\u00fe<\u0007\u001b[2J\u00c3\u0028\u0000';

/** Serve one request of `op` for the archetype: the whole fault pipeline, on the scenario clock. */
export async function serve(request: Request, op: Operation, ctx: MockContext, wire: ArchetypeWire): Promise<Response> {
  const { backend } = ctx;
  const ids = correlation(request, backend);
  const call = backend.lookup(ids.requestId, ids.attempt) ?? backend.admit(ctx.providerId, op, ids.requestId, ids.attempt);
  call.path = new URL(request.url).pathname;
  const parsed = await wire.parse(request, op, ctx, call);
  if (!('op' in parsed)) return toResponse(parsed);
  call.body = parsed;
  // A client whose own link delivers on the scenario clock (faultline's msw transport) gets the answer
  // as soon as it exists; any other client gets it when it is due.
  const held = request.headers.get(H_DELIVERY) === 'held';
  // A response lost as a timeout never comes: the held request ends (as a network error nobody reads)
  // when the transport has timed out and forgotten the call, so no abort signal is needed per call.
  if (held && call.effect?.type === 'lose_response' && call.effect.as === 'timeout') {
    await backend.releasedOf(call);
    return HttpResponse.error();
  }
  await (held ? call.answerable : call.ready);
  if (request.signal.aborted) return HttpResponse.error();
  const common = ctx.commonHeaders?.(ctx) ?? {};
  const { verdict, effect } = call;
  if (verdict.kind === 'refuse') return HttpResponse.error();
  if (verdict.kind === 'reject') {
    if (verdict.status === 429 || verdict.status === 418) return toResponse(wire.rateLimited(verdict.status, verdict.retryAfterMs, ctx), { ...common, ...retryAfterHeaders(verdict.retryAfterMs) });
    if (verdict.code !== undefined && verdict.message !== undefined) return toResponse(wire.apiError(verdict.status, verdict.code, verdict.message, ctx), common);
    return toResponse(edgeError(verdict.status), retryAfterHeaders(verdict.retryAfterMs));
  }
  if (effect?.type === 'lose_response') {
    if (effect.as === 'reset') return resetResponse();
    return toResponse(edgeError(Number(effect.as)));
  }
  const done = backend.executionOf(call);
  if (done.rejection !== undefined) return toResponse(wire.rejection(done.rejection, call, ctx), common);
  const answer = done.answer!;
  const corruptInPlace = effect?.type === 'corrupt' && answer.kind !== 'price' && (effect.mode === 'decimal_shift' || effect.mode === 'wrong_currency') ? effect.mode : undefined;
  const w = wire.answer(answer, call, ctx, corruptInPlace);
  if (corruptInPlace !== undefined && w.corrupted !== true) return toResponse({ ...w, body: w.body.slice(0, Math.max(1, Math.floor(w.body.length / 2))) }, common);
  if (effect?.type === 'corrupt') {
    if (effect.mode === 'truncated') return toResponse({ ...w, body: w.body.slice(0, Math.max(1, Math.floor(w.body.length / 2))) }, common);
    if (effect.mode === 'garbage') return toResponse({ ...w, body: GARBAGE }, common);
    if (effect.mode === 'empty') return toResponse({ ...w, body: '' }, common);
  }
  if (effect?.type === 'drift' && effect.mode === 'rename_fields') {
    return toResponse({ ...w, body: wire.renamed(w.body) }, { ...common, deprecation: '@1767225600', sunset: 'Thu, 01 Jan 2026 00:00:00 GMT', 'x-api-version': effect.apiVersion });
  }
  return toResponse(w, common);
}

/** Rename keys throughout a JSON text (schema drift), leaving values alone. */
export function renameKeys(body: string, renames: Record<string, string>): string {
  return body.replace(/"([A-Za-z0-9_]+)":/g, (m, key: string) => (renames[key] === undefined ? m : `"${renames[key]}":`));
}
