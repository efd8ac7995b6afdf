/**
 * What flows through a drill: client trades and customer payments, generated from the seed or
 * replayed from a file. Quantities and amounts are exact decimal strings, never JS numbers.
 */
import type { DecimalString } from '../scenario/model.js';

export type { DecimalString };

/** A client order against the firm's book. */
export interface TradeItem {
  kind: 'trade';
  /** Stable id: generated `T000001` upward in time order; replayed `RT` + the data row (`RT000017`: docs/scenarios.md). */
  id: string;
  /** Epoch ms (UTC), integer. */
  t: number;
  clientId: string;
  clientName: string;
  tier: string;
  instrument: string;
  side: 'buy' | 'sell';
  /** Base-currency quantity, a positive multiple of the instrument's lot size (generated items). */
  qty: DecimalString;
}

/** A customer payment through a payment gateway. */
export interface PaymentItem {
  kind: 'payment';
  /** Stable id: generated `P000001` upward in time order; replayed `RP` + the data row (`RP000018`). */
  id: string;
  /** Epoch ms (UTC), integer. */
  t: number;
  customerId: string;
  /** Positive, in `currency`, at most the currency's minor units. */
  amount: DecimalString;
  currency: string;
  /** Payer's country, ISO 3166-1 alpha-2 upper case (`AU`). */
  originCountry: string;
  /** Payee's country, ISO 3166-1 alpha-2 upper case. */
  destinationCountry: string;
  /** Derived, never set apart: `crossesBorder(originCountry, destinationCountry)`. */
  international: boolean;
}

/** A payment is international when payer and payee are in different countries (its currency does not matter). */
export function crossesBorder(originCountry: string, destinationCountry: string): boolean {
  return originCountry !== destinationCountry;
}

export type WorkloadItem = TradeItem | PaymentItem;

/** Order of a workload: by time, then id (so `P…` precedes `T…` at the same ms). */
export function compareItems(a: WorkloadItem, b: WorkloadItem): number {
  if (a.t !== b.t) return a.t - b.t;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
