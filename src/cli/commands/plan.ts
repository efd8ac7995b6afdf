/**
 * `faultline plan <scenario>`: what will happen when, without running anything (the plan is data:
 * printable and diffable). Prints the drill window and fault timeline in UTC with the local time of
 * `reporting.timezone` beside it, the workload, the failover chain per role, the thresholds (with
 * their lines in the scenario), the run id and, for live modes, the wall time the run will take.
 * `--json` prints the same view as data.
 */
import type { Command } from 'commander';
import { DRAIN_MS } from '../../engine/execute.js';
import { DEFAULT_PROXY_SPEED } from '../../engine/live-clock.js';
import type { Plan, RunMode } from '../../engine/plan.js';
import { faultlineVersion } from '../../io/version.js';
import { planScenarioFile } from '../../run/plan-scenario.js';
import { terminalText } from '../../report/safe-text.js';
import { durationText, localTime } from '../../report/format.js';
import type { ProviderRole, Scenario } from '../../scenario/model.js';
import type { CliOutput } from '../output.js';
import { parseMode, parseSeed, parseSpeed } from './options.js';

const ROLES: readonly ProviderRole[] = ['price_feed', 'liquidity_provider', 'payment_gateway'];

/** One role's failover as the drill will run it. */
export interface FailoverView {
  role: ProviderRole;
  /** The automatic chain, primary first (faultline's reference integration only). */
  chain: string[];
  /** Providers of the role outside the chain: reached only by an operator's manual failover. */
  manualOnly: string[];
}

/** How long a live run takes on the wall clock. */
export interface WallTimeView {
  speed: number;
  /** Both replays at `speed`: 2 × duration ÷ speed. */
  expectedMs: number;
  /** If in-flight work runs the full drain past the end: 2 × (duration + drain) ÷ speed. */
  atMostMs: number;
}

export interface PlanView {
  runId: string;
  scenario: string;
  title: string;
  seed: number;
  mode: RunMode;
  timezone: string;
  /** UTC instants, with the local time in `timezone` beside them. */
  start: string;
  startLocal: string;
  end: string;
  endLocal: string;
  /** `replayed`: the items of `workload.replay` among them (ids RT…/RP…), at their recorded times. */
  workload: { trades: number; payments: number; replayed?: { file: string; trades: number; payments: number } };
  /** The price tape (`market.model: tape`) and each instrument's opening mid from it; null on GBM. */
  tape: { file: string; openingMids: Record<string, string> } | null;
  providers: { id: string; role: ProviderRole; archetype: string }[];
  /** 'reference': faultline's gateway fails over; 'module'/'http': the firm's own code does. */
  integration: Scenario['integration']['type'];
  failover: FailoverView[];
  /** After acknowledging an alert, operators fail over by hand this long later (monitoring.manual_failover_after). */
  manualFailoverAfterMs: number | null;
  thresholds: { name: string; metric: string; op: string; value: string; unit: string | null; abortOnFail: boolean; line: number | null }[];
  /** `t` in UTC, `local` in `timezone`. */
  timeline: { t: string; local: string; what: string }[];
  /** Live modes only (proxy; msw with --speed); null on the virtual clock. */
  wallTime: WallTimeView | null;
}

/** The plan as people and machines read it (one view for the text and the JSON). */
export function planView(plan: Plan, options: { speed?: number } = {}): PlanView {
  const s = plan.scenario;
  const tz = s.reporting.timezone;
  const trades = plan.workload.filter((w) => w.kind === 'trade').length;
  // Replayed items carry R-prefixed ids (RT…, RP…): counted apart so a reviewer sees the file was read.
  const replayed = s.workload.replay === undefined ? undefined : {
    file: s.workload.replay.file,
    trades: plan.workload.filter((w) => w.kind === 'trade' && w.id.startsWith('R')).length,
    payments: plan.workload.filter((w) => w.kind === 'payment' && w.id.startsWith('R')).length,
  };
  const failover: FailoverView[] = [];
  for (const role of ROLES) {
    const ofRole = s.providers.filter((p) => p.role === role).map((p) => p.id);
    if (ofRole.length === 0) continue;
    const chain = s.integration.type === 'reference' ? s.integration.failover[role] : [];
    failover.push({ role, chain, manualOnly: s.integration.type === 'reference' ? ofRole.filter((id) => !chain.includes(id)) : [] });
  }
  const live = plan.mode === 'proxy' || (plan.mode === 'msw' && options.speed !== undefined);
  const speed = options.speed ?? DEFAULT_PROXY_SPEED;
  return {
    runId: plan.runId,
    scenario: s.id,
    title: s.title,
    seed: plan.seed,
    mode: plan.mode,
    timezone: tz,
    start: new Date(s.startMs).toISOString(),
    startLocal: localTime(s.startMs, tz),
    end: new Date(s.endMs).toISOString(),
    endLocal: localTime(s.endMs, tz),
    workload: { trades, payments: plan.workload.length - trades, ...(replayed === undefined ? {} : { replayed }) },
    tape: s.market.tape === undefined ? null : { file: s.market.tape.file, openingMids: Object.fromEntries(s.market.instruments.map((i) => [i.symbol, i.mid])) },
    providers: s.providers.map((p) => ({ id: p.id, role: p.role, archetype: p.archetype })),
    integration: s.integration.type,
    failover,
    manualFailoverAfterMs: s.monitoring.manualFailoverAfterMs ?? null,
    thresholds: s.thresholds.map((t) => ({ name: t.name, metric: t.metric, op: t.op, value: t.value, unit: t.unit ?? null, abortOnFail: t.abortOnFail, line: t.line ?? null })),
    timeline: plan.timeline.map((e) => ({ t: new Date(e.t).toISOString(), local: localTime(e.t, tz), what: e.what })),
    wallTime: live ? { speed, expectedMs: Math.round((2 * s.durationMs) / speed), atMostMs: Math.round((2 * (s.durationMs + DRAIN_MS)) / speed) } : null,
  };
}

