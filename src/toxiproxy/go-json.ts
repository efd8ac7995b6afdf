/**
 * Just enough of Go's `encoding/json` to answer exactly as Toxiproxy does: `json.Decoder.Decode`
 * reads the first value only (trailing bytes are ignored), reports syntax errors in Go's words,
 * matches keys case-insensitively, ignores unknown keys and `null`, and reports the first type
 * mismatch as `json: cannot unmarshal X into Go struct field S.path of type T`. Marshalling escapes
 * `<`, `>` and `&` like Go does and prints float32 values in their shortest float32 form.
 */

/** A parsed JSON value that keeps number literals as written (Go reports them verbatim). */
export type GoJsonValue =
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'number'; raw: string }
  | { kind: 'string'; value: string }
  | { kind: 'array'; items: GoJsonValue[] }
  | { kind: 'object'; entries: [string, GoJsonValue][] };

/** Go types the Toxiproxy API decodes into. */
export type GoType =
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'int64' }
  | { kind: 'int' }
  | { kind: 'float32' }
  | { kind: 'any' }
  | { kind: 'nullable-bool' }
  | { kind: 'struct'; name: string; qualified: string; fields: Record<string, GoType> }
  | { kind: 'slice'; name: string; elem: GoType };

/** A parse or decode failure carrying Go's error text (without the `bad request body: ` prefix). */
export class GoJsonError extends Error {}

class SyntaxFailure extends Error {}

function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return '\'"\'';
  const quoted = JSON.stringify(c);
  return `'${quoted.slice(1, -1)}'`;
}

/** Parses the first JSON value of `text` like `json.NewDecoder(r).Decode`. Throws GoJsonError. */
export function parseGoJson(text: string): GoJsonValue {
  let i = 0;
  const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  const skip = (): void => {
    while (isSpace(text[i])) i += 1;
  };
  const fail = (c: string, context: string): never => {
    throw new SyntaxFailure(`invalid character ${quoteChar(c)} ${context}`);
  };
  const eof = (): never => {
    throw new SyntaxFailure('unexpected EOF');
  };
  const literal = (word: string): void => {
    for (let k = 1; k < word.length; k += 1) {
      const c = text[i + k];
      if (c === undefined) eof();
      if (c !== word[k]) fail(c!, `in literal ${word} (expecting ${quoteChar(word[k]!)})`);
    }
    i += word.length;
  };
  const parseNumber = (): GoJsonValue => {
    const start = i;
    if (text[i] === '-') {
      i += 1;
      const c = text[i];
      if (c === undefined) eof();
      if (!/[0-9]/.test(c!)) fail(c!, 'in numeric literal');
    }
    if (text[i] === '0') i += 1;
    else while (/[0-9]/.test(text[i] ?? '')) i += 1;
    if (text[i] === '.') {
      i += 1;
      const c = text[i];
      if (c === undefined) eof();
      if (!/[0-9]/.test(c!)) fail(c!, 'after decimal point in numeric literal');
      while (/[0-9]/.test(text[i] ?? '')) i += 1;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i += 1;
      if (text[i] === '+' || text[i] === '-') i += 1;
      const c = text[i];
      if (c === undefined) eof();
      if (!/[0-9]/.test(c!)) fail(c!, 'in exponent of numeric literal');
      while (/[0-9]/.test(text[i] ?? '')) i += 1;
    }
    return { kind: 'number', raw: text.slice(start, i) };
  };
  const parseString = (): string => {
    i += 1;
    let out = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) eof();
      if (c === '"') {
        i += 1;
        return out;
      }
      if (c! < ' ') fail(c!, 'in string literal');
      if (c === '\\') {
        const e = text[i + 1];
        if (e === undefined) eof();
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e === 'u') {
          for (let k = 2; k < 6; k += 1) {
            const h = text[i + k];
            if (h === undefined) eof();
            if (!/[0-9a-fA-F]/.test(h!)) fail(h!, 'in \\u hexadecimal character escape');
          }
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else if (simple[e!] !== undefined) {
          out += simple[e!];
          i += 2;
        } else {
          fail(e!, 'in string escape code');
        }
        continue;
      }
      out += c;
      i += 1;
    }
  };
  const parseValue = (): GoJsonValue => {
    skip();
    const c = text[i];
    if (c === undefined) eof();
    switch (c) {
      case '{': {
        i += 1;
        const entries: [string, GoJsonValue][] = [];
        skip();
        if (text[i] === '}') {
          i += 1;
          return { kind: 'object', entries };
        }
        for (;;) {
          skip();
          const k = text[i];
          if (k === undefined) eof();
          if (k !== '"') fail(k!, 'looking for beginning of object key string');
          const key = parseString();
          skip();
          const colon = text[i];
          if (colon === undefined) eof();
          if (colon !== ':') fail(colon!, 'after object key');
          i += 1;
          entries.push([key, parseValue()]);
          skip();
          const sep = text[i];
          if (sep === undefined) eof();
          if (sep === ',') {
            i += 1;
            continue;
          }
          if (sep === '}') {
            i += 1;
            return { kind: 'object', entries };
          }
          fail(sep!, 'after object key:value pair');
        }
      }
      // falls through (unreachable: the loop returns or throws)
      case '[': {
        i += 1;
        const items: GoJsonValue[] = [];
        skip();
        if (text[i] === ']') {
          i += 1;
          return { kind: 'array', items };
        }
        for (;;) {
          items.push(parseValue());
          skip();
          const sep = text[i];
          if (sep === undefined) eof();
          if (sep === ',') {
            i += 1;
            continue;
          }
          if (sep === ']') {
            i += 1;
            return { kind: 'array', items };
          }
          fail(sep!, 'after array element');
        }
      }
      // falls through (unreachable)
      case '"':
        return { kind: 'string', value: parseString() };
      case 't':
        literal('true');
        return { kind: 'bool', value: true };
      case 'f':
        literal('false');
        return { kind: 'bool', value: false };
      case 'n':
        literal('null');
        return { kind: 'null' };
      default:
        if (c === '-' || /[0-9]/.test(c!)) return parseNumber();
        return fail(c!, 'looking for beginning of value');
    }
  };
  skip();
  if (i >= text.length) throw new GoJsonError('EOF');
  try {
    return parseValue();
  } catch (error) {
    if (error instanceof SyntaxFailure) throw new GoJsonError(error.message);
    throw error;
  }
}

