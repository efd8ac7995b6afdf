/**
 * The dashboard's components: props only, no state, no effects (the key listener lives in
 * start-dashboard.tsx). Everything degrades on narrow terminals: bars shrink, the timeline and the
 * alert list get shorter, labels are cut rather than wrapped.
 */
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import { amountText, progressFraction, type DashboardState, type Health } from './state.js';

export interface ViewProps {
  state: DashboardState;
  columns: number;
  /** Wall time since the drill started, for the ETA. */
  elapsedMs: number;
  color: boolean;
  /** Whether `q` works (stdin is a terminal). */
  canAbort: boolean;
}

function clock(t: number): string {
  return `${new Date(t).toISOString().slice(11, 19)}Z`;
}

function cut(s: string, width: number): string {
  return s.length <= width ? s : `${s.slice(0, Math.max(0, width - 1))}…`;
}

function C({ color, on, children, bold }: { color?: string; on: boolean; children: string; bold?: boolean }): ReactElement {
  return on && color !== undefined ? <Text color={color} bold={bold === true}>{children}</Text> : <Text bold={on && bold === true}>{children}</Text>;
}

export function bar(fraction: number, width: number): string {
  const w = Math.max(1, width);
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * w);
  return `${'█'.repeat(filled)}${'░'.repeat(w - filled)}`;
}

/** One timeline lane: fault windows ▓, the current time │, elsewhere ·. */
export function laneCells(state: DashboardState, lane: string, width: number): string {
  const span = Math.max(1, state.endMs - state.startMs);
  const w = Math.max(1, width);
  const cursor = state.variant === undefined ? -1 : Math.min(w - 1, Math.floor(((state.now - state.startMs) / span) * w));
  let s = '';
  for (let i = 0; i < w; i++) {
    const a = state.startMs + (i / w) * span;
    const b = state.startMs + ((i + 1) / w) * span;
    const inFault = state.faults.some((f) => f.target === lane && f.startMs < b && f.endMs > a);
    s += i === cursor ? '│' : inFault ? '▓' : '·';
  }
  return s;
}

export function Header({ state, columns, color }: Pick<ViewProps, 'state' | 'columns' | 'color'>): ReactElement {
  return (
    <Box flexDirection="column">
      <Text>
        <C on={color} color="cyan" bold>faultline</C>
        <Text>{cut(` ▶ ${state.scenarioId} · mode ${state.mode} · ${state.file}`, Math.max(10, columns - 10))}</Text>
      </Text>
      {columns >= 50 ? <Text dimColor={color}>{cut(state.title, columns)}</Text> : null}
    </Box>
  );
}

export function Timeline({ state, columns }: Pick<ViewProps, 'state' | 'columns'>): ReactElement {
  const label = Math.min(16, Math.max(...state.lanes.map((l) => l.id.length), 4));
  const width = Math.max(10, Math.min(60, columns - label - 3));
  const start = new Date(state.startMs).toISOString().slice(11, 16);
  const end = new Date(state.endMs).toISOString().slice(11, 16);
  return (
    <Box flexDirection="column">
      {state.lanes.map((l) => (
        <Text key={l.id}>{`${cut(l.id, label).padEnd(label)} ${laneCells(state, l.id, width)}`}</Text>
      ))}
      <Text>{`${''.padEnd(label)} ${start}${end.padStart(Math.max(0, width - start.length))}`}</Text>
    </Box>
  );
}

export function Progress({ state, columns, elapsedMs }: Pick<ViewProps, 'state' | 'columns' | 'elapsedMs'>): ReactElement {
  const f = progressFraction(state);
  const eta = f > 0.02 && f < 1 ? `ETA ${Math.max(0, Math.round((elapsedMs * (1 - f)) / f / 100) / 10).toFixed(1)}s` : f >= 1 ? 'done' : 'ETA …';
  const phase = state.variant === undefined ? 'starting' : `${state.variant} replay ${clock(state.now)}`;
  const width = Math.max(10, Math.min(40, columns - 50));
  return <Text>{cut(`${bar(f, width)} ${String(Math.round(f * 100)).padStart(3)}%  ${phase} · ${state.events.toLocaleString('en-US')} events · ${eta}`, columns)}</Text>;
}

const HEALTH_COLOR: Record<Health, string> = { up: 'green', degraded: 'yellow', down: 'red' };

export function ProviderHealth({ state, color, columns }: Pick<ViewProps, 'state' | 'color' | 'columns'>): ReactElement {
  return (
    <Box flexWrap="wrap" width={columns}>
      <Text>health </Text>
      {state.lanes.map((l) => {
        const h = state.health[l.id] ?? 'up';
        return (
          <Text key={l.id}>
            <C on={color} color={HEALTH_COLOR[h]}>{h === 'up' ? '●' : h === 'degraded' ? '◐' : '○'}</C>
            <Text>{` ${l.id} ${h}  `}</Text>
          </Text>
        );
      })}
    </Box>
  );
}

