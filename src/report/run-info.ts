/** What a report says about the run that produced it (no wall-clock times: those go in manifest.json). */
export const REPORT_FORMAT_VERSION = 1;

export interface RunInfo {
  version: string;
  scenarioFile: string;
  contentHash: string;
  mode: string;
  /** Whether times were virtual (sim) or live × speed. */
  clock: 'virtual' | 'live';
  /** Live clock only: scenario ms per wall ms (`--speed`). */
  speed?: number;
  /** `--speed auto` only: the event-loop lag its calibration measured (p99, wall ms), from which it chose `speed`. */
  autoSpeed?: { calibrationLagP99Ms: number };
}

/** The clock fields of a RunInfo as the journal's header line keeps them (so `faultline report` can say the same). */
export type ClockInfo = Pick<RunInfo, 'clock' | 'speed' | 'autoSpeed'>;

/** The clock of a journal header (docs/journal.md); a header without one (older journals, sim) is the virtual clock. */
export function clockInfoOf(header: { clock?: unknown; speed?: unknown; autoSpeed?: unknown }): ClockInfo {
  if (header.clock !== 'live' || typeof header.speed !== 'number') return { clock: 'virtual' };
  const auto = header.autoSpeed as { calibrationLagP99Ms?: unknown } | undefined;
  return {
    clock: 'live', speed: header.speed,
    ...(typeof auto?.calibrationLagP99Ms === 'number' ? { autoSpeed: { calibrationLagP99Ms: auto.calibrationLagP99Ms } } : {}),
  };
}
