/**
 * Column storage for the ledger's bulky records (a 100k-item drill has ~200k of them per replay):
 * numbers in typed arrays, repeated strings as small integers, decimal strings as they were
 * recorded. A record is then a view (a table and a row) made when read, instead of an object with a
 * dozen fields (and a boxed number per timestamp) kept and promoted by V8 for the rest of the run.
 * Keeping the decimal strings as doubles where they print back exactly saved ~5 MB more per replay
 * but cost a number-to-string conversion per read; not worth it.
 */
import { dec, type Dec } from '../decimal.js';
import { IdMap } from '../id-map.js';
import { lastParsedScale, parseMantissa, ShortDec } from '../short-dec.js';

/**
 * A growable column of small integers (sequence numbers, codes, pooled-string ids, counts). One
 * element kind for every such column: with a typed array per width (Uint8, Uint16, Uint32, Int32)
 * the one `set` they share saw four array kinds and V8's store went megamorphic, the ledger's
 * costliest line; int32 holds every value these columns take (~1.5 MB more per replay of the 100k drill).
 */
export class IntColumn {
  private data = new Int32Array(1024);

  get(row: number): number {
    return this.data[row]!;
  }

  set(row: number, value: number): void {
    if (row >= this.data.length) this.data = grown(this.data, row, (n) => new Int32Array(n));
    this.data[row] = value;
  }
}

/**
 * `data` copied into a typed array with room for `row` (at least double the size, so growth is
 * amortised O(1)); new slots hold `fill`. Called only when a column runs out of room, so its seeing
 * several array kinds costs nothing where it matters.
 */
function grown<A extends Int32Array | Float64Array | Uint8Array>(data: A, row: number, make: (length: number) => A, fill?: number): A {
  const bigger = make(Math.max(row + 1, data.length * 2));
  if (fill !== undefined) bigger.fill(fill, data.length);
  bigger.set(data);
  return bigger;
}

/** Strings that repeat (instruments, client ids, tiers, currencies, providers) as small integers. */
export class StringPool {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [];

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  value(id: number): string {
    return this.values[id]!;
  }
}

/** Scale marking an absent value (a recorded scale is at most 15). */
const ABSENT = 255;

/**
 * Decimal strings as recorded, optionally absent. A plain decimal of up to 15 digits (almost all of
 * them: `0.0618`, `101400`, `37.41`) is kept as its mantissa and scale, from which its text prints
 * back exactly (trailing zeros and the sign of a zero included); any other text is kept as it is.
 * Parsing when recorded rather than keeping the string lets the journal's strings die young: kept,
 * ~440k strings per replay of the 100k drill survived every scavenge into the old generation, and
 * the evaluation parsed them all anyway.
 */
export class DecimalColumn {
  private mantissas = new Float64Array(1024);
  private scales = new Uint8Array(1024).fill(ABSENT);
  /** Texts that do not print back from mantissa and scale (long, exponents, leading zeros), by row. */
  private readonly others = new Map<number, string>();

  set(row: number, text: string | undefined): void {
    if (row >= this.mantissas.length) {
      this.mantissas = grown(this.mantissas, row, (n) => new Float64Array(n));
      this.scales = grown(this.scales, row, (n) => new Uint8Array(n), ABSENT);
    }
    this.others.delete(row);
    if (text === undefined) {
      this.mantissas[row] = Number.NaN;
      this.scales[row] = ABSENT;
      return;
    }
    const m = parseMantissa(text);
    if (m === m && !hasLeadingZero(text)) {
      this.mantissas[row] = m;
      this.scales[row] = lastParsedScale();
      return;
    }
    this.mantissas[row] = Number.NaN;
    this.scales[row] = 0;
    this.others.set(row, text);
  }

  /** The recorded string (absent: undefined). */
  text(row: number): string | undefined {
    const s = this.scales[row]!;
    if (s === ABSENT) return undefined;
    const m = this.mantissas[row]!;
    return m === m ? textOf(m, s) : this.others.get(row);
  }

  /** Whether `row` and `other`'s `otherRow` recorded the same text (both absent counts as the same). */
  sameText(row: number, other: DecimalColumn, otherRow: number): boolean {
    const s = this.scales[row]!;
    if (s !== other.scales[otherRow]!) return false;
    const m = this.mantissas[row]!;
    const n = other.mantissas[otherRow]!;
    // Object.is: 0 and −0 print differently; NaN (absent, or kept as text) is compared by text.
    if (m === m || n === n) return Object.is(m, n);
    return s === ABSENT || this.others.get(row) === other.others.get(otherRow);
  }

  /** The recorded value, or `fallback` when absent. */
  dec(row: number, fallback: Dec): Dec {
    const text = this.text(row);
    return text === undefined ? fallback : dec(text);
  }

  /** The recorded value as a ShortDec (the same value as `dec`), or `fallback` when absent. */
  short(row: number, fallback: ShortDec): ShortDec {
    const s = this.scales[row]!;
    if (s === ABSENT) return fallback;
    const m = this.mantissas[row]!;
    return m === m ? ShortDec.fromParts(m, s) : ShortDec.parse(this.others.get(row)!);
  }
}

/** `0…` followed by another digit: a text that would not print back from its mantissa. */
function hasLeadingZero(text: string): boolean {
  const i = text.charCodeAt(0) === 45 ? 1 : 0;
  if (text.charCodeAt(i) !== 48 || i + 1 >= text.length) return false;
  const next = text.charCodeAt(i + 1);
  return next >= 48 && next <= 57;
}

/** The text of mantissa m (a safe integer, −0 kept) at scale s, as parseMantissa read it. */
function textOf(m: number, s: number): string {
  const negative = m < 0 || Object.is(m, -0);
  let digits = String(negative ? -m : m);
  if (s > 0) {
    if (digits.length <= s) digits = '0'.repeat(s - digits.length + 1) + digits;
    digits = `${digits.slice(0, digits.length - s)}.${digits.slice(digits.length - s)}`;
  }
  return negative ? `-${digits}` : digits;
}

/** Instants (epoch ms), optionally absent (NaN). */
export class TimeColumn {
  private data = new Float64Array(1024);

  set(row: number, t: number | undefined): void {
    if (row >= this.data.length) this.data = grown(this.data, row, (n) => new Float64Array(n));
    this.data[row] = t ?? Number.NaN;
  }

  get(row: number): number | undefined {
    const t = this.data[row]!;
    return Number.isNaN(t) ? undefined : t;
  }

  /** For columns that are never absent. */
  at(row: number): number {
    return this.data[row]!;
  }
}

/** Rows keyed by id in first-recorded order; a second record of an id reuses its row (a Map's `set`). */
export class KeyedRows {
  /** Ids are workload ids (`T000123`, `P000123`): an IdMap keeps them in arrays, not a hash table. */
  private readonly rowOf = new IdMap<number>();
  private readonly ids: string[] = [];

  get size(): number {
    return this.ids.length;
  }

  /** The row of `id`, added at the end when new. */
  rowFor(id: string): number {
    let row = this.rowOf.get(id);
    if (row === undefined) {
      row = this.ids.length;
      this.ids.push(id);
      this.rowOf.set(id, row);
    }
    return row;
  }

  /** The row of `id`, or undefined. */
  find(id: string): number | undefined {
    return this.rowOf.get(id);
  }

  id(row: number): string {
    return this.ids[row]!;
  }
}
