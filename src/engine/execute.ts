/**
 * executePlan: runs the plan twice on the virtual clock — the faulted replay and the counterfactual
 * baseline (same seed, same market, same workload, no faults) — and emits one RunEvent stream.
 */
import type { RunEvent, RunEventBody, RunVariant } from './events.js';
import { Monitor } from './monitor.js';
import type { Plan } from './plan.js';
import type { EventSink } from './ports.js';
import { createRng } from './rng.js';
import { VirtualScheduler } from './scheduler.js';
import type { ReplayScheduler } from './live-clock.js';
import { dec, plain } from '../finance/decimal.js';
import { PositionBook } from '../integration/book.js';
import { plainMidAt } from '../market/series.js';
import { ReferenceGateway } from '../integration/reference-gateway.js';
import type { IntegrationFactory, WorkloadIntegration } from '../integration/module-integration.js';
import type { AttemptOutcome } from './events.js';
import type { Transport } from './ports.js';
import type { WorkloadItem } from '../workload/types.js';
import type { Fault, Scenario } from '../scenario/model.js';
import { SimTransport, type SimTransportOptions } from '../transports/sim-transport.js';
import { buildProviderModels } from '../providers/execute-request.js';
import { WriteAttemptTracker } from './write-attempts.js';

/** How long in-flight work (retries, backoffs) may run past the drill's end before the run closes. */
export const DRAIN_MS = 10 * 60_000;
/** Resolution of the exposure time series (mark events). */
const MARK_INTERVAL_MS = 60_000;

export interface ExecuteOptions {
  sink: EventSink;
  /** Called with a variant's progress (scenario time) — for dashboards. */
  onProgress?: (variant: RunVariant, t: number) => void;
  /** Checked at every mark: return a reason to stop the run early (abort_on_fail). */
  shouldAbort?: () => string | undefined;
  /** Builds each replay's transport (default: sim mode's SimTransport; msw mode passes its own). */
  createTransport?: TransportFactory;
  /** Builds each replay's integration (default: the reference gateway; a module integration passes its own). */
  createIntegration?: IntegrationFactory;
  /** Builds each replay's scheduler (default: the virtual clock; proxy mode passes a live one). */
  createScheduler?: (startMs: number) => ReplayScheduler;
}

/** A replay's transport: answers calls, counts fault hits, and is closed when the replay ends. */
export interface RunTransport extends Transport {
  readonly hits: Map<string, Map<AttemptOutcome, number>>;
  close?(): void | Promise<void>;
}

export type TransportFactory = (options: SimTransportOptions & { scenario: Scenario }) => RunTransport | Promise<RunTransport>;

export interface VariantSummary {
  variant: RunVariant;
  events: number;
  faultHits: Record<string, Record<string, number>>;
  incomplete: boolean;
  reason?: string;
}

export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<VariantSummary[]> {
  const faulted = await executeVariant(plan, 'faulted', plan.faults, options);
  // An interrupted live run (proxy mode) must not make the drill lead wait for a live baseline: the
  // counterfactual up to the interruption is replayed on the virtual clock, in process, instead.
  const interruptedLive = faulted.incomplete && options.createScheduler !== undefined && options.createIntegration === undefined;
  const baselineOptions: ExecuteOptions = interruptedLive ? { ...options, createScheduler: undefined, createTransport: undefined } : options;
  const baseline = await executeVariant(plan, 'baseline', [], baselineOptions);
  return [faulted, baseline];
}

/**
 * Unsafe retries and unknown outcomes are the engine's to count, from the attempts it journaled
 * (write-attempts.ts): stamped on the firm's order and payment events, over what the integration
 * said, so every integration is judged by one rule. An item no attempt was seen for (a service whose
 * requests carry no item id) keeps what its integration reported.
 */
function stampWriteVerdict(writes: WriteAttemptTracker, event: RunEvent): void {
  if (event.type === 'attempt') writes.observe(event);
  else if (event.type === 'payment' || event.type === 'order') {
    const verdict = writes.take(event.type === 'payment' ? event.paymentId : event.orderId);
    if (verdict === undefined) return;
    event.unsafeRetries = verdict.unsafeRetries;
    if (verdict.unknownOutcome !== undefined) event.unknownOutcome = verdict.unknownOutcome;
  }
}

const itemTime = (item: WorkloadItem): number => item.t;
const markTime = (t: number): number => t;
/** A mark emits, reports progress and may stop the run: synchronous (see VirtualScheduler.at). */
const isSyncMark = (): boolean => true;

