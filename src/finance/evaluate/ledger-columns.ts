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
    if (row >= this.data.length) {
      const bigger = new Int32Array(Math.max(row + 1, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[row] = value;
  }
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

/** Decimal strings, optionally absent, parsed when read. */
export class DecimalColumn {
  private readonly texts: (string | undefined)[] = [];
  /**
   * The texts as ShortDec parts (mantissa, NaN when not a short plain decimal; scale), parsed in
   * one pass when first read as ShortDec: the evaluation reads most figures several times
   * (attribution's two routes, positions, compliance, exposure), and ~9 bytes a value is a small
   * price for parsing each once. Dropped when a row is set.
   */
  private mantissas: Float64Array | undefined;
  private scales: Uint8Array | undefined;

  set(row: number, text: string | undefined): void {
    this.texts[row] = text;
    this.mantissas = undefined;
  }

  /** The recorded string (absent: undefined). */
  text(row: number): string | undefined {
    return this.texts[row];
  }

  /** The recorded value, or `fallback` when absent. */
  dec(row: number, fallback: Dec): Dec {
    const text = this.texts[row];
    return text === undefined ? fallback : dec(text);
  }

  /** The recorded value as a ShortDec (the same value as `dec`), or `fallback` when absent. */
  short(row: number, fallback: ShortDec): ShortDec {
    const text = this.texts[row];
    if (text === undefined) return fallback;
    const mantissas = this.mantissas ?? this.parseAll();
    const m = mantissas[row]!;
    return m === m ? ShortDec.fromParts(m, this.scales![row]!) : ShortDec.parse(text);
  }

  private parseAll(): Float64Array {
    const texts = this.texts;
    const mantissas = new Float64Array(texts.length);
    const scales = new Uint8Array(texts.length);
    for (let row = 0; row < texts.length; row++) {
      const text = texts[row];
      const m = text === undefined ? Number.NaN : parseMantissa(text);
      // NaN (absent, or not short and plain) is read through ShortDec.parse; a scale is ≤ 15.
      mantissas[row] = m;
      scales[row] = m === m ? lastParsedScale() : 0;
    }
    this.mantissas = mantissas;
    this.scales = scales;
    return mantissas;
  }
}

/** Instants (epoch ms), optionally absent (NaN). */
export class TimeColumn {
  private data = new Float64Array(1024);

  set(row: number, t: number | undefined): void {
    if (row >= this.data.length) {
      const bigger = new Float64Array(Math.max(row + 1, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
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
