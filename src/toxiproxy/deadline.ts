/**
 * Precise deadlines for toxic waits, shared by every stub of the process: one Node timer for the
 * earliest deadline instead of one per wait, and a fine phase that hits each deadline within a few
 * tens of µs without spinning.
 *
 * Node's timers count whole milliseconds on the event loop's cached clock, and the poll they sleep in
 * takes a timeout in whole milliseconds too: a timer fires anywhere from about 1 ms early to 2 ms late.
 * So a Node timer only wakes us `COARSE_MS` before the earliest deadline. From there the loop sleeps in
 * slices of at most `SLICE_MS` (`Atomics.wait`, which sleeps with µs precision and uses no CPU) and
 * lets the event loop poll for I/O between slices, so no connection waits more than a slice for its
 * reads. A deadline within a slice is slept to exactly, then fired. Nothing ever fires early: a waiter
 * is called once `performance.now()` has reached its deadline.
 *
 * Where `Atomics.wait` is not allowed on this thread, the fine phase spins on `setImmediate` instead
 * (precise too, but it keeps a core busy while a deadline is near).
 */

/** How long before the earliest deadline the coarse Node timer wakes the loop. */
const COARSE_MS = 2;
/** Longest a fine-phase sleep blocks the event loop. */
const SLICE_MS = 0.2;

interface Waiter {
  deadline: number;
  fire: (() => void) | undefined;
}

/** Min-heap of waiters by deadline; cancelled waiters (fire undefined) are dropped when they reach the top. */
const heap: Waiter[] = [];
let pending = 0;
let timer: NodeJS.Timeout | undefined;
let immediate: NodeJS.Immediate | undefined;
let sleepCell: Int32Array | null | undefined;

function push(waiter: Waiter): void {
  heap.push(waiter);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]!.deadline <= waiter.deadline) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = waiter;
}

function pop(): void {
  const last = heap.pop()!;
  if (heap.length === 0) return;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= heap.length) break;
    const right = left + 1;
    const child = right < heap.length && heap[right]!.deadline < heap[left]!.deadline ? right : left;
    if (heap[child]!.deadline >= last.deadline) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = last;
}

/** The earliest live waiter, dropping cancelled ones. */
function top(): Waiter | undefined {
  while (heap.length > 0 && heap[0]!.fire === undefined) pop();
  return heap[0];
}

/** Blocks this thread for `ms` (sub-millisecond), or returns false if it may not block. */
function blockFor(ms: number): boolean {
  if (sleepCell === undefined) {
    try {
      sleepCell = new Int32Array(new SharedArrayBuffer(4));
      Atomics.wait(sleepCell, 0, 0, 0);
    } catch {
      sleepCell = null;
    }
  }
  if (sleepCell === null) return false;
  Atomics.wait(sleepCell, 0, 0, ms);
  return true;
}

/** Fires every waiter whose deadline has passed; true if any did. */
function fireDue(): boolean {
  let fired = false;
  for (let next = top(); next !== undefined && next.deadline <= performance.now(); next = top()) {
    const fire = next.fire!;
    next.fire = undefined;
    pending -= 1;
    pop();
    fire();
    fired = true;
  }
  return fired;
}

function arm(): void {
  if (immediate !== undefined) return;
  if (timer !== undefined) {
    clearTimeout(timer);
    timer = undefined;
  }
  const next = top();
  if (next === undefined) return;
  const remaining = next.deadline - performance.now();
  if (remaining > COARSE_MS + 1) timer = setTimeout(onTimer, Math.floor(remaining - COARSE_MS));
  else immediate = setImmediate(fine);
}

function onTimer(): void {
  timer = undefined;
  arm();
}

function fine(): void {
  immediate = undefined;
  // Whatever fires resolves promises: return, so the chunks it releases are written before any sleep.
  if (fireDue()) return arm();
  const next = top();
  if (next === undefined) return;
  const remaining = next.deadline - performance.now();
  if (remaining > COARSE_MS + 1) return arm();
  if (remaining > 0 && blockFor(Math.min(remaining, SLICE_MS)) && remaining <= SLICE_MS) fireDue();
  immediate = setImmediate(fine);
}

/**
 * Calls `fire` once `performance.now()` reaches `deadline`; returns a function that cancels it. The
 * pending wait keeps the process alive, like a Node timer.
 */
export function atDeadline(deadline: number, fire: () => void): () => void {
  const waiter: Waiter = { deadline, fire };
  pending += 1;
  push(waiter);
  if (heap[0] === waiter) {
    // A new earliest deadline: re-aim the coarse timer (the fine phase re-aims itself).
    arm();
  }
  return () => {
    if (waiter.fire === undefined) return;
    waiter.fire = undefined;
    pending -= 1;
    if (pending === 0) {
      // Nothing left to wait for: no timer may keep the process alive.
      heap.length = 0;
      if (timer !== undefined) clearTimeout(timer);
      if (immediate !== undefined) clearImmediate(immediate);
      timer = undefined;
      immediate = undefined;
    }
  };
}
