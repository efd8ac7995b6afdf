/**
 * When a live clock keeps time: the one rule behind the `live-timing` self-check, the speed a report
 * says would have held, and `--speed auto` (docs/proxy-mode.md, "Live clocks that cannot keep time").
 *
 * On a live clock a call's timeout is `timeout ÷ speed` wall ms. A loop that runs late by L wall ms
 * is late by L × speed ms of scenario time, and a call whose answer needed more than the rest of its
 * timeout is turned into a timeout by the machine, not by the drill. The rule: the replay's 99th
 * percentile of event-loop lag, in scenario time, stays within a quarter of the smallest timeout —
 * a call answered within three quarters of its timeout (every example drill's provider p99 latency
 * is) then survives 99 % of the loop's turns. The longest stalls are reported beside it: one stall
 * longer than the whole timeout can still time out every call in flight.
 */
/** Scenario ms per wall ms when `--speed` is not given (proxy mode): one scenario minute per second. */
export const DEFAULT_PROXY_SPEED = 60;

/** The p99 lag may use this fraction of the smallest timeout (scenario time). */
export const LAG_BOUND_FRACTION = 0.25;

/** Speeds a report suggests and `--speed auto` picks from, slowest first. */
export const SPEED_LADDER: readonly number[] = [1, 2, 3, 5, 10, 15, 20, 30, 45, 60];

/**
 * `--speed auto` never goes above the default: past it the fixed wall costs of each call (a socket
 * round trip through the proxy, ~1–3 ms; MSW's own work, ~1 ms) are themselves a tenth or more of a
 * 2 s timeout, and the drills' tolerances were measured at 60.
 */
export const AUTO_MAX_SPEED = DEFAULT_PROXY_SPEED;

/**
 * The calibration measures 1.5 s of a synthetic load; the drill then runs for minutes on a machine
 * whose load moves. Measured side by side on a loaded 2-core machine (load average 18–23), a drill's
 * p99 lag was 0.2–2.3× the calibration's just before it (median ~0.8): the calibration is a guess, the
 * run's own measure is the verdict. Auto asks the calibrated lag to fit one and a half times over, so
 * that most first guesses hold without making every run slower than it needs to be.
 */
export const AUTO_MARGIN = 1.5;

/** How long `--speed auto` measures the loop before a run (wall ms). */
export const AUTO_CALIBRATION_MS = 1500;

/** Scenario ms of lag the rule allows for a timeout of `timeoutMs`. */
export function lagBoundMs(timeoutMs: number): number {
  return timeoutMs * LAG_BOUND_FRACTION;
}

/** Whether a loop whose p99 lag is `lagP99Ms` (wall) keeps time at `speed` for a timeout of `timeoutMs` (scenario). */
export function keepsTime(lagP99Ms: number, speed: number, timeoutMs: number): boolean {
  return lagP99Ms * speed <= lagBoundMs(timeoutMs);
}

/** The highest speed of the ladder, up to `max`, at which that lag keeps time; undefined when not even the slowest does. */
export function speedThatKeepsTime(lagP99Ms: number, timeoutMs: number, max = AUTO_MAX_SPEED): number | undefined {
  let best: number | undefined;
  for (const speed of SPEED_LADDER) if (speed <= max && keepsTime(lagP99Ms, speed, timeoutMs)) best = speed;
  return best;
}

/** `--speed auto`: the highest speed the calibrated lag keeps with the margin, else the slowest. */
export function autoSpeed(calibratedLagP99Ms: number, timeoutMs: number): number {
  return speedThatKeepsTime(calibratedLagP99Ms * AUTO_MARGIN, timeoutMs) ?? SPEED_LADDER[0]!;
}
