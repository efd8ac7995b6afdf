/**
 * `--mode proxy` for the reference integration: per replay, the scenario's mocks over `node:http`
 * (serveMocks), one Toxiproxy proxy per provider in front of them (through the controller, with a
 * per-invocation run id and its undo log), the `via: toxiproxy` faults played as toxics on the
 * live timeline, and a transport that talks to the proxies over real sockets.
 *
 * Time: the replay's scheduler is a LiveScheduler that shares the mocks server's live clock, and the
 * toxic timeline runs on the same clock, so the engine, the mocks and the toxics agree on scenario
 * time (wall time × speed from the moment the mocks started).
 *
 * Cleanup: every replay's `controller.close()` and mocks shutdown are registered with `cleanups`
 * (the run command's signal handling runs them on a second signal or a stuck interrupt) and run
 * from the transport's `close()` (which `executePlan` calls on normal exit and on error).
 */
import type { AttemptOutcome, Operation, RunEventBody } from '../engine/events.js';
import type { RunTransport, TransportFactory } from '../engine/execute.js';
import { LiveScheduler } from '../engine/live-clock.js';
import type { Plan } from '../engine/plan.js';
import { startToxiproxyServer, type ToxiproxyServer } from '../toxiproxy/index.js';
import type { ProviderBackend } from '../../mocks/backend.js';
import { ARCHETYPE_MOCKS } from '../../mocks/index.js';
import { serveMocks, type ForeignAttempt } from './msw-serve.js';
import { ProxyTransport, ToxicCredit } from './proxy-transport.js';
import { planToxics } from './toxic-plan.js';
import { startToxiproxyController, uniqueProxyRunId } from './toxiproxy-controller.js';
import { runToxicTimeline, type TimelineOutcome } from './toxiproxy-timeline.js';

export { DEFAULT_PROXY_SPEED } from '../engine/live-clock.js';

/** Where cleanups are registered (installCleanupOnSignal's `add`). */
export interface CleanupRegistry {
  add(name: string, cleanup: () => Promise<void> | void): () => void;
}

export interface ProxyModeOptions {
  plan: Plan;
  speed: number;
  /** A running Toxiproxy (`--toxiproxy`); default: the embedded server on an ephemeral loopback port. */
  toxiproxyUrl?: string;
  allowRemote?: boolean;
  /** Working directory holding `.faultline/undo/` (default cwd). */
  root?: string;
  cleanups?: CleanupRegistry;
  /** Warnings (a toxic the server refused, proxies that could not be removed). */
  log?: (line: string) => void;
  /** Fixed listen address per provider id for its proxy (`127.0.0.1:21001`); default a free port. */
  listen?: Readonly<Record<string, string>>;
  /** The firm's service (`integration: http`): started per replay once the proxies exist, before the clock starts. */
  service?: ProxyService;
}

/** A service under test, started (or checked) for one replay. */
export interface ProxyService {
  /**
   * Start the service for replay `replay` (0 faulted, 1 baseline) with the providers' proxy URLs,
   * and resolve once it is ready; anything it sends to the mocks before the clock starts is not
   * journaled. Throws a FaultlineError when it cannot (the replay's proxies are then removed).
   */
  start(replay: { index: number; providerUrls: Readonly<Record<string, string>>; speed: number }): Promise<{ stop(): Promise<void> }>;
}

/**
 * What proxy mode's transport offers an integration besides calls: the mocks' record (to journal a
 * module adapter's requests) and the providers' proxy URLs (its `baseUrls`).
 */
export interface ProxyRunTransport extends RunTransport {
  readonly backend: ProviderBackend;
  /** `http://<proxy listen address>` per provider id. */
  readonly providerUrls: Readonly<Record<string, string>>;
  readonly toxicCredit: ToxicCredit;
  /** The operation a request to a provider is, by the archetype's routes (for requests the mocks never saw). */
  operationOf(providerId: string, method: string, pathname: string): Operation | undefined;
}

export interface ProxyMode {
  createScheduler: (startMs: number) => LiveScheduler;
  createTransport: TransportFactory;
  /** Toxic timeline outcomes, one per replay that had one. */
  readonly timelines: TimelineOutcome[];
  /** Stops the embedded server (if one was started). Idempotent. */
  close(): Promise<void>;
}

