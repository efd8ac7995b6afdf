/**
 * The CI reporter: plain line-by-line progress on stderr, consumed from the event stream (a sink).
 * One line per milestone in scenario time — the replays starting, fault windows opening and
 * closing, alerts, failovers, circuit breakers, an early stop. No cursor movement, no redraws;
 * colour only when the output says so (TTY or FORCE_COLOR, never with NO_COLOR).
 *
 * `verbose` (`run --verbose`) adds a line per thing that went wrong for the business: every
 * circuit opening (not only the first), rejected client trades, failed or unknown orders and
 * payments, duplicate executions, dead letters and rejected prices, and the end of the baseline.
 */
import { terminalText } from '../../report/safe-text.js';
import type { RunEvent } from '../../engine/events.js';
import type { EventSink } from '../../engine/ports.js';
import { dim, red, yellow, type CliOutput } from '../output.js';

/** "22:15:00Z (+15:00)": scenario time in UTC and the offset from the drill's start. */
export function scenarioClock(t: number, startMs: number): string {
  const off = Math.max(0, Math.round((t - startMs) / 1000));
  const h = Math.floor(off / 3600);
  const m = Math.floor((off % 3600) / 60);
  const s = off % 60;
  const pad = (x: number): string => String(x).padStart(2, '0');
  return `${new Date(t).toISOString().slice(11, 19)}Z (+${h > 0 ? `${h}:` : ''}${pad(m)}:${pad(s)})`;
}

export function createPlainReporter(out: CliOutput, options: { verbose?: boolean } = {}): EventSink {
  const verbose = options.verbose === true;
  let startMs = 0;
  // A breaker that re-opens after each half-open probe says so every time; report the first opening.
  const open = new Set<string>();
  const line = (t: number, text: string): void => out.stderr(`  ${dim(out, scenarioClock(t, startMs))} ${text}\n`);
  return {
    emit(e: RunEvent): void {
      if (e.type === 'run.started') {
        startMs = e.startMs;
        out.stderr(`  ${e.run} replay: ${new Date(e.startMs).toISOString()} → ${new Date(e.endMs).toISOString()} (${e.mode}, seed ${e.seed})\n`);
        return;
      }
      if (e.run !== 'faulted') {
        if (e.type === 'run.finished' && e.incomplete) line(e.t, red(out, `baseline replay stopped early: ${terminalText(e.reason ?? 'incomplete')}`));
        else if (e.type === 'run.finished' && verbose) line(e.t, 'baseline replay finished');
        return;
      }
      switch (e.type) {
        case 'fault.started':
          line(e.t, yellow(out, `fault ${e.faultId} started: ${e.kind} on ${e.target} (via ${e.via})`));
          break;
        case 'fault.ended':
          line(e.t, `fault ${e.faultId} ended`);
          break;
        case 'alert.fired':
          line(e.t, red(out, `alert ${e.alertId} fired on ${e.provider} (${e.source})`));
          break;
        case 'alert.acknowledged':
          line(e.t, `alert ${e.alertId} acknowledged`);
          break;
        case 'alert.resolved':
          line(e.t, `alert ${e.alertId} resolved`);
          break;
        case 'failover':
          line(e.t, `failover ${e.role}: ${e.from} → ${e.to} (${e.reason})`);
          break;
        case 'circuit.opened':
          if (verbose || !open.has(e.provider)) line(e.t, `circuit opened on ${e.provider}`);
          open.add(e.provider);
          break;
        case 'circuit.closed':
          open.delete(e.provider);
          line(e.t, `circuit closed on ${e.provider}`);
          break;
        case 'run.finished':
          if (e.incomplete) line(e.t, red(out, `faulted replay stopped early: ${terminalText(e.reason ?? 'incomplete')}`));
          else line(e.t, 'faulted replay finished');
          break;
        default:
          if (verbose) verboseLine(e, line, out);
          break;
      }
    },
  };
}

/** `--verbose`: what went wrong for the business, one line per item. */
function verboseLine(e: RunEvent, toLine: (t: number, text: string) => void, out: CliOutput): void {
  // Ids and reasons can come from a replayed workload file: shown, never obeyed (report/safe-text.ts).
  const line = (t: number, text: string): void => toLine(t, terminalText(text));
  const why = (reason: string | undefined): string => (reason === undefined ? '' : ` (${reason})`);
  switch (e.type) {
    case 'trade':
      if (e.outcome === 'REJECTED') line(e.t, `trade ${e.tradeId} rejected: client ${e.clientId} ${e.side} ${e.qty} ${e.instrument}${why(e.reason)}`);
      break;
    case 'order':
      if (e.outcome !== 'FILLED') line(e.t, `${e.purpose} order ${e.orderId} ${e.outcome === 'UNKNOWN' ? 'outcome unknown' : 'rejected'} at ${e.provider}: ${e.side} ${e.qty} ${e.instrument}${why(e.reason)}`);
      break;
    case 'payment':
      if (e.outcome !== 'SUCCEEDED') line(e.t, `payment ${e.paymentId} ${e.outcome === 'UNKNOWN' ? 'outcome unknown' : 'failed'}: ${e.amount} ${e.ccy}${e.provider === undefined ? '' : ` at ${e.provider}`}${why(e.reason)}`);
      break;
    case 'execution':
      if (e.occurrence > 1) toLine(e.t, red(out, terminalText(`duplicate ${e.op === 'place_order' ? 'order' : 'charge'} ${e.reference} executed at ${e.provider} (execution ${e.occurrence})`)));
      break;
    case 'dead_letter':
      line(e.t, `dead letter: ${e.itemType} ${e.itemId} (${e.reason})`);
      break;
    case 'price.rejected':
      line(e.t, `price ${e.price} for ${e.instrument} from ${e.provider} rejected (${e.reason})`);
      break;
    default:
      break;
  }
}