export function Money({ state, columns, color }: Pick<ViewProps, 'state' | 'columns' | 'color'>): ReactElement {
  const final = state.final;
  const pnl = final === undefined
    ? `≈ running incident cost (faulted replay, approximate): ${amountText(state.runningCost, state.ccy)}`
    : `incident P&L (faulted − baseline, exact): ${amountText(final.incidentPnl, state.ccy)}`;
  const ex = state.exposure;
  let exposure: ReactElement | null = null;
  if (ex !== undefined) {
    const limit = Number(ex.limit);
    const frac = limit > 0 ? Number(ex.current) / limit : 0;
    // The peak so far (state.ts counts an instant once all its events are in) and the state shown now.
    const peak = Number(ex.current) > Number(ex.peak) ? ex.current : ex.peak;
    const over = Number(peak) > limit;
    const width = Math.max(8, Math.min(30, columns - 60));
    exposure = (
      <Text>
        <Text>{'exposure '}</Text>
        <C on={color} color={frac > 1 ? 'red' : frac > 0.8 ? 'yellow' : 'green'}>{bar(frac, width)}</C>
        <Text>{cut(` ${amountText(ex.current, state.ccy)} / limit ${amountText(ex.limit, state.ccy)} · peak ${amountText(peak, state.ccy)}${over ? ' BREACH' : ''}`, Math.max(10, columns - width - 9))}</Text>
      </Text>
    );
  }
  return (
    <Box flexDirection="column">
      <Text>{cut(pnl, columns)}</Text>
      {exposure}
    </Box>
  );
}

export function Alerts({ state, columns, color }: Pick<ViewProps, 'state' | 'columns' | 'color'>): ReactElement | null {
  const rows = columns < 60 ? 3 : 6;
  const shown = state.alerts.slice(-rows);
  if (shown.length === 0) return null;
  return (
    <Box flexDirection="column">
      {shown.map((a, i) => (
        <Text key={`${a.t}-${i}`}>
          <Text dimColor={color}>{clock(a.t)} </Text>
          <C on={color} color={a.severity === 'alert' ? 'red' : undefined}>{cut(a.text, Math.max(10, columns - 11))}</C>
        </Text>
      ))}
    </Box>
  );
}

export function Summary({ state, columns, color }: Pick<ViewProps, 'state' | 'columns' | 'color'>): ReactElement | null {
  const f = state.final;
  if (f === undefined) return null;
  const line = (ok: boolean, text: string, key: string): ReactElement => (
    <Text key={key}>
      <C on={color} color={ok ? 'green' : 'red'}>{ok ? '✓' : '✗'}</C>
      <Text>{cut(` ${text}`, columns - 2)}</Text>
    </Text>
  );
  const passed = f.selfChecks.filter((c) => c.ok).length;
  return (
    <Box flexDirection="column">
      <Text>
        <C on={color} color={f.verdict === 'PASS' ? 'green' : 'red'} bold>{f.verdict}</C>
        <Text>{f.incomplete ? ` · incomplete: ${cut(f.incompleteReason ?? 'stopped early', columns - 20)}` : ''}</Text>
      </Text>
      {f.thresholds.map((t, i) => line(t.ok, t.ok ? t.name : `${t.name}  (${t.detail})`, `t${i}`))}
      {line(passed === f.selfChecks.length, `self-checks ${passed}/${f.selfChecks.length} passed`, 'sc')}
      {f.selfChecks.filter((c) => !c.ok).map((c, i) => line(false, `self-check ${c.name}  (${c.detail})`, `c${i}`))}
      <Text>{cut(`report: ${f.reportPath}/summary.md`, columns)}</Text>
    </Box>
  );
}

/** The whole dashboard: the verdicts first once the drill is over (k6-style), then the panels. */
export function DashboardView(props: ViewProps): ReactElement {
  const { state, columns, canAbort, color } = props;
  const narrow = columns < 50;
  return (
    <Box flexDirection="column" width={columns}>
      <Header state={state} columns={columns} color={color} />
      <Summary state={state} columns={columns} color={color} />
      {narrow ? null : <Timeline state={state} columns={columns} />}
      <Progress state={state} columns={columns} elapsedMs={props.elapsedMs} />
      <ProviderHealth state={state} columns={columns} color={color} />
      <Money state={state} columns={columns} color={color} />
      <Alerts state={state} columns={columns} color={color} />
      {state.final === undefined ? <Text dimColor={color}>{state.aborting !== undefined ? `aborting: ${state.aborting}` : canAbort ? 'q to abort' : ''}</Text> : null}
    </Box>
  );
}
