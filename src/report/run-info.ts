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
}
