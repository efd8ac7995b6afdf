/**
 * `faultline toxiproxy`: runs the embedded Toxiproxy-compatible server in the foreground, logging
 * to stderr, until SIGINT or SIGTERM. Bad flags and bad config files are FaultlineErrors.
 */
import type { Command } from 'commander';
import { FaultlineError } from '../../errors.js';
import { createLineLogger, loadProxyConfig, startToxiproxyServer } from '../../toxiproxy/index.js';

/** Options as commander parses them. */
interface ToxiproxyCommandOptions {
  host: string;
  port: string;
  config?: string;
  seed?: string;
  proxyMetrics?: boolean;
}

function parseInteger(flag: string, value: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) > max) {
    throw new FaultlineError({
      code: 'USAGE_INVALID_OPTION',
      kind: 'usage',
      title: `Invalid ${flag} value: ${value}`,
      hint: `${flag} takes an integer from 0 to ${max}.`,
    });
  }
  return Number(value);
}

/** Runs the server until a signal arrives; resolves after a clean shutdown. */
export async function runToxiproxyCommand(options: ToxiproxyCommandOptions): Promise<void> {
  const port = parseInteger('--port', options.port, 65535);
  const seed = options.seed === undefined ? undefined : parseInteger('--seed', options.seed, 0xffffffff);
  const proxies = options.config === undefined ? undefined : await loadProxyConfig(options.config);
  const logger = createLineLogger((line) => process.stderr.write(line));
  const server = await startToxiproxyServer({ host: options.host, port, seed, proxies, metrics: options.proxyMetrics === true, logger });
  process.stderr.write(`faultline toxiproxy listening on ${server.url} (seed ${server.seed}); Ctrl-C to stop\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stderr.write(`received ${signal}, shutting down\n`);
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Adds `faultline toxiproxy [--host] [--port] [--config] [--seed] [--proxy-metrics]` to the program. */
export function registerToxiproxyCommand(program: Command): void {
  program
    .command('toxiproxy')
    .description('run the embedded Toxiproxy-compatible server (Toxiproxy 2.12 HTTP API and toxics) in the foreground')
    .option('--host <host>', 'host to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '8474')
    .option('--config <file>', 'JSON file of proxies to create at start-up')
    .option('--seed <n>', 'seed for toxicity rolls and jitter (reproducible runs)')
    .option('--proxy-metrics', 'serve Prometheus proxy byte counters on /metrics')
    .action(async (options: ToxiproxyCommandOptions) => {
      await runToxiproxyCommand(options);
    });
}