export function createProxyMode(options: ProxyModeOptions): ProxyMode {
  const { plan, speed } = options;
  const log = options.log ?? ((line: string): void => void process.stderr.write(`${line}\n`));
  let embedded: Promise<ToxiproxyServer> | undefined;
  let scheduler: LiveScheduler | undefined;
  let unregisterServer: (() => void) | undefined;
  const timelines: TimelineOutcome[] = [];

  const toxiproxyUrl = async (): Promise<string> => {
    if (options.toxiproxyUrl !== undefined) return options.toxiproxyUrl;
    embedded ??= startToxiproxyServer({ host: '127.0.0.1', port: 0, seed: plan.seed }).then((server) => {
      unregisterServer = options.cleanups?.add('embedded Toxiproxy server', () => server.close());
      return server;
    });
    return (await embedded).url;
  };

  let warmed: Promise<void> | undefined;
  let replays = 0;
  const createTransport: TransportFactory = async (o) => {
    const replay = replays++;
    const live = scheduler;
    if (live === undefined) throw new Error('proxy mode: the live scheduler must be created before the transport');
    warmed ??= warmUp(plan, speed);
    await warmed;
    const url = await toxiproxyUrl();
    const controller = await startToxiproxyController({
      url, runId: uniqueProxyRunId(plan.runId, new Date()), ...(options.allowRemote === true ? { allowRemote: true } : {}), ...(options.root === undefined ? {} : { root: options.root }),
    });
    const undos: (() => void)[] = [];
    const abort = new AbortController();
    let timeline: Promise<TimelineOutcome> | undefined;
    let mocksClose: (() => Promise<void>) | undefined;
    let transport: ProxyTransport | undefined;
    let service: { stop(): Promise<void> } | undefined;
    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        abort.abort();
        transport?.close();
        await service?.stop();
        if (timeline !== undefined) timelines.push(await timeline);
        const removal = await controller.close();
        for (const f of removal.failures) log(`proxy mode: could not remove ${f} (its undo log ${controller.undoLogPath} is kept for \`faultline cleanup\`)`);
        await mocksClose?.();
        for (const u of undos) u();
      })();
      return closing;
    };
    undos.push(options.cleanups?.add(`Toxiproxy proxies of run ${controller.runId}`, close) ?? ((): void => undefined));
    try {
      // HTTP-level faults stay in the mocks; network faults are toxics (never both).
      const httpFaults = o.faults.filter((f) => f.via !== 'toxiproxy');
      const toxicCredit = new ToxicCredit(o.faults);
      let clockStarted = false;
      const mocks = await serveMocks({
        plan: { ...plan, faults: httpFaults }, host: '127.0.0.1', port: 0, speed, perProvider: true,
        onEvent: (e) => {
          o.emit(e);
          if (e.type === 'execution') o.onExecution?.(e);
        },
        // A service's own requests carry no correlation headers: journal them from the mocks' side
        // (once the clock runs; a service's start-up traffic is not part of the drill).
        onForeignAttempt: (a) => {
          if (clockStarted) journalForeignAttempt(a, mocks.mocks.backend, toxicCredit, o.emit);
        },
      });
      mocksClose = () => mocks.close();
      const proxyAddress = new Map<string, string>();
      for (const p of plan.scenario.providers) {
        const listen = options.listen?.[p.id];
        const info = await controller.createProxy(p.id, `127.0.0.1:${mocks.providerPorts[p.id]}`, listen === undefined ? undefined : { listen });
        proxyAddress.set(p.id, info.listen);
      }
      const providerUrls = Object.fromEntries([...proxyAddress].map(([id, address]) => [id, `http://${address}`]));
      if (options.service !== undefined) {
        service = await options.service.start({ index: replay, providerUrls, speed });
        // The seconds the service took to start must not be scenario minutes lost.
        mocks.clock.restart();
      }
      clockStarted = true;
      // One scenario clock for the engine, the mocks and the toxics.
      live.useTimeSource(() => mocks.clock.now());
      const startMs = plan.scenario.startMs;
      const toxicPlan = planToxics(o.faults, { startMs, speed });
      for (const s of toxicPlan.skipped) log(`proxy mode: fault ${s.faultId} is not injected: ${s.reason}`);
      if (toxicPlan.operations.length > 0) {
        // The engine's timers at an operation's instant wait until Toxiproxy has applied it (the
        // probe due when an outage opens must meet the disabled proxy, as on the virtual clock).
        const releases = new Map(toxicPlan.operations.map((op) => [op, live.holdAt(op.scenarioMs)]));
        const releaseAll = (): void => {
          for (const release of releases.values()) release();
        };
        abort.signal.addEventListener('abort', releaseAll, { once: true });
        timeline = runToxicTimeline({
          controller, plan: toxicPlan, signal: abort.signal,
          now: () => (mocks.clock.now() - startMs) / speed,
          onOperation: (op, error) => {
            releases.get(op)?.();
            if (error !== undefined) log(`proxy mode: Toxiproxy refused ${op.action} for fault ${op.faultId} on ${op.target}: ${error instanceof Error ? error.message : String(error)}`);
          },
        });
        timeline.then(releaseAll, releaseAll);
      }
      transport = new ProxyTransport({ providers: o.providers, faults: o.faults, clock: o.clock, emit: o.emit, backend: mocks.mocks.backend, proxyAddress, toxicCredit });
      const t = transport;
      const run: ProxyRunTransport = {
        get hits() {
          return t.hits;
        },
        call: (request) => t.call(request),
        close,
        backend: mocks.mocks.backend,
        providerUrls,
        toxicCredit,
        operationOf: (providerId, method, pathname) => {
          const archetype = plan.scenario.providers.find((p) => p.id === providerId)?.archetype;
          return archetype === undefined ? undefined : ARCHETYPE_MOCKS[archetype]?.wire.route(method, pathname);
        },
      };
      return run;
    } catch (err) {
      await close();
      throw err;
    }
  };

  return {
    createScheduler: (startMs) => {
      scheduler = new LiveScheduler(startMs, speed, { timeoutMs: plan.scenario.integration.timeoutMs });
      return scheduler;
    },
    createTransport,
    timelines,
    async close() {
      const server = embedded;
      embedded = undefined;
      if (server === undefined) return;
      await (await server).close();
      unregisterServer?.();
    },
  };
}

