/**
 * Generated workloads: trades and payments drawn from the seed alone. Every field has its own
 * named stream (`trades/arrivals`, `trades/side`, …), so changing one distribution (say the buy
 * ratio) leaves every other field of every item where it was, and payments never move trades.
 */
import { FaultlineError } from '../errors.js';
import type { Rng } from '../engine/rng.js';
import { minorUnits } from '../finance/decimal.js';
import type { MarketModel, PaymentWorkloadModel, TradeWorkloadModel, WorkloadModel } from '../scenario/model.js';
import { generateArrivals } from './arrivals.js';
import { createClientPool, createCustomerPool } from './parties.js';
import { createWeightedPicker } from './pick.js';
import { formatSteps, minorUnitStep, toScaledStep, type ScaledStep } from './scaled.js';
import { createCountSampler } from './sizes.js';
import { compareItems, crossesBorder, type PaymentItem, type TradeItem, type WorkloadItem } from './types.js';

/**
 * `T000001`: six digits keep ids sortable as text up to 999,999 items per kind. Replayed items use
 * `RT`/`RP` and their data row (workload/replay.ts), so the two never share an id.
 */
export function formatItemId(prefix: 'T' | 'P' | 'RT' | 'RP', n: number): string {
  return prefix + String(n).padStart(6, '0');
}

/**
 * Generate the workload of `[startMs, endMs)`, sorted by time then id. Streams: `rng.fork('trades')`,
 * `rng.fork('payments')`, `rng.fork('clients')` (tiers) and `rng.fork('faker')` (names and ids).
 * A `replay` section is not read here (see `parseWorkloadFile`).
 */
export function generateWorkload(workload: WorkloadModel, market: MarketModel, startMs: number, endMs: number, rng: Rng, homeCountry = 'AU'): WorkloadItem[] {
  const trades = workload.trades ? generateTrades(workload.trades, market, startMs, endMs, rng) : [];
  const payments = workload.payments ? generatePayments(workload.payments, startMs, endMs, rng, homeCountry) : [];
  return mergeSorted(trades, payments);
}

/** Client trades: Poisson arrivals, instrument by weight, side by buy ratio, qty in whole lots. */
export function generateTrades(model: TradeWorkloadModel, market: MarketModel, startMs: number, endMs: number, rng: Rng): TradeItem[] {
  const stream = rng.fork('trades');
  const times = generateArrivals(model.ratePerMinute, model.profile, startMs, endMs, stream.fork('arrivals'));
  if (times.length === 0) return [];

  const mix = model.instruments.length > 0 ? model.instruments : market.instruments.map((i) => ({ symbol: i.symbol, weight: 1 }));
  const samplers = new Map<string, () => string>();
  const sizeRng = stream.fork('size');
  for (const { symbol } of mix) {
    const instrument = market.instruments.find((i) => i.symbol === symbol);
    if (instrument === undefined) throw unknownInstrument(symbol, market);
    const lot = lotStep(instrument.lotSize);
    // One size stream per instrument: the mix weights then do not reshuffle every size.
    const sample = createCountSampler(model.size, lot, 'truncate', sizeRng.fork(symbol));
    samplers.set(symbol, () => formatSteps(sample(), lot));
  }
  const pickInstrument = createWeightedPicker(mix.map((m) => m.symbol), mix.map((m) => m.weight), stream.fork('instrument'));
  const sideRng = stream.fork('side');
  const clientRng = stream.fork('client');
  const clients = createClientPool(Math.max(1, model.clients.count), model.clients.tiers, rng.fork('clients'), rng.fork('faker').fork('clients'));

  const items: TradeItem[] = new Array<TradeItem>(times.length);
  for (let i = 0; i < times.length; i++) {
    const instrument = pickInstrument();
    const client = clients[clientRng.int(clients.length)] as (typeof clients)[number];
    items[i] = {
      kind: 'trade',
      id: formatItemId('T', i + 1),
      t: times[i] as number,
      clientId: client.id,
      clientName: client.name,
      tier: client.tier,
      instrument,
      side: sideRng.next() < model.buyRatio ? 'buy' : 'sell',
      qty: (samplers.get(instrument) as () => string)(),
    };
  }
  return items;
}

/**
 * Where generated international payers come from: the firm's main card and remittance corridors
 * (an assumption, documented in docs/scenarios.md). The firm's own country is skipped.
 */
export const FOREIGN_COUNTRIES: readonly string[] = ['NZ', 'AU', 'US', 'GB', 'SG', 'CN', 'IN', 'PH', 'JP', 'HK'];

/**
 * Customer payments: Poisson arrivals, amounts rounded half-even to the currency's minor unit. A
 * domestic payment runs from a payer in `homeCountry` (the firm's) to the firm; an international one
 * (drawn with `internationalRatio`) from a payer abroad, whose country comes from its own stream
 * `payments/foreign-country` so that no earlier draw moves.
 */
export function generatePayments(model: PaymentWorkloadModel, startMs: number, endMs: number, rng: Rng, homeCountry = 'AU'): PaymentItem[] {
  const stream = rng.fork('payments');
  const times = generateArrivals(model.ratePerMinute, model.profile, startMs, endMs, stream.fork('arrivals'));
  if (times.length === 0) return [];
  const step: ScaledStep = minorUnitStep(minorUnits(model.currency));
  const sample = createCountSampler(model.amount, step, 'half_even', stream.fork('amount'));
  const internationalRng = stream.fork('international');
  const foreignRng = stream.fork('foreign-country');
  const foreign = FOREIGN_COUNTRIES.filter((c) => c !== homeCountry);
  const customerRng = stream.fork('customer');
  const customers = createCustomerPool(Math.max(1, model.customers), rng.fork('faker').fork('customers'));

  const items: PaymentItem[] = new Array<PaymentItem>(times.length);
  for (let i = 0; i < times.length; i++) {
    const customerId = customers[customerRng.int(customers.length)] as string;
    const amount = formatSteps(sample(), step);
    const international = internationalRng.next() < model.internationalRatio;
    const originCountry = international ? (foreign[foreignRng.int(foreign.length)] as string) : homeCountry;
    items[i] = {
      kind: 'payment',
      id: formatItemId('P', i + 1),
      t: times[i] as number,
      customerId,
      amount,
      currency: model.currency,
      originCountry,
      destinationCountry: homeCountry,
      international: crossesBorder(originCountry, homeCountry),
    };
  }
  return items;
}

/** A lot size of 0 means "any quantity": fall back to 1e-8 so quantities stay finite decimals. */
function lotStep(lotSize: string): ScaledStep {
  return toScaledStep(Number(lotSize) === 0 ? '0.00000001' : lotSize);
}

/** Merge two lists that are each already in time order (ids increase with time within a kind). */
function mergeSorted(a: WorkloadItem[], b: WorkloadItem[]): WorkloadItem[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: WorkloadItem[] = new Array<WorkloadItem>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as WorkloadItem;
    const y = b[j] as WorkloadItem;
    if (compareItems(x, y) <= 0) { out[k++] = x; i++; } else { out[k++] = y; j++; }
  }
  while (i < a.length) out[k++] = a[i++] as WorkloadItem;
  while (j < b.length) out[k++] = b[j++] as WorkloadItem;
  return out;
}

function unknownInstrument(symbol: string, market: MarketModel): FaultlineError {
  return new FaultlineError({
    code: 'WORKLOAD_UNKNOWN_INSTRUMENT',
    kind: 'invalid-input',
    title: `workload.trades.instruments names "${symbol}", which the market does not have`,
    hint: `Use one of: ${market.instruments.map((i) => i.symbol).join(', ')}.`,
  });
}
