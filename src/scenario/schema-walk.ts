/**
 * Walking the zod schema along a scenario path, to learn what is allowed at a place in the file:
 * the keys of a strict object (for "did you mean") and which scalar syntax a value has (for hints).
 */
import { z } from 'zod';
import type { ProblemPath } from './problems.js';

/** Strip wrappers that do not change what a value looks like (optional, default, nullable, ...). */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (let guard = 0; guard < 20; guard++) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable || current instanceof z.ZodPrefault || current instanceof z.ZodReadonly) {
      current = current.unwrap() as z.ZodType;
    } else break;
  }
  return current;
}

function isObjectLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** For a union, the option that the raw value most plausibly meant (by discriminator or shape). */
function pickOption(schema: z.ZodUnion, raw: unknown): z.ZodType | undefined {
  const options = schema.options as readonly z.ZodType[];
  const discriminator = (schema.def as { discriminator?: string }).discriminator;
  if (discriminator !== undefined && isObjectLike(raw)) {
    return options.find((option) => {
      const inner = unwrap(option);
      if (!(inner instanceof z.ZodObject)) return false;
      const field = inner.shape[discriminator] as z.ZodType | undefined;
      return field instanceof z.ZodLiteral && field.values.has(raw[discriminator] as never);
    });
  }
  if (isObjectLike(raw)) return options.find((o) => unwrap(o) instanceof z.ZodObject);
  if (Array.isArray(raw)) return options.find((o) => unwrap(o) instanceof z.ZodArray);
  return undefined;
}

/** The schema at `path`, following `raw` (the user's data) to choose union options. */
export function schemaAt(root: z.ZodType, path: ProblemPath, raw: unknown): z.ZodType | undefined {
  let schema: z.ZodType | undefined = root;
  let value = raw;
  for (const segment of path) {
    if (schema === undefined) return undefined;
    schema = unwrap(schema);
    if (schema instanceof z.ZodUnion) schema = pickOption(schema, value);
    if (schema !== undefined) schema = unwrap(schema);
    if (schema instanceof z.ZodObject) schema = schema.shape[String(segment)] as z.ZodType | undefined;
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.ZodType;
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else return undefined;
    value = isObjectLike(value) || Array.isArray(value) ? (value as Record<string, unknown>)[segment as string] : undefined;
  }
  return schema;
}

/** The keys a strict object at `path` allows (empty when the path is not an object). */
export function allowedKeys(root: z.ZodType, path: ProblemPath, raw: unknown): string[] {
  let schema = schemaAt(root, path, raw);
  if (schema === undefined) return [];
  schema = unwrap(schema);
  if (schema instanceof z.ZodUnion) schema = pickOption(schema, valueAt(raw, path));
  if (schema === undefined) return [];
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** The user's raw value at `path`, or undefined. */
export function valueAt(raw: unknown, path: ProblemPath): unknown {
  let value = raw;
  for (const segment of path) {
    if (!(isObjectLike(value) || Array.isArray(value))) return undefined;
    value = (value as Record<string, unknown>)[segment as string];
  }
  return value;
}

/** Whether the parent of `path` is an object that lacks the last key (a missing required key). */
export function isMissingKey(raw: unknown, path: ProblemPath): boolean {
  if (path.length === 0) return false;
  const parent = valueAt(raw, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) return false;
  return isObjectLike(parent) && !Object.prototype.hasOwnProperty.call(parent, last);
}
