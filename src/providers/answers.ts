/**
 * What providers answer, independent of any archetype's wire format (the MSW mocks in mocks/
 * render these as CoinGecko-, Binance-, Stripe-… shaped JSON). Decimal values are strings.
 */
import type { DecimalString } from '../scenario/model.js';

export interface PriceAnswer {
  kind: 'price';
  instrument: string;
  price: DecimalString;
  currency: string;
  /** The provider's own timestamp for the value (epoch ms). */
  ts: number;
}

export interface OrderFillAnswer {
  kind: 'order';
  clientOrderId: string;
  status: 'FILLED';
  instrument: string;
  side: 'buy' | 'sell';
  qty: DecimalString;
  price: DecimalString;
  fee: DecimalString;
  feeCcy: string;
  executedAt: number;
}

export interface OrderStatusAnswer {
  kind: 'order_status';
  found: boolean;
  fill?: OrderFillAnswer;
}

export interface PaymentAnswer {
  kind: 'payment';
  paymentId: string;
  status: 'succeeded';
  amount: DecimalString;
  currency: string;
  fee: DecimalString;
  feeCcy: string;
  /** How the charge was converted into the fee currency, when the two differ (§1.3). */
  conversion?: {
    /** Fee-currency units per charge-currency unit, as applied. */
    rate: DecimalString;
    source: string;
    ts: number;
    /** The charge in the fee currency (what the fee's percentage applies to). */
    settledAmount: DecimalString;
  };
  /** True when this is a replay of an earlier response for the same idempotency key. */
  replayed: boolean;
}

export interface PaymentStatusAnswer {
  kind: 'payment_status';
  found: boolean;
  payment?: PaymentAnswer;
}

export interface ProbeAnswer {
  kind: 'probe';
  ok: true;
}

export type ProviderAnswer = PriceAnswer | OrderFillAnswer | OrderStatusAnswer | PaymentAnswer | PaymentStatusAnswer | ProbeAnswer;

/** Request bodies, by operation. */
export type ProviderRequestBody =
  | { op: 'get_price'; instrument: string }
  | { op: 'place_order'; instrument: string; side: 'buy' | 'sell'; qty: DecimalString; clientOrderId: string; reference: string; purpose: 'hedge' | 'unwind' }
  | { op: 'order_status'; clientOrderId: string }
  | { op: 'create_payment'; amount: DecimalString; currency: string; international: boolean; idempotencyKey?: string; reference: string }
  | { op: 'payment_status'; idempotencyKey: string }
  | { op: 'probe' };

/** A provider answer that the provider refused for business reasons (e.g. duplicate client order id). */
export interface ProviderRejection {
  kind: 'rejection';
  status: number;
  code: string;
  message: string;
  /** The request parameter the rejection is about (Stripe's `param`, PayPal's `details[].field`). */
  param?: string;
}
