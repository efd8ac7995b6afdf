/**
 * The proxy byte counters of `-proxy-metrics`, rendered as Prometheus text:
 * `toxiproxy_proxy_received_bytes_total` and `toxiproxy_proxy_sent_bytes_total`, labelled
 * direction, listener, proxy, upstream. Counters are never reset, like Prometheus CounterVecs.
 */
import type { LinkCounters } from './link.js';

interface Series {
  labels: string;
  received: number;
  sent: number;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** Byte counters per (direction, proxy, listener, upstream). */
export class ProxyMetrics {
  private readonly series = new Map<string, Series>();

  /** The counters one link reports to; labels are fixed when the link starts, as in Go. */
  countersFor(direction: string, proxy: string, listener: string, upstream: string): LinkCounters {
    const labels = `direction="${escapeLabel(direction)}",listener="${escapeLabel(listener)}",proxy="${escapeLabel(proxy)}",upstream="${escapeLabel(upstream)}"`;
    let series = this.series.get(labels);
    if (series === undefined) {
      series = { labels, received: 0, sent: 0 };
      this.series.set(labels, series);
    }
    const s = series;
    return {
      received: (bytes) => {
        s.received += bytes;
      },
      sent: (bytes) => {
        s.sent += bytes;
      },
    };
  }

  /** Prometheus text exposition format 0.0.4. */
  render(): string {
    const sorted = [...this.series.values()].sort((a, b) => (a.labels < b.labels ? -1 : a.labels > b.labels ? 1 : 0));
    const family = (name: string, pick: (s: Series) => number): string =>
      sorted.length === 0 ? '' : `# HELP ${name} \n# TYPE ${name} counter\n${sorted.map((s) => `${name}{${s.labels}} ${pick(s)}\n`).join('')}`;
    return family('toxiproxy_proxy_received_bytes_total', (s) => s.received) + family('toxiproxy_proxy_sent_bytes_total', (s) => s.sent);
  }
}
