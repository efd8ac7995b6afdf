/**
 * Errors users can act on (design.md, house style). A FaultlineError carries a stable code,
 * a one-line title, what happened, why, and what to do. Anything that is not a FaultlineError
 * reaching the CLI is a bug in faultline and is reported as such (exit 70).
 */

/** The class of failure, which decides the exit code (see cli/exit-codes.ts). */
export type ErrorKind = 'usage' | 'invalid-input' | 'runtime' | 'threshold' | 'interrupted';

export interface FaultlineErrorDetails {
  /** Stable, greppable identifier, e.g. `SCENARIO_INVALID`, `TOXIPROXY_UNREACHABLE`. */
  code: string;
  kind: ErrorKind;
  /** One line: what went wrong. */
  title: string;
  /** Optional longer explanation: what happened and why. */
  detail?: string;
  /** What the user should do about it. */
  hint?: string;
  /** Individual problems (e.g. every validation issue), each already formatted `file:line:col path: message`. */
  problems?: string[];
  cause?: unknown;
}

export class FaultlineError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly title: string;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  readonly problems: readonly string[];

  constructor(details: FaultlineErrorDetails) {
    super(details.title, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'FaultlineError';
    this.code = details.code;
    this.kind = details.kind;
    this.title = details.title;
    this.detail = details.detail;
    this.hint = details.hint;
    this.problems = details.problems ?? [];
  }
}

export function isFaultlineError(value: unknown): value is FaultlineError {
  return value instanceof FaultlineError;
}
