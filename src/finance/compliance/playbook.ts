/**
 * The firm's own crisis-communication playbook, evaluated like regulatory clocks: each step
 * has a deadline relative to detection and a drill response-time assumption (when it is
 * "done"), and becomes a `compliance.csv` row with `kind: 'playbook'`.
 */
import type { ClockSpec } from './types.js';

/** One playbook step. */
export interface PlaybookStep {
  /** Stable id; the row's `obligation_id` is `PLAYBOOK-<ID>` (upper-cased). */
  readonly id: string;
  /** What must happen, for whom. */
  readonly title: string;
  /** Deadline relative to detection: `minutes`, `hours`, `business_days`, `working_days` or `calendar_days`. */
  readonly clock: ClockSpec;
  /** Drill assumption: the step is done this long after detection; `null` = not done in the drill. */
  readonly responseDelayMs: number | null;
  /** Default true. */
  readonly enabled?: boolean;
}

/** The `playbook:` configuration. */
export interface PlaybookConfig {
  /** Default true: evaluate the playbook for every `incident_detected` trigger. */
  readonly enabled?: boolean;
  /** Replace the default steps entirely. */
  readonly steps?: readonly PlaybookStep[];
  /** Adjust individual default (or given) steps by id. */
  readonly overrides?: Readonly<Record<string, Partial<Omit<PlaybookStep, 'id'>>>>;
  /** Calendar for day-based steps; default the AU calendar of the compliance config. */
  readonly calendar?: string;
}

const MIN = 60_000;

/**
 * Default playbook: engineering, legal and compliance notified within 5 minutes; status page
 * within 15; outreach to the top clients by volume within 60; post-incident report within 5
 * business days. The response delays are the drill's stated assumptions, not observations.
 */
export const DEFAULT_PLAYBOOK_STEPS: readonly PlaybookStep[] = [
  { id: 'notify-engineering', title: 'Engineering on-call notified', clock: { basis: 'minutes', minutes: 5 }, responseDelayMs: 2 * MIN },
  { id: 'notify-legal', title: 'Legal notified', clock: { basis: 'minutes', minutes: 5 }, responseDelayMs: 4 * MIN },
  { id: 'notify-compliance', title: 'Compliance notified', clock: { basis: 'minutes', minutes: 5 }, responseDelayMs: 4 * MIN },
  { id: 'status-page', title: 'Public status page updated', clock: { basis: 'minutes', minutes: 15 }, responseDelayMs: 12 * MIN },
  { id: 'top-client-outreach', title: 'Outreach to the top clients by volume (clients.csv ranking)', clock: { basis: 'minutes', minutes: 60 }, responseDelayMs: 45 * MIN },
  { id: 'post-incident-report', title: 'Post-incident report issued', clock: { basis: 'business_days', days: 5 }, responseDelayMs: 4 * 86_400_000 },
];

/** The obligation id of a playbook step. */
export function playbookObligationId(stepId: string): string {
  return `PLAYBOOK-${stepId.toUpperCase()}`;
}

/** The effective, enabled steps after overrides. */
export function resolvePlaybook(config: PlaybookConfig = {}): PlaybookStep[] {
  if (config.enabled === false) return [];
  const base = config.steps ?? DEFAULT_PLAYBOOK_STEPS;
  return base
    .map((s) => ({ ...s, ...(config.overrides?.[s.id] ?? {}) }))
    .filter((s) => s.enabled !== false);
}
