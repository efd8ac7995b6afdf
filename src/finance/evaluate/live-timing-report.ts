/**
 * Whether a live run kept time (engine/keep-time.ts): each live replay's event-loop lag, recorded in
 * its `run.finished.timing`, against the smallest timeout of the drill. A run that did not is marked
 * "timing unreliable" (a failing self-check, and a line under the report's title) with the speed
 * that would have held. Runs on the virtual clock have no timing and no check.
 */
import type { LiveTiming, RunVariant } from '../../engine/events.js';
import { keepsTime, lagBoundMs, speedThatKeepsTime } from '../../engine/keep-time.js';
import type { Scenario } from '../../scenario/model.js';
import type { RunLedger } from './ledger.js';

export interface ReplayTiming {
  variant: RunVariant;
  timing: LiveTiming;
  /** The p99 lag in scenario ms (wall lag × speed). */
  lagP99ScenarioMs: number;
  kept: boolean;
}

export interface LiveTimingReport {
  speed: number;
  /** The smallest timeout the drill's calls run under (integration.timeout), scenario ms. */
  timeoutMs: number;
  /** Scenario ms of p99 lag the rule allows. */
  boundMs: number;
  replays: ReplayTiming[];
  kept: boolean;
  /** Timing unreliable only: the highest speed at which the worst replay's lag would have kept time (undefined: not even the slowest). */
  wouldHold?: number;
}

function timingOf(ledger: RunLedger): LiveTiming | undefined {
  for (const e of ledger.events) if (e.type === 'run.finished') return e.timing;
  return undefined;
}

/** The report for a live run (undefined for a run on the virtual clock). */
export function computeLiveTiming(scenario: Scenario, faulted: RunLedger, baseline: RunLedger): LiveTimingReport | undefined {
  const timeoutMs = scenario.integration.timeoutMs;
  const replays: ReplayTiming[] = [];
  for (const ledger of [faulted, baseline]) {
    const timing = timingOf(ledger);
    if (timing === undefined) continue; // e.g. an interrupted live run's baseline, replayed on the virtual clock
    replays.push({ variant: ledger.variant, timing, lagP99ScenarioMs: Math.round(timing.lagP99Ms * timing.speed * 100) / 100, kept: keepsTime(timing.lagP99Ms, timing.speed, timeoutMs) });
  }
  if (replays.length === 0) return undefined;
  const worst = Math.max(...replays.map((r) => r.timing.lagP99Ms));
  const speed = replays[0]!.timing.speed;
  const kept = replays.every((r) => r.kept);
  // Only for a run that did not keep time: a faster speed than the one that held would add the drill's
  // own work to the lag, which this run did not measure.
  const wouldHold = kept ? undefined : speedThatKeepsTime(worst, timeoutMs);
  return { speed, timeoutMs, boundMs: lagBoundMs(timeoutMs), replays, kept, ...(wouldHold === undefined ? {} : { wouldHold }) };
}

const wallText = (ms: number): string => `${ms.toFixed(2)} ms`;
const scenarioText = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

/** What to do about it, in words (the self-check's detail and the report's warning line). */
export function wouldHoldText(r: LiveTimingReport): string {
  return r.wouldHold === undefined
    ? 'not even --speed 1 would have held: run the drill on a quieter machine'
    : `a speed of ${r.wouldHold} would have held (--speed ${r.wouldHold}, or --speed auto to measure again)`;
}

/** One replay's figures, e.g. `faulted: p99 lag 0.42 ms = 25 ms of scenario time; longest stall 12.30 ms (738 ms); 0 stalls over 33.3 ms`. */
function replayText(r: LiveTimingReport, x: ReplayTiming): string {
  const t = x.timing;
  const budgetWall = r.timeoutMs / r.speed;
  return `${x.variant}: p99 lag ${wallText(t.lagP99Ms)} = ${scenarioText(x.lagP99ScenarioMs)} of scenario time${x.kept ? '' : ' (over)'}; `
    + `longest stall ${wallText(t.lagMaxMs)} (${scenarioText(t.lagMaxMs * r.speed)}); ${t.stallsOverTimeout} stall(s) longer than the timeout ÷ speed (${budgetWall.toFixed(1)} ms)`;
}

/** The `live-timing` self-check's detail. */
export function liveTimingDetail(r: LiveTimingReport): string {
  const head = `live clock × ${r.speed}, smallest timeout ${scenarioText(r.timeoutMs)}: the p99 event-loop lag may be ${scenarioText(r.boundMs)} of scenario time (a quarter of it)`;
  const body = r.replays.map((x) => replayText(r, x)).join('; ');
  return r.kept ? `${head}. ${body}` : `timing unreliable: ${head}. ${body}. Calls may have timed out because the machine was busy, not because of the faults; ${wouldHoldText(r)}`;
}

/** The report's warning under its title when the clock did not keep time (summary.md). */
export function timingUnreliableText(r: LiveTimingReport): string {
  const worst = r.replays.reduce((a, b) => (b.timing.lagP99Ms > a.timing.lagP99Ms ? b : a));
  return `the event loop ran ${wallText(worst.timing.lagP99Ms)} late at the 99th percentile (${worst.variant} replay), `
    + `${scenarioText(worst.lagP99ScenarioMs)} of scenario time at × ${r.speed}, over the ${scenarioText(r.boundMs)} allowed (a quarter of the ${scenarioText(r.timeoutMs)} timeout); `
    + `longest stall ${wallText(Math.max(...r.replays.map((x) => x.timing.lagMaxMs)))}. Calls may have timed out because the machine was busy, not because of the faults, `
    + `so the figures below may not be the integration's. ${wouldHoldText(r).replace(/^./, (c) => c.toUpperCase())}.`;
}
