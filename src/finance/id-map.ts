/**
 * A string-keyed map (get and set only) for keys made of a short prefix and a fixed-width decimal
 * number: workload ids (`P000123`) and keys built from them (`idem-P000123`). Such a key is kept in
 * an array under its prefix and width, at its number, instead of in a hash table: a replay looks up
 * ~40k payment keys per provider model, and a Map of that size misses the cache on every lookup
 * (the bucket, then each chained key's header), while ids issued in order sit next to each other.
 *
 * Same answers as a Map<string, V>: within one prefix and width, a key and its number determine each
 * other (leading zeros included), and every other key (no trailing digits, more than 9 of them, a
 * fifth prefix and width) lives in a plain Map. Where a key lives depends only on the key and on the
 * groups created before it, and groups are never removed, so get looks where set put it.
 */
interface Group<V> {
  prefix: string;
  width: number;
  values: (V | undefined)[];
}

/** Groups per map: the workload has two kinds of ids; a few more cost a short scan. */
const MAX_GROUPS = 4;
/** Numbers up to this go in a group's array; larger ones in the Map (a sparse array is a dictionary anyway). */
const MAX_INDEX = 1 << 24;

export class IdMap<V> {
  private readonly groups: Group<V>[] = [];
  private readonly other = new Map<string, V>();
  /** The number of the key last located (a second return value without an allocation). */
  private index = 0;

  get(key: string): V | undefined {
    const group = this.locate(key, false);
    return group === undefined ? this.other.get(key) : group.values[this.index];
  }

  set(key: string, value: V): void {
    const group = this.locate(key, true);
    if (group === undefined) this.other.set(key, value);
    else group.values[this.index] = value;
  }

  /** The group holding `key` (its number left in `index`), or undefined for the Map. */
  private locate(key: string, create: boolean): Group<V> | undefined {
    const n = key.length;
    let i = n;
    while (i > 0) {
      const c = key.charCodeAt(i - 1);
      if (c < 48 || c > 57) break;
      i--;
    }
    const width = n - i;
    if (width === 0 || width > 9) return undefined;
    let v = 0;
    for (let j = i; j < n; j++) v = v * 10 + (key.charCodeAt(j) - 48);
    if (v >= MAX_INDEX) return undefined;
    const groups = this.groups;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g]!;
      if (group.width === width && group.prefix.length === i && key.startsWith(group.prefix)) {
        this.index = v;
        return group;
      }
    }
    // A prefix and width seen first by get has nothing stored under it yet: the Map answers (miss).
    if (!create || groups.length >= MAX_GROUPS) return undefined;
    const group: Group<V> = { prefix: key.slice(0, i), width, values: [] };
    groups.push(group);
    this.index = v;
    return group;
  }
}
