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

/** `--speed N`: scenario time runs N× the wall clock (live modes). */
export function parseSpeed(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new FaultlineError({ code: 'BAD_OPTION', kind: 'usage', title: `--speed ${value} is not a positive number`, hint: 'e.g. --speed 60 runs one scenario minute per wall second' });
  return n;
}

/** `run --speed`: a positive number, or `auto` (the highest speed this machine keeps, engine/keep-time.ts). */
export function parseRunSpeed(value: string | undefined): number | 'auto' | undefined {
  if (value === 'auto') return 'auto';
  try {
    return parseSpeed(value);
  } catch {
    throw new FaultlineError({ code: 'BAD_OPTION', kind: 'usage', title: `--speed ${value} is not a positive number or auto`, hint: 'e.g. --speed 60 runs one scenario minute per wall second; --speed auto picks the highest speed this machine keeps' });
  }
}
