/**
 * Exit codes: the one table (design.md, README "Exit codes"). Only cli/ sets process.exitCode.
 */
import type { ErrorKind } from '../errors.js';

export const ExitCode = {
  /** Every drill ran; every threshold and self-check passed. */
  OK: 0,
  /** A threshold or self-check failed (the drill itself ran). */
  THRESHOLD_FAILED: 1,
  /** Bad command line: unknown option, missing argument, conflicting flags. */
  USAGE: 2,
  /** Invalid scenario or workload file. */
  INVALID_INPUT: 3,
  /** Runtime failure: provider, Toxiproxy, file system, adapter. */
  RUNTIME: 4,
  /** A bug in faultline. */
  INTERNAL: 70,
  /** Interrupted by SIGINT/SIGTERM (after cleanup). */
  INTERRUPTED: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export function exitCodeForKind(kind: ErrorKind): ExitCodeValue {
  switch (kind) {
    case 'usage':
      return ExitCode.USAGE;
    case 'invalid-input':
      return ExitCode.INVALID_INPUT;
    case 'runtime':
      return ExitCode.RUNTIME;
    case 'threshold':
      return ExitCode.THRESHOLD_FAILED;
    case 'interrupted':
      return ExitCode.INTERRUPTED;
  }
}
