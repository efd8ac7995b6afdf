/**
 * Binance-like spot API: `GET /api/v3/exchangeInfo` (PRICE_FILTER / LOT_SIZE filters from the
 * scenario's tick and lot sizes), `POST /api/v3/order` (MARKET, `newClientOrderId`,
 * `newOrderRespType=FULL` answer with fills and commissions), `GET /api/v3/order` by
 * `origClientOrderId`, `GET /api/v3/ping`. Errors are `{"code":-2010,"msg":"Duplicate order sent."}`;
 * 429/418 carry `Retry-After`; every answer carries `X-MBX-USED-WEIGHT-1M`.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { Operation } from '../src/engine/events.js';
import type { OrderFillAnswer } from '../src/providers/answers.js';
import { binanceSymbol, H_REQUEST_ID, pad8, providerBaseUrl, shiftDecimal } from '../src/transports/msw-wire.js';
import { dec, plain } from '../src/finance/decimal.js';
import { json, renameKeys, serve, type ArchetypeWire, type MockContext, type WireResponse } from './kit.js';

export const H_REFERENCE = 'x-faultline-reference';
export const H_PURPOSE = 'x-faultline-purpose';

const err = (status: number, code: number, msg: string): WireResponse => json(status, JSON.stringify({ code, msg }));

function instrumentOf(ctx: MockContext, symbol: string): string | undefined {
  return ctx.backend.options.scenario.market.instruments.find((i) => binanceSymbol(i.symbol) === symbol)?.symbol;
}

/** Query string and form body parameters together (Binance accepts either). */
async function params(request: Request): Promise<URLSearchParams> {
  const all = new URLSearchParams(new URL(request.url).search);
  if (request.method !== 'GET') {
    const text = await request.text();
    for (const [k, v] of new URLSearchParams(text)) all.set(k, v);
  }
  return all;
}

const orderIds = new WeakMap<MockContext, Map<string, number>>();
function orderIdOf(ctx: MockContext, clientOrderId: string): number {
  let ids = orderIds.get(ctx);
  if (ids === undefined) {
    ids = new Map();
    orderIds.set(ctx, ids);
  }
  let id = ids.get(clientOrderId);
  if (id === undefined) {
    id = 28_000_000 + ids.size + 1;
    ids.set(clientOrderId, id);
  }
  return id;
}

function orderJson(ctx: MockContext, fill: OrderFillAnswer, corrupt: 'decimal_shift' | 'wrong_currency' | undefined, shift: number, withFills: boolean): Record<string, unknown> {
  const qty = corrupt === 'decimal_shift' ? shiftDecimal(fill.qty, shift) : fill.qty;
  const quoteQty = plain(dec(fill.price).times(dec(fill.qty)));
  const symbol = corrupt === 'wrong_currency' ? `${binanceSymbol(fill.instrument)}X` : binanceSymbol(fill.instrument);
  return {
    symbol, orderId: orderIdOf(ctx, fill.clientOrderId), orderListId: -1, clientOrderId: fill.clientOrderId,
    transactTime: fill.executedAt, price: '0.00000000', origQty: pad8(qty), executedQty: pad8(qty), origQuoteOrderQty: '0.00000000',
    cummulativeQuoteQty: pad8(quoteQty), status: fill.status, timeInForce: 'GTC', type: 'MARKET', side: fill.side.toUpperCase(),
    workingTime: fill.executedAt, selfTradePreventionMode: 'EXPIRE_MAKER',
    ...(withFills ? { fills: [{ price: pad8(fill.price), qty: pad8(qty), commission: pad8(fill.fee), commissionAsset: fill.feeCcy, tradeId: orderIdOf(ctx, fill.clientOrderId) + 5_000_000 }] } : {}),
  };
}

