/**
 * The evaluation's Monte Carlo VaR on a worker thread (finance/evaluate/var-report.ts). It is ~0.15 s
 * of pure arithmetic on a few inputs, and the evaluation around it is synchronous, single-threaded
 * work: started on a worker before the rest of the evaluation, it costs the run almost nothing.
 *
 * The result comes back through a SharedArrayBuffer the main thread waits on with `Atomics.wait`, so
 * the evaluation stays a synchronous pure function with the runner as its port. The report is the
 * same as simulated on the main thread (same input, same seeded streams; tested). Whenever the worker
 * cannot be used — running from TypeScript sources without the compiled worker, a worker that fails or
 * does not answer in time — the main thread simulates it itself.
 */
import { Worker } from 'node:worker_threads';
import { compiledWorkerAvailable } from './compiled-worker.js';
import type { MonteCarloRunner } from '../finance/evaluate/evaluate-run.js';
import { computeMonteCarloVarFrom, varReportFromData } from '../finance/evaluate/var-report.js';
import { RESULT_OFFSET, STATUS_DONE, STATUS_PENDING, type MonteCarloWorkerData } from './monte-carlo-worker.js';

/** Room for the report's JSON (~4 kB for three models). */
const RESULT_BYTES = 64 * 1024;
/** How long the evaluation waits for the worker before simulating on its own thread. */
const ANSWER_TIMEOUT_MS = 30_000;

const workerUrl = new URL('./monte-carlo-worker.js', import.meta.url);

/** A MonteCarloRunner that simulates on a worker thread (or here, when it cannot). */
export const monteCarloOnThread: MonteCarloRunner = (input) => {
  const here = (): ReturnType<ReturnType<MonteCarloRunner>> => computeMonteCarloVarFrom(input);
  if (!compiledWorkerAvailable(workerUrl)) return here;
  const shared = new SharedArrayBuffer(RESULT_OFFSET + RESULT_BYTES);
  const cells = new Int32Array(shared, 0, 2);
  let worker: Worker;
  try {
    worker = new Worker(workerUrl, { workerData: { input, shared } satisfies MonteCarloWorkerData });
  } catch {
    return here;
  }
  // It ends by itself once it has answered; it must not keep the process alive, nor crash it.
  worker.unref();
  worker.on('error', () => undefined);
  return () => {
    Atomics.wait(cells, 0, STATUS_PENDING, ANSWER_TIMEOUT_MS);
    if (Atomics.load(cells, 0) !== STATUS_DONE) {
      void worker.terminate();
      return here();
    }
    const bytes = new Uint8Array(shared, RESULT_OFFSET, Atomics.load(cells, 1));
    // TextDecoder does not take views of shared memory: copy the few kB out first.
    return varReportFromData(JSON.parse(new TextDecoder().decode(bytes.slice())));
  };
};
