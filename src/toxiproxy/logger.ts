/** Where the server reports what it does. The CLI logs to stderr; in-process use is silent by default. */

/** Structured log sink for the embedded Toxiproxy server. */
export interface ToxiproxyLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything. */
export const silentLogger: ToxiproxyLogger = {
  info: () => undefined,
  warn: () => undefined,
};

/** Writes one line per event, `level message key=value ...`, to a stream (stderr for the CLI). */
export function createLineLogger(write: (line: string) => void): ToxiproxyLogger {
  const line = (level: string, message: string, fields?: Record<string, unknown>): void => {
    const rest = Object.entries(fields ?? {})
      .map(([k, v]) => ` ${k}=${typeof v === 'string' ? JSON.stringify(v) : String(v)}`)
      .join('');
    write(`${level} ${message}${rest}\n`);
  };
  return {
    info: (message, fields) => line('INF', message, fields),
    warn: (message, fields) => line('WRN', message, fields),
  };
}
