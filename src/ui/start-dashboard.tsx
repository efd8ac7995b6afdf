/**
 * Mounts the ink dashboard on stderr for one drill. Events are folded into the state as they
 * arrive (cheap); the screen is redrawn at most every 100 ms by a timer, so a sim-mode drill is not
 * slowed by rendering. `q` (or Ctrl+C) asks the run command to stop the drill: the scheduler stops
 * at its next scenario minute, the report is marked incomplete, and the command exits 130.
 */
import { render, useInput } from 'ink';
import type { ReactElement } from 'react';
import { performance } from 'node:perf_hooks';
import type { RunEvent, RunVariant } from '../engine/events.js';
import type { EventSink } from '../engine/ports.js';
import type { Evaluation } from '../finance/evaluate/evaluate-run.js';
import { oneLine } from '../report/safe-text.js';
import type { Scenario } from '../scenario/model.js';
import { DashboardView } from './components.js';
import { finishDashboard, initialDashboardState, markAborting, reduceDashboard, type DashboardFinal, type DashboardState } from './state.js';

export interface DashboardOptions {
  scenario: Scenario;
  file: string;
  mode: string;
  onAbort: () => void;
  /** Where to draw (default process.stderr). */
  stream?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  color?: boolean;
  /** Redraw interval, ms (default 100). */
  intervalMs?: number;
}

export interface DashboardHandle {
  sink: EventSink;
  onProgress(variant: RunVariant, t: number): void;
  /** Draw the end state (verdicts, report path) and unmount. */
  finish(ev: Evaluation, dir: string): Promise<void>;
  /** Unmount without a summary (the drill failed to run). */
  close(): Promise<void>;
}

function KeyListener({ onAbort }: { onAbort: () => void }): null {
  useInput((input, key) => {
    if (input === 'q' || input === 'Q' || (key.ctrl && input === 'c')) onAbort();
  });
  return null;
}

export function finalFromEvaluation(ev: Evaluation, dir: string): DashboardFinal {
  return {
    verdict: ev.verdict,
    incomplete: ev.incomplete,
    ...(ev.incompleteReason === undefined ? {} : { incompleteReason: oneLine(ev.incompleteReason) }),
    incidentPnl: ev.metrics['pnl.total'] ?? '0',
    thresholds: ev.thresholds.map((t) => ({ name: oneLine(t.name), ok: t.status === 'PASS', detail: oneLine(t.detail) })),
    selfChecks: ev.selfChecks.map((c) => ({ name: oneLine(c.title), ok: c.status === 'PASS', detail: oneLine(c.detail) })),
    reportPath: dir,
  };
}

export async function startDashboard(options: DashboardOptions): Promise<DashboardHandle> {
  const stream = options.stream ?? process.stderr;
  const stdin = options.stdin ?? process.stdin;
  const canAbort = stdin.isTTY === true;
  const color = options.color ?? (process.env.NO_COLOR === undefined || process.env.NO_COLOR === '');
  let state: DashboardState = initialDashboardState({ scenario: options.scenario, file: options.file, mode: options.mode });
  const t0 = performance.now();
  const abort = (): void => {
    if (state.aborting !== undefined) return;
    state = markAborting(state, 'q pressed; stopping at the next scenario minute');
    dirty = true;
    options.onAbort();
  };
  const view = (): ReactElement => (
    <>
      <DashboardView state={state} columns={stream.columns !== undefined && stream.columns > 0 ? Math.max(20, stream.columns) : 80} elapsedMs={performance.now() - t0} color={color} canAbort={canAbort} />
      {canAbort && state.final === undefined ? <KeyListener onAbort={abort} /> : null}
    </>
  );
  const instance = render(view(), { stdout: stream, stdin, exitOnCtrlC: false, patchConsole: false, maxFps: 10 });
  let dirty = false;
  const timer = setInterval(() => {
    if (!dirty) return;
    dirty = false;
    instance.rerender(view());
  }, options.intervalMs ?? 100);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
  };
  return {
    sink: {
      emit(e: RunEvent): void {
        state = reduceDashboard(state, e);
        dirty = true;
      },
    },
    onProgress(): void {
      // The clock comes from the events themselves; nothing to do per minute.
    },
    async finish(ev: Evaluation, dir: string): Promise<void> {
      state = finishDashboard(state, finalFromEvaluation(ev, dir));
      instance.rerender(view());
      await close();
    },
    close,
  };
}
