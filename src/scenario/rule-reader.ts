/**
 * Read the user's raw data one field at a time, through the field's own zod schema. The
 * cross-field rules use this instead of the fully parsed file so they still run, and still find
 * their problems, when an unrelated part of the file failed the schema: a field that is itself
 * invalid reads as `undefined` (zod already reported it) and the rule skips it.
 */
import type { z } from 'zod';
import type { ProblemPath } from './problems.js';
import { valueAt } from './schema-walk.js';

export interface RuleReader {
  /** The field parsed by `schema` (defaults applied), or undefined when it does not parse. */
  get<S extends z.ZodType>(path: ProblemPath, schema: S): z.output<S> | undefined;
  /** Keys of the mapping at `path` (empty when it is not a mapping). */
  keys(path: ProblemPath): string[];
  /** Length of the list at `path` (0 when it is not a list). */
  length(path: ProblemPath): number;
  /** Whether something is written at `path`. */
  has(path: ProblemPath): boolean;
}

/** A reader over raw YAML/JSON data. */
export function createRuleReader(raw: unknown): RuleReader {
  return {
    get(path, schema) {
      const result = schema.safeParse(valueAt(raw, path));
      return result.success ? result.data : undefined;
    },
    keys(path) {
      const value = valueAt(raw, path);
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : [];
    },
    length(path) {
      const value = valueAt(raw, path);
      return Array.isArray(value) ? value.length : 0;
    },
    has(path) {
      return valueAt(raw, path) !== undefined;
    },
  };
}
