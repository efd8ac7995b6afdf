/**
 * A worker thread's module is the compiled file next to the module that starts it; running faultline
 * from its TypeScript sources (vitest) there is none, and the caller does the work on its own thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function compiledWorkerAvailable(workerUrl: URL): boolean {
  return workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl));
}
