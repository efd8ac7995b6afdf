/**
 * Source positions for scenario paths, from the `yaml` Document API: a zod issue path or a
 * cross-field rule path becomes the line and column of the node it names.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { ProblemPath } from './problems.js';

/** Which part of the source a problem points at. */
export type PointAt = 'value' | 'key';

export interface SourcePosition {
  line: number;
  col: number;
}

/** Resolves scenario paths to positions in one parsed YAML document. */
export interface SourceMap {
  /**
   * Position of `path`: the value node (default) or the key of the pair holding it. When the path
   * does not exist (a missing key), the nearest existing ancestor: the map that lacks the key.
   */
  locate(path: ProblemPath, at?: PointAt): SourcePosition;
  /** Whether the path exists in the document as written (defaults do not count). */
  has(path: ProblemPath): boolean;
}

function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  if (key === null || key === undefined) return undefined;
  return String(key);
}

/** The pair holding `key` in a map node, if any. */
function findPair(node: unknown, key: string | number): Pair | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find((pair) => isPair(pair) && keyText(pair) === String(key));
}

function child(node: unknown, segment: string | number): Node | undefined {
  if (isMap(node)) {
    const value = findPair(node, segment)?.value;
    return (value ?? undefined) as Node | undefined;
  }
  if (isSeq(node) && typeof segment === 'number') return (node.items[segment] ?? undefined) as Node | undefined;
  return undefined;
}

/** Build a source map for `doc`, whose text was counted by `lineCounter`. */
export function createSourceMap(doc: Document, lineCounter: LineCounter): SourceMap {
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };

  /** Walk as far down the path as the document goes; returns the node and the pair it came from. */
  const walk = (path: ProblemPath): { node: Node | undefined; pair: Pair | undefined; complete: boolean } => {
    let node: Node | undefined = (doc.contents ?? undefined) as Node | undefined;
    let pair: Pair | undefined;
    for (const segment of path) {
      const nextPair = findPair(node, segment);
      const next = child(node, segment);
      if (next === undefined && nextPair === undefined) return { node, pair, complete: false };
      pair = nextPair;
      // A key with no value (`for:`) has a pair but a null value node: point at the key.
      if (next === undefined) return { node: undefined, pair, complete: true };
      node = next;
    }
    return { node, pair, complete: true };
  };

  return {
    locate(path, at = 'value') {
      const { node, pair, complete } = walk(path);
      // An empty value (`title:`) has a zero-width node at the end of the line; the key is clearer.
      const empty = node?.range !== undefined && node.range !== null && node.range[0] === node.range[1];
      if (complete && (at === 'key' || node === undefined || empty) && pair !== undefined && isScalar(pair.key) && pair.key.range) {
        return position(pair.key.range[0]);
      }
      if (node?.range) return position(node.range[0]);
      return { line: 1, col: 1 };
    },
    has(path) {
      return walk(path).complete;
    },
  };
}
