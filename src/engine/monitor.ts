/**
 * Monitoring as the firm runs it: synthetic probes every Δ per provider, an alert after k
 * consecutive failures (probe or the integration's own validation/error counters), a human
 * acknowledgement after a fixed delay, an optional manual failover after that, and resolution on
 * the first healthy signal. The drill knows the true fault start, so TTD is exact (§7).
 */
import type { RunEventBody } from './events.js';
import type { Transport } from './ports.js';
import type { MonitoringModel, Provider } from '../scenario/model.js';

export interface MonitorClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  at(t: number, fire: () => void): void;
}

type Source = 'probe' | 'validation' | 'errors';

interface AlertState {
  alertId: string;
  source: Source;
  acknowledged: boolean;
}

export class Monitor {
  private readonly failures = new Map<string, number>();
  private readonly successes = new Map<string, number>();
  private readonly lastFailureAt = new Map<string, number>();
  private readonly open = new Map<string, AlertState>();
  private alertCount = 0;
  /** `${provider}|${source}` per provider and source, built once (a success is reported per call). */
  private readonly keys = new Map<string, Record<Source, string>>();

  constructor(
    private readonly config: MonitoringModel,
    private readonly clock: MonitorClock,
    private readonly emit: (e: RunEventBody) => void,
    /** Called at the manual-failover time for a provider whose alert is still open. */
    private readonly onManualFailover: (provider: string) => void,
    /** Called when an alert on a provider resolves. */
    private readonly onRecovered: (provider: string) => void,
  ) {}

  /** A failed signal about a provider (probe failure, rejected answer, failed call). */
  reportFailure(provider: string, source: Source): void {
    const key = this.keyOf(provider, source);
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    this.successes.set(provider, 0);
    this.lastFailureAt.set(provider, this.clock.now());
    if (n >= this.config.failuresToAlert && !this.open.has(provider)) this.fire(provider, source);
  }

  /**
   * A healthy signal about a provider from `source`. Reachability signals (probes, successful calls)
   * resolve reachability alerts; only valid data resolves a data-validation alert, because a feed
   * serving stale prices still answers its health probe.
   */
  reportSuccess(provider: string, source: Source): void {
    this.failures.set(this.keyOf(provider, source), 0);
    const alert = this.open.get(provider);
    const relevant = alert !== undefined && (alert.source === source || (alert.source !== 'validation' && source !== 'validation'));
    if (!relevant) return;
    // Hysteresis, like real alerting: an alert clears only after k healthy signals in a row and
    // k probe intervals without any failure, so an intermittent storm is one incident, not fifty.
    const healthy = (this.successes.get(provider) ?? 0) + 1;
    this.successes.set(provider, healthy);
    const quietFor = this.clock.now() - (this.lastFailureAt.get(provider) ?? Number.NEGATIVE_INFINITY);
    const resolves = healthy >= this.config.failuresToAlert && quietFor >= this.config.failuresToAlert * this.config.probeIntervalMs;
    if (alert !== undefined && resolves) {
      this.open.delete(provider);
      this.emit({ type: 'alert.resolved', provider, alertId: alert.alertId, source });
      this.onRecovered(provider);
    }
  }

  private keyOf(provider: string, source: Source): string {
    let keys = this.keys.get(provider);
    if (keys === undefined) {
      keys = { probe: `${provider}|probe`, validation: `${provider}|validation`, errors: `${provider}|errors` };
      this.keys.set(provider, keys);
    }
    return keys[source];
  }

  isAlerting(provider: string): boolean {
    return this.open.has(provider);
  }

  private fire(provider: string, source: Source): void {
    this.alertCount += 1;
    const alert: AlertState = { alertId: `A${String(this.alertCount).padStart(4, '0')}`, source, acknowledged: false };
    this.open.set(provider, alert);
    this.emit({ type: 'alert.fired', provider, alertId: alert.alertId, source });
    const ackAt = this.clock.now() + this.config.timeToAcknowledgeMs;
    this.clock.at(ackAt, () => {
      if (this.open.get(provider) !== alert) return;
      alert.acknowledged = true;
      this.emit({ type: 'alert.acknowledged', provider, alertId: alert.alertId, source });
      const manual = this.config.manualFailoverAfterMs;
      if (manual !== undefined) {
        this.clock.at(ackAt + manual, () => {
          if (this.open.get(provider) === alert) this.onManualFailover(provider);
        });
      }
    });
  }

  /** Probe every provider every Δ from `startMs` until `endMs`. */
  startProbes(providers: readonly Provider[], transport: Transport, timeoutMs: number, startMs: number, endMs: number, spawn: (t: number, p: () => Promise<void>) => void): void {
    for (const provider of providers) {
      let n = 0;
      const loop = async (): Promise<void> => {
        while (this.clock.now() < endMs) {
          n += 1;
          const r = await transport.call({
            requestId: `probe:${provider.id}:${n}`, attempt: 1, provider: provider.id, body: { op: 'probe' }, timeoutMs, idempotent: true,
          });
          this.emit({ type: 'probe', provider: provider.id, ok: r.ok, ...(r.faultId === undefined ? {} : { faultId: r.faultId }) });
          if (r.ok) this.reportSuccess(provider.id, 'probe');
          else this.reportFailure(provider.id, 'probe');
          // Skip ticks missed while a probe hung (a slow probe must not cause a burst of probes).
          n = Math.max(n, Math.floor((this.clock.now() - startMs) / this.config.probeIntervalMs) + 1);
          await this.clock.sleep(startMs + n * this.config.probeIntervalMs - this.clock.now());
        }
      };
      spawn(startMs, loop);
    }
  }
}
