/**
 * Live drills in tests, on a busy machine (issue 16). A live run's figures mean something only when
 * its clock kept time (engine/keep-time.ts); on a loaded 2-core machine whether it can depends on
 * what else runs, so the tests do what the report tells a drill lead: run at `--speed auto`, and when
 * the report says the timing was unreliable, run again at the speed it says would have held. The
 * tolerances against sim mode then hold the run that kept time, and every run before it is checked
 * to have said so (a failing `live-timing` self-check and a suggested speed).
 */
import { SPEED_LADDER } from '../../src/engine/keep-time.js';

/** Runs before giving up: auto, then at most two slower speeds. */
export const LIVE_ATTEMPTS = 3;

/**
 * How long a test may wait for its live drills: three runs of a cut, down to × 1 on a machine that
 * keeps no faster speed (a 7-minute cut is 14 wall minutes at × 1). Only a hung run reaches it.
 */
export const LIVE_RUN_TIMEOUT_MS = 45 * 60_000;

/** What a run said about its clock (from the evaluation, or summary.json's `timing` block). */
export interface TimingVerdict {
  speed: number;
  kept: boolean;
  /** The speed the report says would have held (absent when it kept time, or when none would). */
  wouldHold?: number;
}

/** The next speed to try after a run at `speed` that did not keep time: what the report named, and always slower. */
export function slowerSpeed(t: TimingVerdict): number {
  const below = [...SPEED_LADDER].reverse().find((s) => s < t.speed) ?? SPEED_LADDER[0]!;
  return Math.min(t.wouldHold ?? SPEED_LADDER[0]!, below);
}

export interface LiveAttempt<T> {
  speed: number | 'auto';
  result: T;
  timing: TimingVerdict | undefined;
}

/**
 * Runs `attempt` at `--speed auto`, then again at the speed the report names until a run keeps time
 * (at most LIVE_ATTEMPTS runs). Returns every attempt; the last is the one to compare.
 */
export async function runUntilTimeKept<T>(attempt: (speed: number | 'auto') => Promise<T>, timingOf: (result: T) => TimingVerdict | undefined): Promise<LiveAttempt<T>[]> {
  const attempts: LiveAttempt<T>[] = [];
  let speed: number | 'auto' = 'auto';
  for (let i = 0; i < LIVE_ATTEMPTS; i += 1) {
    const result = await attempt(speed);
    const timing = timingOf(result);
    attempts.push({ speed, result, timing });
    if (timing === undefined || timing.kept || timing.speed <= SPEED_LADDER[0]!) break;
    speed = slowerSpeed(timing);
  }
  // One line per live drill in the test output: what a failure (or a slow run) was up against.
  console.log(`live clock: ${describeAttempts(attempts)}`);
  return attempts;
}

/** A message for a test that needs the last attempt to have kept time. */
export function describeAttempts<T>(attempts: readonly LiveAttempt<T>[]): string {
  return attempts.map((a, i) => `run ${i + 1} at ${a.speed === 'auto' ? `auto (× ${a.timing?.speed ?? '?'})` : `× ${a.speed}`}: ${a.timing === undefined ? 'no timing' : a.timing.kept ? 'kept time' : `timing unreliable${a.timing.wouldHold === undefined ? '' : `, × ${a.timing.wouldHold} would have held`}`}`).join('; ');
}

/** The last attempt kept time; every earlier one said it did not and named a slower speed (the helper then ran it). */
export function timeWasKept<T>(attempts: readonly LiveAttempt<T>[]): { ok: boolean; why: string } {
  const last = attempts.at(-1);
  const why = describeAttempts(attempts);
  if (last?.timing === undefined || !last.timing.kept) return { ok: false, why: `no run kept time: ${why}` };
  for (const a of attempts.slice(0, -1)) if (a.timing === undefined || a.timing.kept) return { ok: false, why: `a run before the last kept time: ${why}` };
  return { ok: true, why };
}

/** The timing verdict of an in-process run. */
export function timingOfRun(r: { evaluation: { liveTiming?: { speed: number; kept: boolean; wouldHold?: number } } }): TimingVerdict | undefined {
  const t = r.evaluation.liveTiming;
  return t === undefined ? undefined : { speed: t.speed, kept: t.kept, ...(t.wouldHold === undefined ? {} : { wouldHold: t.wouldHold }) };
}

/** The timing verdict a run folder's summary.json states (a run of the CLI). */
export function timingOfSummary(summary: { timing?: { speed: number; reliable: boolean; wouldHoldSpeed: number | null } }): TimingVerdict | undefined {
  const t = summary.timing;
  return t === undefined ? undefined : { speed: t.speed, kept: t.reliable, ...(t.wouldHoldSpeed === null ? {} : { wouldHold: t.wouldHoldSpeed }) };
}
