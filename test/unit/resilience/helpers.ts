/** Hand-made transactions and operations for the resilience unit tests. */
import { dec } from '../../../src/finance/decimal.js';
import type { ServiceItem, ServiceOutcome } from '../../../src/finance/evaluate/service-items.js';
import type { OperationModel, OperationTolerancesModel } from '../../../src/scenario/model.js';

/** 2025-04-07T22:00:00Z, a Monday 08:00 in Sydney. */
export const T0 = Date.parse('2025-04-07T22:00:00Z');
export const SEC = 1000;
export const MIN = 60_000;
export const HOUR = 3_600_000;

export function item(id: string, arrivedAt: number, outcome: ServiceOutcome = 'served', opts: { waitMs?: number; customer?: string | null; value?: string; flow?: ServiceItem['flow'] } = {}): ServiceItem {
  return {
    flow: opts.flow ?? 'payments', id, customer: opts.customer === null ? undefined : (opts.customer ?? `C-${id}`), provider: 'gw',
    arrivedAt, answeredAt: arrivedAt + (opts.waitMs ?? SEC), outcome, value: dec(opts.value ?? '100.00'),
  };
}

export function operation(tolerances: OperationTolerancesModel, service: Partial<OperationModel['service']> = {}): OperationModel {
  return {
    id: 'card-payments', title: 'Card payments', providers: ['gw'], flows: ['payments'],
    service: { withinMs: 30 * SEC, windowMs: MIN, disruptedBelowPct: 99, ...service }, tolerances, derived: false,
  };
}

/** n served transactions spread over one minute starting at `from`. */
export function served(prefix: string, from: number, n: number): ServiceItem[] {
  return Array.from({ length: n }, (_, i) => item(`${prefix}${i}`, from + i * Math.floor(MIN / n)));
}
