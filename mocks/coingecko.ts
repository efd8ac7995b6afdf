/**
 * CoinGecko-like price API (public v3): `GET /api/v3/simple/price?ids=bitcoin&vs_currencies=aud
 * &include_last_updated_at=true&precision=full` → `{"bitcoin":{"aud":140512.5,"aud_last_updated_at":…}}`,
 * `GET /api/v3/ping`, errors as `{"status":{"error_code":429,"error_message":…}}`.
 */
import { http, type HttpHandler } from 'msw';
import type { Operation } from '../src/engine/events.js';
import { coingeckoId, providerBaseUrl, splitInstrument } from '../src/transports/msw-wire.js';
import { num, parseJsonLossless, stringifyLossless, type JsonValue } from '../src/transports/msw-json.js';
import { json, serve, type ArchetypeWire, type MockContext, type WireResponse } from './kit.js';

/** Reverse lookup of CoinGecko ids among the scenario's instruments. */
function instrumentFor(ctx: MockContext, id: string, vs: string): string | undefined {
  for (const { symbol } of ctx.backend.options.scenario.market.instruments) {
    const { base, quote } = splitInstrument(symbol);
    if (coingeckoId(base) === id && quote.toLowerCase() === vs) return symbol;
  }
  return undefined;
}

function error(status: number, message: string): WireResponse {
  return json(status, JSON.stringify({ status: { error_code: status, error_message: message } }));
}

export const coingeckoWire: ArchetypeWire = {
  route(method, pathname): Operation | undefined {
    if (method !== 'GET') return undefined;
    if (pathname === '/api/v3/simple/price') return 'get_price';
    if (pathname === '/api/v3/ping') return 'probe';
    return undefined;
  },
  async parse(request, op, ctx) {
    if (op === 'probe') return { op: 'probe' };
    const q = new URL(request.url).searchParams;
    const ids = q.get('ids');
    const vs = q.get('vs_currencies');
    if (ids === null || vs === null) return error(400, 'Missing parameter ids or vs_currencies');
    const instrument = instrumentFor(ctx, ids.split(',')[0]!.trim(), vs.split(',')[0]!.trim().toLowerCase());
    if (instrument === undefined) return json(200, '{}'); // CoinGecko answers unknown ids with an empty object
    return { op: 'get_price', instrument };
  },
  answer(answer) {
    if (answer.kind === 'probe') return json(200, JSON.stringify({ gecko_says: '(V3) To the Moon!' }));
    if (answer.kind !== 'price') return json(200, '{}');
    const { base } = splitInstrument(answer.instrument);
    const vs = answer.currency.toLowerCase();
    // Deviation: real CoinGecko sends whole seconds; milliseconds keep sim-mode staleness exact.
    const body = { [coingeckoId(base)]: { [vs]: num(answer.price), [`${vs}_last_updated_at`]: num((answer.ts / 1000).toFixed(3)) } };
    return json(200, stringifyLossless(body), { 'cache-control': 'max-age=30, public' });
  },
  rejection(rejection) {
    return error(rejection.status, rejection.message);
  },
  rateLimited(status) {
    return error(status, "You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe to our API plans for higher rate limits.");
  },
  apiError(status, _code, message) {
    return error(status, message);
  },
  renamed(body) {
    // Drift: `aud` → `price_aud`, `aud_last_updated_at` → `last_updated_aud`.
    const doc = parseJsonLossless(body) as Record<string, Record<string, JsonValue>>;
    const out: Record<string, Record<string, JsonValue>> = {};
    for (const [id, fields] of Object.entries(doc)) {
      out[id] = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.endsWith('_last_updated_at') ? `last_updated_${k.slice(0, -16)}` : `price_${k}`, v]));
    }
    return stringifyLossless(out);
  },
};

export function coingeckoHandlers(ctx: MockContext): HttpHandler[] {
  const base = providerBaseUrl(ctx.providerId);
  return [
    http.get(`${base}/api/v3/simple/price`, ({ request }) => serve(request, 'get_price', ctx, coingeckoWire)),
    http.get(`${base}/api/v3/ping`, ({ request }) => serve(request, 'probe', ctx, coingeckoWire)),
  ];
}