async function executeVariant(plan: Plan, variant: RunVariant, faults: readonly Fault[], options: ExecuteOptions): Promise<VariantSummary> {
  const { scenario, market } = plan;
  // Sim mode's own transport and gateway wait on scheduler promises only: microtask yields are safe.
  const pureSim = options.createTransport === undefined && options.createIntegration === undefined;
  const scheduler: ReplayScheduler = options.createScheduler?.(scenario.startMs) ?? new VirtualScheduler(scenario.startMs, { microtaskYield: pureSim });
  let seq = 0;
  const writes = new WriteAttemptTracker();
  // Bodies are fresh objects built by the emitter, so stamping them in place saves a copy per event.
  const emit = (body: RunEventBody): void => {
    const event = body as RunEvent;
    stampWriteVerdict(writes, event);
    event.seq = seq++;
    event.t = scheduler.now();
    event.run = variant;
    options.sink.emit(event);
  };
  const root = createRng(plan.seed).fork('run');
  const models = buildProviderModels(scenario, market);
  const hedged = scenario.hedging;
  const book = new PositionBook(hedged === undefined ? {} : { [hedged.instrument]: hedged.initialPosition });
  const createTransport: TransportFactory = options.createTransport ?? ((o) => new SimTransport(o));
  const transport = await createTransport({
    scenario,
    providers: scenario.providers,
    faults,
    models,
    clock: scheduler,
    rng: root.fork('transport'),
    market,
    emit,
    onExecution: (x) => {
      if (x.op !== 'place_order' || x.instrument === undefined || x.qty === undefined) return;
      const firmQty = x.side === 'buy' ? dec(x.qty) : dec(x.qty).neg();
      book.apply(x.instrument, firmQty);
      if (x.occurrence > 1) book.addDuplicate(x.instrument, firmQty);
      if (x.purpose === 'unwind') book.settleDuplicate(x.instrument, firmQty);
    },
  });
  // The monitor and the gateway call each other (alerts drive manual failover); wire through a holder.
  const holder: { gateway?: WorkloadIntegration } = {};
  const monitor = new Monitor(
    scenario.monitoring,
    scheduler,
    emit,
    (provider) => holder.gateway?.failOverManually(provider),
    (provider) => holder.gateway?.recover(provider),
  );
  let abortReason: string | undefined;
  const deps = { scenario, clock: scheduler, transport, rng: root.fork('jitter'), market, book, monitor, emit };
  const gw: WorkloadIntegration = options.createIntegration === undefined
    ? new ReferenceGateway(deps)
    : await options.createIntegration({ ...deps, abort: (reason) => { abortReason ??= reason; scheduler.stop(); } });
  holder.gateway = gw;
  const { startMs, endMs } = scenario;

  emit({ type: 'run.started', scenarioId: scenario.id, runId: plan.runId, mode: plan.mode, seed: plan.seed, startMs, endMs });
  for (const f of faults) {
    scheduler.at(f.startMs, () => emit({ type: 'fault.started', faultId: f.id, kind: f.kind, target: f.target, via: f.via }));
    scheduler.at(f.endMs, () => emit({ type: 'fault.ended', faultId: f.id, kind: f.kind, target: f.target, via: f.via }));
  }
  scheduler.spawn(startMs, () => gw.runPricePoller(startMs, endMs));
  if (hedged !== undefined) scheduler.spawn(startMs, () => gw.runHedger(startMs, endMs));
  monitor.startProbes(scenario.providers, transport, scenario.integration.timeoutMs, startMs, endMs, (t, p) => scheduler.spawn(t, p));

  const mark = (): void => {
    const t = scheduler.now();
    const mids: Record<string, string> = {};
    for (const symbol of market.symbols) mids[symbol] = plainMidAt(market, symbol, t);
    emit({ type: 'mark', mids, positions: book.snapshot(), lpStatus: gw.lpStatus() });
    options.onProgress?.(variant, t);
    abortReason ??= options.shouldAbort?.();
    if (abortReason !== undefined) scheduler.stop();
  };
  // As a run of timers (same times and order as one `at` each): ~120 marks kept out of the timer heap,
  // which otherwise holds only the replay's few dozen in-flight timers.
  const markTimes: number[] = [];
  for (let t = startMs; t <= endMs; t += MARK_INTERVAL_MS) markTimes.push(t);
  scheduler.atEach(markTimes, markTime, mark, isSyncMark);

  // Trades fire as timers, payments start as processes; the scheduler keeps the items in their array.
  // The reference gateway fills a trade synchronously (no promise), which lets the virtual clock skip
  // a yield after an instant of trades; an integration module's trades are not declared so.
  const tradesSync = options.createIntegration === undefined;
  scheduler.atEach(plan.workload, itemTime, (item) => {
    if (item.kind === 'trade') gw.handleTrade(item);
    else return gw.handlePayment(item);
  }, (item) => tradesSync && item.kind === 'trade');

  try {
    await scheduler.run(endMs + DRAIN_MS);
  } finally {
    await gw.close?.();
    await transport.close?.();
  }
  const closingMids: Record<string, string> = {};
  for (const symbol of market.symbols) closingMids[symbol] = plain(market.closingMid(symbol));
  const incomplete = abortReason !== undefined;
  const timing = scheduler.timing?.();
  emit({ type: 'run.finished', closingMids, positions: book.snapshot(), incomplete, ...(abortReason === undefined ? {} : { reason: abortReason }), ...(timing === undefined ? {} : { timing }) });
  const faultHits: Record<string, Record<string, number>> = {};
  for (const [faultId, byOutcome] of transport.hits) faultHits[faultId] = Object.fromEntries([...byOutcome].sort());
  return { variant, events: seq, faultHits, incomplete, ...(abortReason === undefined ? {} : { reason: abortReason }) };
}