/**
 * The first requests of a process are slow (module loading, JIT, MSW's handler set-up): tens of
 * wall ms, which at speed 60 are seconds of scenario time and turned early calls into timeouts.
 * Before the first replay's clock starts, send a few untracked calls (a probe per provider, a price
 * per feed) through the same transport code against a throwaway, fault-free mocks server.
 */
async function warmUp(plan: Plan, speed: number): Promise<void> {
  const mocks = await serveMocks({ plan: { ...plan, faults: [] }, host: '127.0.0.1', port: 0, speed, baseline: true, perProvider: true });
  try {
    const providers = plan.scenario.providers;
    const transport = new ProxyTransport({
      providers, faults: [], clock: new LiveScheduler(plan.scenario.startMs, speed), emit: () => undefined, backend: mocks.mocks.backend,
      proxyAddress: new Map(providers.map((p) => [p.id, `127.0.0.1:${mocks.providerPorts[p.id]}`])),
    });
    const symbol = plan.scenario.market.instruments[0]?.symbol;
    for (let round = 0; round < 3; round++) {
      await Promise.all(providers.map(async (p, i) => {
        const body = p.role === 'price_feed' && symbol !== undefined ? { op: 'get_price' as const, instrument: symbol } : { op: 'probe' as const };
        await transport.call({ requestId: `warmup:${round}:${i}`, attempt: 1, provider: p.id, body, timeoutMs: 60_000 * speed, idempotent: true }).catch(() => undefined);
      }));
    }
    transport.close();
  } finally {
    await mocks.close();
  }
}

/**
 * A request of the firm's service, journaled from the mocks' side as an `attempt` (the service sends
 * no correlation headers, so each request is its own attempt 1 of `svc:<n>`). HTTP faults are
 * credited by the mocks; `via: toxiproxy` faults by the toxic credit. A partial toxic drops the
 * answer after the mock sent it, so an executed call in its window is `lost`. Refused connections
 * (a disabled proxy) never reach the mocks: those show in faultline's own probes and in the
 * service's answers, not here.
 */
function journalForeignAttempt(a: ForeignAttempt, backend: ProviderBackend, credit: ToxicCredit, emit: (e: RunEventBody) => void): void {
  const { call } = a;
  let outcome: AttemptOutcome = backend.outcomeOf(call, a.observed, a.status);
  let faultId = backend.faultIdOf(call);
  if (faultId === undefined) {
    if (a.observed === 'ok' && call.verdict.kind === 'execute' && credit.active(call.provider.id, call.t0, 'partial') !== undefined) outcome = 'lost';
    faultId = credit.credit(call.provider.id, call.t0, outcome);
  }
  const detail = a.observed === 'malformed' ? backend.describeMalformed(call) : undefined;
  emit({
    type: 'attempt', requestId: call.requestId, attempt: call.attempt, provider: call.provider.id, role: call.provider.role, op: call.op, outcome,
    ...(a.status === undefined ? {} : { status: a.status }), latencyMs: a.latencyMs,
    ...(faultId === undefined ? {} : { faultId }), ...(detail === undefined ? {} : { detail }), idempotent: a.idempotent,
  });
}