function goTypeName(type: GoType): string {
  switch (type.kind) {
    case 'struct':
      return type.qualified;
    case 'slice':
      return type.name;
    case 'any':
      return 'interface {}';
    case 'nullable-bool':
      return '*bool';
    default:
      return type.kind;
  }
}

function jsonKindName(value: GoJsonValue): string {
  return value.kind === 'null' ? 'null' : value.kind;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Decodes `value` onto `target` (a copy is returned; `target` is not mutated) following Go's rules.
 * Fields missing from the JSON keep the target's values, which is how Toxiproxy merges updates.
 * Throws GoJsonError with the first type mismatch, like Go does after decoding everything.
 */
export function decodeGoJson(value: GoJsonValue, type: GoType, target: unknown): unknown {
  let firstError: string | undefined;
  const mismatch = (what: string, t: GoType, path: string[], struct: string | undefined): void => {
    if (firstError !== undefined) return;
    firstError =
      struct === undefined
        ? `json: cannot unmarshal ${what} into Go value of type ${goTypeName(t)}`
        : `json: cannot unmarshal ${what} into Go struct field ${struct}.${path.join('.')} of type ${goTypeName(t)}`;
  };
  const walk = (v: GoJsonValue, t: GoType, current: unknown, path: string[], struct: string | undefined): unknown => {
    if (v.kind === 'null') return current;
    switch (t.kind) {
      case 'any':
        return toPlain(v);
      case 'string':
        if (v.kind === 'string') return v.value;
        mismatch(jsonKindName(v), t, path, struct);
        return current;
      case 'bool':
      case 'nullable-bool':
        if (v.kind === 'bool') return v.value;
        mismatch(jsonKindName(v), t, path, struct);
        return current;
      case 'int':
      case 'int64': {
        if (v.kind !== 'number') {
          mismatch(jsonKindName(v), t, path, struct);
          return current;
        }
        if (!/^-?\d+$/.test(v.raw) || BigInt(v.raw) < INT64_MIN || BigInt(v.raw) > INT64_MAX) {
          mismatch(`number ${v.raw}`, t, path, struct);
          return current;
        }
        return Number(v.raw);
      }
      case 'float32': {
        if (v.kind !== 'number') {
          mismatch(jsonKindName(v), t, path, struct);
          return current;
        }
        const n = Number(v.raw);
        if (!Number.isFinite(n) || Math.abs(n) > FLOAT32_MAX) {
          mismatch(`number ${v.raw}`, t, path, struct);
          return current;
        }
        return Math.fround(n);
      }
      case 'struct': {
        if (v.kind !== 'object') {
          mismatch(jsonKindName(v), t, path, struct);
          return current;
        }
        const base = (typeof current === 'object' && current !== null ? { ...(current as Record<string, unknown>) } : {}) as Record<string, unknown>;
        const names = Object.keys(t.fields);
        for (const [key, child] of v.entries) {
          const field = names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase());
          if (field === undefined) continue;
          base[field] = walk(child, t.fields[field]!, base[field], [...path, field], t.name);
        }
        return base;
      }
      case 'slice': {
        if (v.kind !== 'array') {
          mismatch(jsonKindName(v), t, path, struct);
          return current;
        }
        return v.items.map((item) => walk(item, t.elem, undefined, path, struct));
      }
    }
  };
  const result = walk(value, type, target, [], undefined);
  if (firstError !== undefined) throw new GoJsonError(firstError);
  return result;
}

function toPlain(v: GoJsonValue): unknown {
  switch (v.kind) {
    case 'null':
      return null;
    case 'bool':
    case 'string':
      return v.value;
    case 'number':
      return Number(v.raw);
    case 'array':
      return v.items.map(toPlain);
    case 'object':
      return Object.fromEntries(v.entries.map(([k, x]) => [k, toPlain(x)]));
  }
}

/** `JSON.stringify` with Go's HTML-safe escaping (`<`, `>`, `&`, U+2028, U+2029). */
export function marshalGo(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Formats a float32 the way Go's encoding/json does: the shortest text that reads back as the same float32. */
export function formatFloat32(value: number): string {
  const f = Math.fround(value);
  if (f === 0) return '0';
  for (let p = 1; p <= 9; p += 1) {
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) return String(candidate);
  }
  return String(f);
}