export const binanceWire: ArchetypeWire = {
  route(method, pathname): Operation | undefined {
    if (pathname === '/api/v3/order') return method === 'POST' ? 'place_order' : method === 'GET' ? 'order_status' : undefined;
    if (pathname === '/api/v3/ping' && method === 'GET') return 'probe';
    return undefined;
  },
  async parse(request, op, ctx, call) {
    if (op === 'probe') return { op: 'probe' };
    const p = await params(request);
    const symbol = p.get('symbol');
    // Deviation: real Binance requires `symbol` on GET /api/v3/order too; the mock looks the order up by client id alone.
    if (symbol === null && op === 'order_status' && p.get('origClientOrderId') !== null) return { op: 'order_status', clientOrderId: p.get('origClientOrderId')! };
    if (symbol === null) return err(400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
    const instrument = instrumentOf(ctx, symbol);
    if (instrument === undefined) return err(400, -1121, 'Invalid symbol.');
    if (op === 'order_status') {
      const id = p.get('origClientOrderId');
      if (id === null) return err(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
      return { op: 'order_status', clientOrderId: id };
    }
    const side = p.get('side');
    const quantity = p.get('quantity');
    if (side !== 'BUY' && side !== 'SELL') return err(400, -1102, "Mandatory parameter 'side' was not sent, was empty/null, or malformed.");
    if (p.get('type') !== 'MARKET') return err(400, -1116, 'Invalid orderType.');
    if (quantity === null) return err(400, -1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.");
    const clientOrderId = p.get('newClientOrderId') ?? `x-${request.headers.get(H_REQUEST_ID) ?? 'anon'}`;
    const respType = p.get('newOrderRespType') ?? 'FULL'; // Binance's default for MARKET orders
    if (respType !== 'ACK' && respType !== 'RESULT' && respType !== 'FULL') return err(400, -1130, "Data sent for parameter 'newOrderRespType' is not valid.");
    call.wireOptions = { newOrderRespType: respType };
    // A firm's service sends no faultline headers: its unwinds are known by faultline's order ids
    // (U000001…, the http request contract's clientOrderId), which it passes on as newClientOrderId.
    const tagged = request.headers.get(H_PURPOSE);
    const purpose = tagged === 'unwind' || (tagged === null && /^U\d{6}$/.test(clientOrderId)) ? 'unwind' : 'hedge';
    return { op: 'place_order', instrument, side: side === 'BUY' ? 'buy' : 'sell', qty: quantity, clientOrderId, reference: request.headers.get(H_REFERENCE) ?? clientOrderId, purpose };
  },
  answer(answer, call, ctx, corrupt) {
    const shift = call.effect?.type === 'corrupt' ? call.effect.shift : 0;
    if (answer.kind === 'probe') return json(200, '{}');
    if (answer.kind === 'order') {
      const full = orderJson(ctx, answer, corrupt, shift, true);
      const type = call.wireOptions?.newOrderRespType ?? 'FULL';
      const body = type === 'ACK'
        ? { symbol: full.symbol, orderId: full.orderId, orderListId: -1, clientOrderId: full.clientOrderId, transactTime: full.transactTime }
        : type === 'RESULT' ? { ...full, fills: undefined } : full;
      return { ...json(200, JSON.stringify(body)), corrupted: corrupt !== undefined && type !== 'ACK' };
    }
    if (answer.kind === 'order_status') {
      if (!answer.found || answer.fill === undefined) return err(400, -2013, 'Order does not exist.');
      // Deviation: real GET /api/v3/order has no fills; commissions need GET /api/v3/myTrades.
      return { ...json(200, JSON.stringify({ ...orderJson(ctx, answer.fill, corrupt, shift, true), time: answer.fill.executedAt, updateTime: answer.fill.executedAt, isWorking: false })), corrupted: corrupt !== undefined };
    }
    return err(400, -1000, 'An unknown error occured while processing the request.');
  },
  rejection(rejection) {
    const code = Number(rejection.code);
    return err(rejection.status, Number.isInteger(code) ? code : -1000, rejection.message);
  },
  rateLimited(status) {
    return status === 418
      ? err(418, -1003, 'Way too much request weight used; IP banned until further notice. Please use WebSocket Streams for live updates to avoid bans.')
      : err(429, -1003, 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.');
  },
  apiError(status, _code, message) {
    return err(status, -1, message);
  },
  renamed(body) {
    return renameKeys(body, { executedQty: 'executedQuantity', cummulativeQuoteQty: 'cumulativeQuoteQuantity', origQty: 'origQuantity', fills: 'trades', commission: 'fee', commissionAsset: 'feeAsset', msg: 'message' });
  },
};

export function binanceHandlers(ctx: MockContext): HttpHandler[] {
  const base = providerBaseUrl(ctx.providerId);
  const withWeight: MockContext = { ...ctx, commonHeaders: (c) => ({ 'x-mbx-used-weight': String(c.backend.usedWeight(c.providerId)), 'x-mbx-used-weight-1m': String(c.backend.usedWeight(c.providerId)) }) };
  return [
    http.post(`${base}/api/v3/order`, ({ request }) => serve(request, 'place_order', withWeight, binanceWire)),
    http.get(`${base}/api/v3/order`, ({ request }) => serve(request, 'order_status', withWeight, binanceWire)),
    http.get(`${base}/api/v3/ping`, ({ request }) => serve(request, 'probe', withWeight, binanceWire)),
    // Reference data, outside the drill's timeline (no faults, no latency).
    http.get(`${base}/api/v3/exchangeInfo`, ({ request }) => {
      const wanted = new URL(request.url).searchParams.get('symbol');
      const symbols = ctx.backend.options.scenario.market.instruments
        .filter((i) => wanted === null || binanceSymbol(i.symbol) === wanted)
        .map((i) => ({
          symbol: binanceSymbol(i.symbol), status: 'TRADING', baseAsset: i.base, baseAssetPrecision: 8, quoteAsset: i.quote, quotePrecision: 8, quoteAssetPrecision: 8,
          orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'], isSpotTradingAllowed: true,
          filters: [
            { filterType: 'PRICE_FILTER', minPrice: pad8(i.tickSize), maxPrice: '1000000.00000000', tickSize: pad8(i.tickSize) },
            { filterType: 'LOT_SIZE', minQty: pad8(i.lotSize), maxQty: '9000.00000000', stepSize: pad8(i.lotSize) },
          ],
        }));
      if (wanted !== null && symbols.length === 0) return HttpResponse.json({ code: -1121, msg: 'Invalid symbol.' }, { status: 400 });
      return HttpResponse.json({
        timezone: 'UTC', serverTime: ctx.backend.clock.now(),
        rateLimits: [
          { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
          { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
        ],
        exchangeFilters: [], symbols,
      });
    }),
  ];
}
