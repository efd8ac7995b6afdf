/** Shared option parsing with usage errors people can act on. */
import type { RunMode } from '../../engine/plan.js';
import { FaultlineError } from '../../errors.js';

export function parseSeed(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 2 ** 32 - 1) {
    throw new FaultlineError({ code: 'BAD_OPTION', kind: 'usage', title: `--seed ${value} is not a non-negative integer below 2^32`, hint: 'for example --seed 42' });
  }
  return Number(value);
}

export function parseMode(value: string | undefined): RunMode {
  const v = value ?? 'sim';
  if (v === 'sim' || v === 'msw' || v === 'proxy') return v;
  throw new FaultlineError({ code: 'BAD_OPTION', kind: 'usage', title: `--mode ${v} is not one of sim, msw, proxy` });
}
