/**
 * CoinMarketCap-like price API (Pro API): `GET /v2/cryptocurrency/quotes/latest?symbol=BTC&convert=AUD`
 * with `X-CMC_PRO_API_KEY` → `{"status":{…,"error_code":0,…},"data":{"BTC":[{…,"quote":{"AUD":{"price":…,
 * "last_updated":"…Z"}}}]}}`; `GET /v1/key/info` (the probe); errors carry `status.error_code`
 * (1008 = minute rate limit).
 */
import { http, type HttpHandler } from 'msw';
import type { Operation } from '../src/engine/events.js';
import { providerBaseUrl, splitInstrument } from '../src/transports/msw-wire.js';
import type { AdmittedCall } from './backend.js';
import { num, stringifyLossless } from '../src/transports/msw-json.js';
import { json, renameKeys, serve, type ArchetypeWire, type MockContext, type WireResponse } from './kit.js';

const CMC_IDS: Record<string, number> = { BTC: 1, ETH: 1027, SOL: 5426, XRP: 52, USDT: 825, USDC: 3408 };
const NAMES: Record<string, string> = { BTC: 'Bitcoin', ETH: 'Ethereum', SOL: 'Solana', XRP: 'XRP', USDT: 'Tether USDt', USDC: 'USDC' };

function status(ctx: MockContext, errorCode: number, message: string | null, credits: number): Record<string, unknown> {
  return { timestamp: new Date(ctx.backend.clock.now()).toISOString(), error_code: errorCode, error_message: message, elapsed: 1, credit_count: credits, notice: null };
}

function error(ctx: MockContext, httpStatus: number, code: number, message: string): WireResponse {
  return json(httpStatus, JSON.stringify({ status: status(ctx, code, message, 0) }));
}

const versionOf = (call: AdmittedCall): 1 | 2 => (call.path?.startsWith('/v1/') === true ? 1 : 2);

export const coinmarketcapWire: ArchetypeWire = {
  route(method, pathname): Operation | undefined {
    if (method !== 'GET') return undefined;
    if (pathname === '/v2/cryptocurrency/quotes/latest' || pathname === '/v1/cryptocurrency/quotes/latest') return 'get_price';
    if (pathname === '/v1/key/info') return 'probe';
    return undefined;
  },
  async parse(request, op, ctx) {
    if (request.headers.get('x-cmc_pro_api_key') === null) return error(ctx, 401, 1002, 'API key missing.');
    if (op === 'probe') return { op: 'probe' };
    const q = new URL(request.url).searchParams;
    const symbol = q.get('symbol')?.split(',')[0]?.toUpperCase();
    const convert = (q.get('convert') ?? 'USD').split(',')[0]!.toUpperCase();
    if (symbol === undefined) return error(ctx, 400, 400, '"value" must contain at least one of [id, symbol, slug]');
    const instrument = ctx.backend.options.scenario.market.instruments.find((i) => splitInstrument(i.symbol).base === symbol && i.quote === convert)?.symbol;
    if (instrument === undefined) return error(ctx, 400, 400, `Invalid value for "symbol": "${symbol}"`);
    return { op: 'get_price', instrument };
  },
  answer(answer, call, ctx) {
    if (answer.kind === 'probe') {
      return json(200, JSON.stringify({ status: status(ctx, 0, null, 0), data: { plan: { credit_limit_monthly: 10000, rate_limit_minute: 30 }, usage: { current_minute: { requests_made: 1, requests_left: 29 } } } }));
    }
    if (answer.kind !== 'price') return json(200, JSON.stringify({ status: status(ctx, 0, null, 1), data: {} }));
    const { base } = splitInstrument(answer.instrument);
    const updated = new Date(answer.ts).toISOString();
    const entry = {
      id: CMC_IDS[base] ?? 0, name: NAMES[base] ?? base, symbol: base, slug: (NAMES[base] ?? base).toLowerCase(), is_active: 1, last_updated: updated,
      quote: { [answer.currency]: { price: num(answer.price), last_updated: updated } },
    };
    // v2 answers an array per symbol (symbols are not unique); v1 answered one object.
    const body = { status: status(ctx, 0, null, 1), data: { [base]: versionOf(call) === 1 ? entry : [entry] } };
    return json(200, stringifyLossless(body));
  },
  rejection(rejection, _call, ctx) {
    return error(ctx, rejection.status, rejection.status, rejection.message);
  },
  rateLimited(httpStatus, _retry, ctx) {
    return error(ctx, httpStatus, 1008, "You've exceeded your API Key's HTTP request rate limit. Rate limits reset every minute.");
  },
  apiError(httpStatus, _code, message, ctx) {
    return error(ctx, httpStatus, httpStatus, message);
  },
  renamed(body) {
    return renameKeys(body, { quote: 'quotes', price: 'value', last_updated: 'updated_at' });
  },
};

export function coinmarketcapHandlers(ctx: MockContext): HttpHandler[] {
  const base = providerBaseUrl(ctx.providerId);
  return [
    http.get(`${base}/v2/cryptocurrency/quotes/latest`, ({ request }) => serve(request, 'get_price', ctx, coinmarketcapWire)),
    http.get(`${base}/v1/cryptocurrency/quotes/latest`, ({ request }) => serve(request, 'get_price', ctx, coinmarketcapWire)),
    http.get(`${base}/v1/key/info`, ({ request }) => serve(request, 'probe', ctx, coinmarketcapWire)),
  ];
}
