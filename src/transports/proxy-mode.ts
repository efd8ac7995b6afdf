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
import type { RunTransport, TransportFactory } from '../engine/execute.js';
import { LiveScheduler } from '../engine/live-clock.js';
import type { Plan } from '../engine/plan.js';
import { startToxiproxyServer, type ToxiproxyServer } from '../toxiproxy/index.js';
import { serveMocks } from './msw-serve.js';
import { ProxyTransport } from './proxy-transport.js';
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
  const createTransport: TransportFactory = async (o) => {
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
    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        abort.abort();
        transport?.close();
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
      const mocks = await serveMocks({
        plan: { ...plan, faults: httpFaults }, host: '127.0.0.1', port: 0, speed,
        onEvent: (e) => {
          o.emit(e);
          if (e.type === 'execution') o.onExecution?.(e);
        },
      });
      mocksClose = () => mocks.close();
      const proxyAddress = new Map<string, string>();
      for (const p of plan.scenario.providers) {
        const info = await controller.createProxy(p.id, `127.0.0.1:${mocks.port}`);
        proxyAddress.set(p.id, info.listen);
      }
      // One scenario clock for the engine, the mocks and the toxics.
      live.useTimeSource(() => mocks.clock.now());
      const startMs = plan.scenario.startMs;
      const toxicPlan = planToxics(o.faults, { startMs, speed });
      for (const s of toxicPlan.skipped) log(`proxy mode: fault ${s.faultId} is not injected: ${s.reason}`);
      if (toxicPlan.operations.length > 0) {
        timeline = runToxicTimeline({
          controller, plan: toxicPlan, signal: abort.signal,
          now: () => (mocks.clock.now() - startMs) / speed,
          onOperation: (op, error) => {
            if (error !== undefined) log(`proxy mode: Toxiproxy refused ${op.action} for fault ${op.faultId} on ${op.target}: ${error instanceof Error ? error.message : String(error)}`);
          },
        });
      }
      transport = new ProxyTransport({ providers: o.providers, faults: o.faults, clock: o.clock, emit: o.emit, backend: mocks.mocks.backend, proxyAddress });
      const t = transport;
      const run: RunTransport = {
        get hits() {
          return t.hits;
        },
        call: (request) => t.call(request),
        close,
      };
      return run;
    } catch (err) {
      await close();
      throw err;
    }
  };

  return {
    createScheduler: (startMs) => {
      scheduler = new LiveScheduler(startMs, speed);
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
  const mocks = await serveMocks({ plan: { ...plan, faults: [] }, host: '127.0.0.1', port: 0, speed, baseline: true });
  try {
    const address = `127.0.0.1:${mocks.port}`;
    const providers = plan.scenario.providers;
    const transport = new ProxyTransport({
      providers, faults: [], clock: new LiveScheduler(plan.scenario.startMs, speed), emit: () => undefined, backend: mocks.mocks.backend,
      proxyAddress: new Map(providers.map((p) => [p.id, address])),
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
