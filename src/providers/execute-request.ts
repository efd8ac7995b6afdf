/**
 * Executing one request against the provider models: the single place where a request that reached
 * a provider becomes its answer (with the fault's effect on the payload) and, for writes, a ground-
 * truth execution record. The sim transport and the MSW mocks both call it, so one scenario means
 * the same thing in both modes.
 */
import { dec, plain } from '../finance/decimal.js';
import { buildScenarioFxTable } from '../finance/fx.js';
import type { RunEventBody } from '../engine/events.js';
import type { MarketView } from '../engine/ports.js';
import type { FaultEffect } from '../faults/types.js';
import { plainMidAt } from '../market/series.js';
import type { Instrument, Provider, Scenario } from '../scenario/model.js';
import type { ProviderAnswer, ProviderRejection, ProviderRequestBody } from './answers.js';
import { LiquidityProviderModel } from './liquidity-provider.js';
import { PaymentGatewayModel } from './payment-gateway.js';
import { PriceFeedModel } from './price-feed.js';
import { paymentAmountRejection } from './request-limits.js';

/** The models of one replay, by provider id. */
export interface ProviderModels {
  priceFeeds: Map<string, PriceFeedModel>;
  liquidityProviders: Map<string, LiquidityProviderModel>;
  paymentGateways: Map<string, PaymentGatewayModel>;
}

/** The provider models of one replay of a scenario (sim transport and MSW mocks alike). */
export function buildProviderModels(scenario: Scenario, market: MarketView): ProviderModels {
  const instruments = new Map<string, Instrument>(scenario.market.instruments.map((i) => [i.symbol, i]));
  const quoteOf = (symbol: string): string => instruments.get(symbol)?.quote ?? scenario.reporting.currency;
  const fx = buildScenarioFxTable(scenario);
  const models: ProviderModels = { priceFeeds: new Map(), liquidityProviders: new Map(), paymentGateways: new Map() };
  for (const p of scenario.providers) {
    if (p.role === 'price_feed') models.priceFeeds.set(p.id, new PriceFeedModel(market, quoteOf));
    if (p.role === 'liquidity_provider') models.liquidityProviders.set(p.id, new LiquidityProviderModel(market, instruments, dec(p.spreadBps), p.fees));
    if (p.role === 'payment_gateway') models.paymentGateways.set(p.id, new PaymentGatewayModel(p.id, p.fees, fx));
  }
  return models;
}

/** What a provider did with a request: an answer, or a business rejection. */
export interface Execution {
  answer?: ProviderAnswer;
  rejection?: ProviderRejection;
}

export type ExecutionRecord = Extract<RunEventBody, { type: 'execution' }>;

export interface ExecuteContext {
  models: ProviderModels;
  market: MarketView;
  /** Number of the next execution of a reference (1 = first, 2+ = duplicates). */
  nextOccurrence(reference: string): number;
  /** Record a write that executed (journal + the firm's drop copy). */
  record(execution: ExecutionRecord): void;
}

function notA(what: string): Execution {
  return { rejection: { kind: 'rejection', status: 404, code: 'not_found', message: `not a ${what}` } };
}

/** Execute `body` at provider `provider` at scenario time `t`, under the fault effect, if any. */
export function executeProviderRequest(ctx: ExecuteContext, provider: Provider, body: ProviderRequestBody, t: number, effect: FaultEffect | undefined): Execution {
  const { models } = ctx;
  switch (body.op) {
    case 'get_price': {
      const feed = models.priceFeeds.get(provider.id);
      if (feed === undefined) return notA('price feed');
      let answer = feed.quote(body.instrument, effect?.type === 'stale' ? effect.sinceMs : t);
      if (effect?.type === 'stale' && !effect.frozenTimestamps) answer = { ...answer, ts: t };
      if (effect?.type === 'corrupt' && effect.mode === 'decimal_shift') {
        answer = { ...answer, price: plain(dec(answer.price).times(dec('10').pow(effect.shift))) };
      }
      if (effect?.type === 'corrupt' && effect.mode === 'wrong_currency') {
        answer = { ...answer, currency: answer.currency === 'USD' ? 'EUR' : 'USD' };
      }
      return { answer };
    }
    case 'place_order': {
      const lp = models.liquidityProviders.get(provider.id);
      if (lp === undefined) return notA('liquidity provider');
      const r = lp.placeOrder(body.instrument, body.side, body.qty, body.clientOrderId, t);
      if (r.kind === 'rejection') return { rejection: r };
      ctx.record({
        type: 'execution', provider: provider.id, op: 'place_order', reference: body.reference, occurrence: ctx.nextOccurrence(body.reference),
        clientOrderId: body.clientOrderId, instrument: body.instrument, side: body.side, qty: r.qty, price: r.price, refMid: plainMidAt(ctx.market, body.instrument, t),
        ccy: r.feeCcy, fee: r.fee, feeCcy: r.feeCcy, purpose: body.purpose,
      });
      return { answer: r };
    }
    case 'order_status': {
      const lp = models.liquidityProviders.get(provider.id);
      if (lp === undefined) return notA('liquidity provider');
      return { answer: lp.orderStatus(body.clientOrderId) };
    }
    case 'create_payment': {
      const gw = models.paymentGateways.get(provider.id);
      if (gw === undefined) return notA('payment gateway');
      // A zero, negative or out-of-range amount is refused as the real gateway refuses it, charging nobody.
      const refused = paymentAmountRejection(provider.archetype, body.amount, body.currency);
      if (refused !== undefined) return { rejection: refused };
      const answer = gw.createPayment(body.amount, body.currency, body.reference, body.idempotencyKey);
      if (!answer.replayed) {
        // Two literals in journal key order rather than a spread of a temporary object (V8's generic
        // spread path allocates per charge).
        const occurrence = ctx.nextOccurrence(body.reference);
        const record: ExecutionRecord = body.idempotencyKey === undefined
          ? {
            type: 'execution', provider: provider.id, op: 'create_payment', reference: body.reference, occurrence,
            amount: answer.amount, ccy: answer.currency, fee: answer.fee, feeCcy: answer.feeCcy,
          }
          : {
            type: 'execution', provider: provider.id, op: 'create_payment', reference: body.reference, occurrence,
            idempotencyKey: body.idempotencyKey, amount: answer.amount, ccy: answer.currency, fee: answer.fee, feeCcy: answer.feeCcy,
          };
        const conversion = answer.conversion;
        if (conversion !== undefined) {
          record.fxRate = conversion.rate;
          record.fxSource = conversion.source;
          record.fxTs = conversion.ts;
          record.settledAmount = conversion.settledAmount;
        }
        ctx.record(record);
      }
      return { answer };
    }
    case 'payment_status': {
      const gw = models.paymentGateways.get(provider.id);
      if (gw === undefined) return notA('payment gateway');
      return { answer: gw.paymentStatus(body.idempotencyKey) };
    }
    case 'probe':
      return { answer: { kind: 'probe', ok: true } };
  }
}
