/**
 * Cleanup that happens on Ctrl-C: SIGINT/SIGTERM handlers that run the registered async cleanups
 * once (last registered first, within a time limit) and then exit 130. A second signal while they
 * run exits at once: whatever is left is still in the undo log, for `faultline cleanup`. The same
 * cleanups run on a normal exit or an error through `runCleanups()`. SIGKILL cannot be caught;
 * that is what the undo log is for.
 */

export interface CleanupOnSignalOptions {
  /** Longest time all cleanups together may take after a signal (default 10 s). */
  timeoutMs?: number;
  /** Signals to handle (default SIGINT and SIGTERM). */
  signals?: readonly NodeJS.Signals[];
  /** How to end the process after a signal (default `process.exit`). */
  exit?: (code: number) => void;
  /** Where to tell people what is happening (default stderr). */
  log?: (line: string) => void;
}

/** What running the cleanups did. */
export interface CleanupOutcome {
  /** Names of the cleanups that finished. */
  done: string[];
  /** `name: message` of those that threw. */
  failures: string[];
  /** True if the time limit passed before all of them finished. */
  timedOut: boolean;
}

export interface CleanupOnSignal {
  /** Registers a cleanup; returns a function that unregisters it. */
  add(name: string, cleanup: () => Promise<void> | void): () => void;
  /** Runs the registered cleanups once (later calls return the same outcome). No time limit unless given. */
  runCleanups(timeoutMs?: number): Promise<CleanupOutcome>;
  /** Removes the signal handlers (the registered cleanups stay runnable). */
  uninstall(): void;
  /** The signal that arrived, if any. */
  readonly signal: NodeJS.Signals | undefined;
}

/** Exit code after an interrupt (design.md: 130 interrupted, after cleanup). */
export const INTERRUPTED_EXIT_CODE = 130;

/** Installs the handlers. Call `uninstall()` when the guarded work is over. */
export function installCleanupOnSignal(options: CleanupOnSignalOptions = {}): CleanupOnSignal {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const exit = options.exit ?? ((code: number): void => process.exit(code));
  const log = options.log ?? ((line: string): void => void process.stderr.write(`${line}\n`));
  const cleanups: { name: string; run: () => Promise<void> | void }[] = [];
  let running: Promise<CleanupOutcome> | undefined;
  let received: NodeJS.Signals | undefined;
  let installed = true;

  const runAll = async (): Promise<CleanupOutcome> => {
    const outcome: CleanupOutcome = { done: [], failures: [], timedOut: false };
    for (const c of [...cleanups].reverse()) {
      try {
        await c.run();
        outcome.done.push(c.name);
      } catch (err) {
        outcome.failures.push(`${c.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return outcome;
  };

  const runCleanups = (limitMs?: number): Promise<CleanupOutcome> => {
    if (running !== undefined) return running;
    const all = runAll();
    if (limitMs === undefined) {
      running = all;
      return running;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<CleanupOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ done: [], failures: [], timedOut: true }), limitMs);
      timer.unref();
    });
    running = Promise.race([all, timeout]).finally(() => clearTimeout(timer));
    return running;
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (received !== undefined) {
      log(`received ${signal} again: exiting without finishing cleanup; run \`faultline cleanup\` to remove what is left`);
      exit(INTERRUPTED_EXIT_CODE);
      return;
    }
    received = signal;
    log(`received ${signal}: cleaning up (press Ctrl-C again to exit at once)`);
    void runCleanups(timeoutMs).then(
      (outcome) => {
        for (const f of outcome.failures) log(`cleanup failed: ${f}`);
        if (outcome.timedOut) log(`cleanup did not finish within ${timeoutMs} ms; run \`faultline cleanup\` to remove what is left`);
        exit(INTERRUPTED_EXIT_CODE);
      },
      () => exit(INTERRUPTED_EXIT_CODE),
    );
  };

  for (const s of signals) process.on(s, onSignal);

  return {
    add(name, cleanup) {
      const entry = { name, run: cleanup };
      cleanups.push(entry);
      return () => {
        const i = cleanups.indexOf(entry);
        if (i >= 0) cleanups.splice(i, 1);
      };
    },
    runCleanups,
    uninstall() {
      if (!installed) return;
      installed = false;
      for (const s of signals) process.off(s, onSignal);
    },
    get signal() {
      return received;
    },
  };
}
