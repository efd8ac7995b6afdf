/**
 * A liquidity provider (Binance-like spot venue). Fills market orders at its touch (mid ± half its
 * spread, on the instrument's tick), charges a taker fee per fill, and keeps orders by client order
 * id: a second order with an id it has seen is rejected ("Duplicate order sent"), which is what makes
 * client order ids a safe dedup handle.
 */
import { dec, plain, roundToStep, type Dec } from '../finance/decimal.js';
import type { MarketView } from '../engine/ports.js';
import type { FeeModel, Instrument } from '../scenario/model.js';
import type { OrderFillAnswer, OrderStatusAnswer, ProviderRejection } from './answers.js';
import { computeTakerFee } from './fees.js';
import { orderQuantityRejection } from './request-limits.js';

export class LiquidityProviderModel {
  private readonly orders = new Map<string, OrderFillAnswer>();

  constructor(
    private readonly market: MarketView,
    private readonly instruments: ReadonlyMap<string, Instrument>,
    private readonly spreadBps: Dec,
    private readonly fees: FeeModel,
  ) {}

  /** Execute a market order at time `t`. */
  placeOrder(instrument: string, side: 'buy' | 'sell', qty: string, clientOrderId: string, t: number): OrderFillAnswer | ProviderRejection {
    // As the venue checks: the request's parameters first (symbol, quantity and its filters), then
    // the matching engine (a client order id already in use).
    const spec = this.instruments.get(instrument);
    if (spec === undefined) return { kind: 'rejection', status: 400, code: '-1121', message: 'Invalid symbol.' };
    const refused = orderQuantityRejection(qty, spec);
    if (refused !== undefined) return refused;
    if (this.orders.has(clientOrderId)) {
      return { kind: 'rejection', status: 400, code: '-2010', message: 'Duplicate order sent.' };
    }
    const mid = this.market.midAt(instrument, t);
    const half = mid.times(this.spreadBps).div(20_000);
    const tick = dec(spec.tickSize);
    const raw = side === 'buy' ? mid.plus(half) : mid.minus(half);
    const price = roundToStep(raw, tick, side === 'buy' ? 'ceil' : 'floor');
    const notional = price.times(dec(qty));
    const fee = computeTakerFee(notional, this.fees, spec.quote);
    const fill: OrderFillAnswer = {
      kind: 'order', clientOrderId, status: 'FILLED', instrument, side, qty, price: plain(price), fee: plain(fee), feeCcy: spec.quote, executedAt: t,
    };
    this.orders.set(clientOrderId, fill);
    return fill;
  }

  orderStatus(clientOrderId: string): OrderStatusAnswer {
    const fill = this.orders.get(clientOrderId);
    return fill === undefined ? { kind: 'order_status', found: false } : { kind: 'order_status', found: true, fill };
  }
}
