/**
 * Fault ids. A fault without an explicit `id` is called `<kind>-<target>-<n>`, n counting faults
 * of the same kind and target from 1 in file order, so ids are stable when unrelated faults are
 * added elsewhere in the timeline.
 */

/** The minimal fault shape needed to name it. */
export interface NameableFault {
  id?: string | undefined;
  kind: string;
  target: string;
}

/** Ids for each fault, in order (explicit ids kept as written). */
export function assignFaultIds(faults: readonly (NameableFault | undefined)[]): (string | undefined)[] {
  const counts = new Map<string, number>();
  return faults.map((fault) => {
    if (fault === undefined) return undefined;
    const stem = `${fault.kind}-${fault.target}`;
    const n = (counts.get(stem) ?? 0) + 1;
    counts.set(stem, n);
    return fault.id ?? `${stem}-${n}`;
  });
}
