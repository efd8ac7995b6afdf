/**
 * The evaluation's Monte Carlo VaR simulated on a worker thread (run/monte-carlo-thread.ts) gives the
 * same report as on the main thread, every decimal exactly; a worker that fails ends as a status, and
 * the main thread then simulates (and fails) as it would have alone. The worker is compiled code, so
 * these tests drive dist/ (built by the global setup), as `faultline run` does.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, expect, test } from 'vitest';
import type * as ThreadModule from '../../src/run/monte-carlo-thread.js';
import type * as WorkerModule from '../../src/run/monte-carlo-worker.js';
import type * as VarReportModule from '../../src/finance/evaluate/var-report.js';
import type { MonteCarloInput } from '../../src/finance/evaluate/var-report.js';

const dist = join(process.cwd(), 'dist/src');
let thread: typeof ThreadModule;
let worker: typeof WorkerModule;
let varReport: typeof VarReportModule;

beforeAll(async () => {
  thread = (await import(join(dist, 'run/monte-carlo-thread.js'))) as typeof ThreadModule;
  worker = (await import(join(dist, 'run/monte-carlo-worker.js'))) as typeof WorkerModule;
  varReport = (await import(join(dist, 'finance/evaluate/var-report.js'))) as typeof VarReportModule;
});

const short: MonteCarloInput = { value: '689520.4711', short: true, horizonMs: 2_700_000, sigmaAnnual: 0.55, parametricVar99: '8217.53', seed: 42, paths: 10_000 };
const long: MonteCarloInput = { ...short, short: false, value: '12345.6', seed: 7, sigmaAnnual: 0.8 };

test.each([['a short', short], ['a long', long]])('the worker thread reports the same VaR as the main thread for %s', (_label, input) => {
  const join = thread.monteCarloOnThread(input);
  const threaded = join();
  const here = varReport.computeMonteCarloVarFrom(input);
  expect(varReport.varReportToData(threaded)).toEqual(varReport.varReportToData(here));
  // Decimals come back as decimals with the same digits, not as strings.
  expect(threaded.rows[0]!.result.var99.equals(here.rows[0]!.result.var99)).toBe(true);
  expect(threaded.closedFormVar99.toString()).toBe(here.closedFormVar99.toString());
  expect(threaded.check).toEqual(here.check);
});

function runWorker(input: MonteCarloInput): Promise<{ status: number; text: string }> {
  const shared = new SharedArrayBuffer(worker.RESULT_OFFSET + 64 * 1024);
  const cells = new Int32Array(shared, 0, 2);
  const w = new Worker(join(dist, 'run/monte-carlo-worker.js'), { workerData: { input, shared } });
  return new Promise((resolve, reject) => {
    w.on('error', reject);
    w.on('exit', () => {
      const bytes = new Uint8Array(shared, worker.RESULT_OFFSET, Atomics.load(cells, 1)).slice();
      resolve({ status: Atomics.load(cells, 0), text: new TextDecoder().decode(bytes) });
    });
  });
}

test('the worker writes the report into the shared buffer and says it is done', async () => {
  const { status, text } = await runWorker(short);
  expect(status).toBe(worker.STATUS_DONE);
  expect(JSON.parse(text)).toEqual(varReport.varReportToData(varReport.computeMonteCarloVarFrom(short)));
});

test('a simulation that fails on the worker ends as a failed status, and the main thread fails the same way', async () => {
  // Fewer paths than 100 × batches: simulateMonteCarloVar refuses them.
  const bad = { ...short, paths: 10 };
  const { status } = await runWorker(bad);
  expect(status).toBe(worker.STATUS_FAILED);
  expect(() => thread.monteCarloOnThread(bad)()).toThrow(/paths must be an integer/);
});
