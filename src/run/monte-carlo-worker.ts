/**
 * The worker thread of run/monte-carlo-thread.ts: simulates the Monte Carlo VaR of its input and
 * writes the report, as JSON, into the shared buffer the main thread waits on. Every failure ends
 * as a status the main thread sees (it then simulates on its own thread): the main thread blocks in
 * `Atomics.wait`, so it could not receive an 'error' event meanwhile.
 */
import { workerData } from 'node:worker_threads';
import type { MonteCarloInput } from '../finance/evaluate/var-report.js';

export interface MonteCarloWorkerData {
  input: MonteCarloInput;
  /** [status, result bytes], then the result's UTF-8 JSON (monte-carlo-thread.ts). */
  shared: SharedArrayBuffer;
}

export const STATUS_PENDING = 0;
export const STATUS_DONE = 1;
export const STATUS_FAILED = 2;
/** Bytes before the result: two Int32 cells. */
export const RESULT_OFFSET = 8;

async function run(data: MonteCarloWorkerData): Promise<void> {
  const cells = new Int32Array(data.shared, 0, 2);
  let status = STATUS_FAILED;
  try {
    // Imported here, not at the top: a module that fails to load must still end as a status.
    const { computeMonteCarloVarFrom, varReportToData } = await import('../finance/evaluate/var-report.js');
    const text = JSON.stringify(varReportToData(computeMonteCarloVarFrom(data.input)));
    const room = new Uint8Array(data.shared, RESULT_OFFSET);
    const { read, written } = new TextEncoder().encodeInto(text, room);
    if (read === text.length) {
      Atomics.store(cells, 1, written);
      status = STATUS_DONE;
    }
  } catch {
    // status stays FAILED: the main thread simulates instead.
  }
  Atomics.store(cells, 0, status);
  Atomics.notify(cells, 0);
}

if (workerData !== null && typeof workerData === 'object' && 'shared' in workerData) void run(workerData as MonteCarloWorkerData);
