/**
 * `faultline mocks serve <scenario>`: the scenario's provider mocks (with its faults on their
 * timeline) over HTTP on 127.0.0.1, for exploring with curl. Runs until SIGINT or SIGTERM.
 * Register with `registerMocksCommand(program)`.
 */
import type { Command } from 'commander';
import { FaultlineError } from '../../errors.js';
import { faultlineVersion } from '../../io/version.js';
import { planScenarioFile } from '../../run/plan-scenario.js';
import { parseSeed } from './options.js';

interface MocksServeOptions {
  host: string;
  port: string;
  speed: string;
  seed?: string;
  baseline?: boolean;
  quiet?: boolean;
}

function usage(title: string, hint: string): FaultlineError {
  return new FaultlineError({ code: 'BAD_OPTION', kind: 'usage', title, hint });
}

export async function runMocksServe(file: string, options: MocksServeOptions): Promise<void> {
  if (!/^\d+$/.test(options.port) || Number(options.port) > 65535) throw usage(`--port ${options.port} is not a port number`, 'for example --port 8787 (0 picks a free port)');
  const speed = Number(options.speed);
  if (!Number.isFinite(speed) || speed <= 0) throw usage(`--speed ${options.speed} is not a positive number`, 'for example --speed 60 (one scenario minute per second)');
  const seed = parseSeed(options.seed);
  const { scenario, plan } = await planScenarioFile(file, { ...(seed === undefined ? {} : { seed }), mode: 'msw', version: faultlineVersion() });
  const log = (line: string): void => {
    if (options.quiet !== true) process.stderr.write(`${line}\n`);
  };
  // msw (with its GraphQL and interceptor dependencies, ~30 MB of RSS) is loaded only for this
  // command and the modes that use it, not at every start of the CLI.
  const { serveMocks } = await import('../../transports/msw-serve.js');
  const server = await serveMocks({
    plan, host: options.host, port: Number(options.port), speed, baseline: options.baseline === true, log,
    onEvent: (e, t) => log(`${new Date(t).toISOString()} ${e.type} ${JSON.stringify(e)}`),
  });
  process.stderr.write(`faultline mocks for ${scenario.id} on ${server.url} (scenario time from ${new Date(scenario.startMs).toISOString()}, ${speed}× wall time${options.baseline === true ? ', no faults' : ''})\n`);
  for (const p of scenario.providers) process.stderr.write(`  ${p.id.padEnd(16)} ${p.archetype.padEnd(14)} ${server.providerUrls[p.id]}\n`);
  for (const f of options.baseline === true ? [] : plan.faults) {
    process.stderr.write(`  fault ${f.id}: ${f.kind} on ${f.target} from ${new Date(f.startMs).toISOString()} to ${new Date(f.endMs).toISOString()}\n`);
  }
  process.stderr.write('Ctrl-C to stop\n');
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Adds `faultline mocks serve <scenario> [--host] [--port] [--speed] [--seed] [--baseline] [--quiet]`. */
export function registerMocksCommand(program: Command): void {
  const mocks = program.command('mocks').description("the scenario's provider mocks (CoinGecko-, Binance-, Stripe-… like APIs with its faults)");
  mocks
    .command('serve <scenario>')
    .description('serve the mocks over HTTP on 127.0.0.1 for curl: http://127.0.0.1:<port>/<provider-id>/<api path>')
    .option('--host <host>', 'host to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', '8787')
    .option('--speed <n>', 'scenario seconds per wall second (faults and latencies scale with it)', '1')
    .option('--seed <n>', 'override the scenario seed')
    .option('--baseline', 'serve without the scenario faults')
    .option('--quiet', 'do not log requests')
    .action(async (file: string, options: MocksServeOptions) => {
      await runMocksServe(file, options);
    });
}