function failoverText(v: PlanView, f: FailoverView): string {
  if (v.integration !== 'reference') return `${f.role}: ${v.integration === 'module' ? "the firm's adapter" : "the firm's service"} fails over by itself (faultline's chain is not used)`;
  const auto = f.chain.length === 1 ? `${f.chain[0]} (no automatic failover)` : `${f.chain.join(' → ')} (automatic)`;
  if (f.manualOnly.length === 0) return `${f.role}: ${auto}`;
  const manual = v.manualFailoverAfterMs === null
    ? 'manual-only, but monitoring.manual_failover_after is not set: never used'
    : `manual-only: operators fail over ${durationText(v.manualFailoverAfterMs / 1000)} after acknowledging an alert`;
  return `${f.role}: ${auto} · ${f.manualOnly.join(', ')} ${manual}`;
}

/** The plan for people. */
export function planText(v: PlanView): string {
  const lines = [
    `plan for ${v.scenario}: ${terminalText(v.title)}`,
    `  run id ${v.runId} · seed ${v.seed} · mode ${v.mode}`,
    `  ${v.start} → ${v.end}`,
    `  local (${v.timezone}): ${v.startLocal} → ${v.endLocal}`,
    `  workload: ${v.workload.trades} client trades, ${v.workload.payments} payments (${v.workload.trades + v.workload.payments} items), replayed twice (faulted and baseline)`,
    ...(v.workload.replayed === undefined ? [] : [`  replayed from ${terminalText(v.workload.replayed.file)}: ${v.workload.replayed.trades} trades, ${v.workload.replayed.payments} payments, at their recorded times`]),
    ...(v.tape === null ? [] : [`  prices: the tape ${terminalText(v.tape.file)} (opening mids ${Object.entries(v.tape.openingMids).map(([symbol, mid]) => `${symbol} ${mid}`).join(', ')})`]),
    `  providers: ${v.providers.map((p) => `${p.id} (${p.role}, ${p.archetype}-like)`).join(', ')}`,
    '  failover:',
    ...v.failover.map((f) => `    ${failoverText(v, f)}`),
    '  timeline (UTC, then local time):',
    ...(v.timeline.length === 0 ? ['    (no faults: the faulted and baseline replays will be identical)'] : v.timeline.map((e) => `    ${e.t}  ${e.local}  ${e.what}`)),
    '  thresholds:',
    ...(v.thresholds.length === 0 ? ['    (none: the drill can only fail on its self-checks)'] : v.thresholds.map((t) => `    ${terminalText(t.name)}${t.abortOnFail ? '  [abort_on_fail]' : ''}${t.line === null ? '' : `  (line ${t.line})`}`)),
  ];
  if (v.wallTime === null) lines.push('  wall time: virtual clock, no waiting (seconds)');
  else {
    const w = v.wallTime;
    lines.push(`  wall time: about ${durationText(w.expectedMs / 1000)} (two live replays at ${w.speed}× the scenario clock), at most ${durationText(w.atMostMs / 1000)} if work in flight runs on past the end; plus start-up and evaluation`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerPlanCommand(program: Command, out: CliOutput): Command {
  return program
    .command('plan')
    .description('print what a drill will do and when, without running it')
    .argument('<scenario>', 'scenario file')
    .option('--seed <n>', 'override the scenario seed')
    .option('--mode <mode>', 'sim, msw or proxy (the run id; live modes: the wall time)', 'sim')
    .option('--speed <n>', 'live clock speed for the wall-time estimate (proxy mode default 60; msw mode is live only with --speed)')
    .option('--json', 'print the plan as JSON')
    .action(async (file: string, options: { seed?: string; mode?: string; speed?: string; json?: boolean }) => {
      const seed = parseSeed(options.seed);
      const speed = parseSpeed(options.speed);
      // The one place a scenario file becomes a plan (run/plan-scenario.ts): with its replay and tape.
      const { plan } = await planScenarioFile(file, { ...(seed === undefined ? {} : { seed }), mode: parseMode(options.mode), version: faultlineVersion() });
      const view = planView(plan, speed === undefined ? {} : { speed });
      out.stdout(options.json === true ? `${JSON.stringify(view, null, 2)}\n` : planText(view));
    });
}
