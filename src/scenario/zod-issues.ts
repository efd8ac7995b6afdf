/**
 * zod issues → scenario problems with messages and hints written for people. The raw data and
 * the schema are both consulted: the data to say what was found, the schema to say what was
 * allowed (keys of a strict object, the syntax of a duration, the members of an enum).
 */
import type { z } from 'zod';
import { formatPath, type ProblemPath } from './problems.js';
import { REMOVED_KEYS } from './schema.js';
import type { PointAt } from './source-map.js';
import { allowedKeys, isMissingKey, schemaAt, valueAt } from './schema-walk.js';
import { closest, listOf } from './suggest.js';
import { describeValue, syntaxOf, TYPE_EXAMPLES } from './value-hints.js';

/** A problem before it has a file position. */
export interface PathProblem {
  path: ProblemPath;
  message: string;
  hint?: string;
  /** Point at the key of the pair rather than its value (unknown keys, bad record keys). */
  at?: PointAt;
}

type Issue = z.core.$ZodIssue;

/** Convert every zod issue into one or more path problems. */
export function problemsFromIssues(issues: readonly Issue[], root: z.ZodType, raw: unknown): PathProblem[] {
  return issues.flatMap((issue) => fromIssue(issue, root, raw));
}

function fromIssue(issue: Issue, root: z.ZodType, raw: unknown): PathProblem[] {
  const path = issue.path as ProblemPath;
  const value = valueAt(raw, path);
  const syntax = syntaxOf(schemaAt(root, path, raw));
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(root, path, raw);
      return issue.keys.map((key) => {
        const removed = REMOVED_KEYS[formatPath([...path, key]).replace(/\[\d+\]/g, '[]')];
        if (removed !== undefined) return { path: [...path, key], message: `"${key}" is no longer a scenario key`, at: 'key' as const, hint: removed };
        const suggestion = closest(key, allowed);
        const hint = suggestion !== undefined ? `did you mean \`${suggestion}\`?` : allowed.length > 0 ? `allowed keys here: ${listOf(allowed)}` : undefined;
        return { path: [...path, key], message: `unknown key "${key}"`, at: 'key' as const, ...(hint === undefined ? {} : { hint }) };
      });
    }
    case 'invalid_type':
      return [invalidType(path, issue.expected, value, raw, syntax)];
    case 'invalid_value': {
      const values = issue.values.map((v) => (typeof v === 'string' ? v : String(v)));
      if (value === undefined && isMissingKey(raw, path)) return [missing(path, undefined, `one of ${listOf(values, '"', 'or')}`)];
      if (path.length === 1 && path[0] === 'faultline') {
        return [{ path, message: `unsupported scenario format version ${JSON.stringify(value)}`, hint: 'this faultline reads format 1: write `faultline: 1` at the top of the file' }];
      }
      const suggestion = typeof value === 'string' ? closest(value, values) : undefined;
      return [
        {
          path,
          message: `expected ${values.length === 1 ? `"${values[0]}"` : `one of ${listOf(values, '"', 'or')}`}, got ${describeValue(value)}`,
          ...(suggestion === undefined ? {} : { hint: `did you mean "${suggestion}"?` }),
        },
      ];
    }
    case 'invalid_union':
      return [invalidUnion(issue, path, value, raw, syntax)];
    case 'invalid_format':
      return [{ path, message: `${issue.message}, got ${describeValue(value)}`, ...formatHint(value, syntax) }];
    case 'too_small':
    case 'too_big':
      return [sizeProblem(issue, path, value)];
    case 'invalid_key': {
      const keySyntax = issue.issues.length > 0 ? issue.issues[0]!.message : 'invalid key';
      return [{ path, message: `invalid key "${String(path[path.length - 1])}": ${keySyntax}`, at: 'key' }];
    }
    case 'invalid_element':
      return issue.issues.flatMap((inner) => fromIssue({ ...inner, path: [...path, ...inner.path] } as Issue, root, raw));
    case 'not_multiple_of':
      return [{ path, message: `must be a multiple of ${String(issue.divisor)}, got ${describeValue(value)}` }];
    case 'custom':
    default:
      return [{ path, message: issue.message }];
  }
}

/** A missing key; `example` is a literal to copy, `shape` a description of the value. */
function missing(path: ProblemPath, example: string | undefined, shape?: string): PathProblem {
  const key = String(path[path.length - 1]);
  const hint = example !== undefined ? `add \`${key}: ${example}\`` : `add \`${key}:\` with ${shape ?? 'a value'}`;
  return { path, message: `missing required key "${key}"`, hint };
}

function invalidType(path: ProblemPath, expected: string, value: unknown, raw: unknown, syntax: ReturnType<typeof syntaxOf>): PathProblem {
  if (value === undefined && isMissingKey(raw, path)) return missing(path, syntax?.example, TYPE_EXAMPLES[expected] ?? expected);
  const noun = syntax?.noun ?? nounOf(expected);
  const message = `expected ${noun}, got ${describeValue(value)}`;
  if (syntax?.noun === 'a duration' && typeof value === 'number') {
    return { path, message, hint: `a bare number has no unit: write "${value}s", "${value}m" or "${value}ms"; ${syntax.rule}` };
  }
  if (syntax !== undefined && (syntax.noun.includes('decimal')) && typeof value === 'number') {
    return { path, message, hint: syntax.rule };
  }
  if (syntax !== undefined) return { path, message, hint: `${syntax.rule}; e.g. ${syntax.example}` };
  if (value === null) return { path, message, hint: `the key has no value; give it ${TYPE_EXAMPLES[expected] ?? expected} or remove the key` };
  return { path, message, hint: `expected ${TYPE_EXAMPLES[expected] ?? expected}` };
}

function nounOf(expected: string): string {
  switch (expected) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'record':
      return 'a mapping';
    case 'int':
      return 'a whole number';
    default:
      return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
  }
}

function formatHint(value: unknown, syntax: ReturnType<typeof syntaxOf>): { hint?: string } {
  if (syntax === undefined) return {};
  if (syntax.noun === 'a currency code' && typeof value === 'string' && /^[a-z][a-z0-9]{2,9}$/i.test(value)) {
    return { hint: `did you mean "${value.toUpperCase()}"? ${syntax.rule}` };
  }
  if (syntax.noun === 'an identifier' && typeof value === 'string') {
    const slug = value.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+/, '');
    if (slug !== '' && slug !== value) return { hint: `did you mean "${slug}"? ${syntax.rule}` };
  }
  if (syntax.noun === 'an ISO-8601 instant' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) {
    return { hint: `add a zone: "${value}Z" for UTC; ${syntax.rule}` };
  }
  return { hint: `${syntax.rule}` };
}

function invalidUnion(issue: Extract<Issue, { code: 'invalid_union' }>, path: ProblemPath, value: unknown, raw: unknown, syntax: ReturnType<typeof syntaxOf>): PathProblem {
  const discriminator = (issue as { discriminator?: string }).discriminator;
  const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
  if (discriminator !== undefined) {
    // zod puts the discriminator at the end of the path already.
    const objectPath = path[path.length - 1] === discriminator ? path.slice(0, -1) : path;
    const fieldPath = [...objectPath, discriminator];
    const found = valueAt(raw, fieldPath);
    if (found === undefined) return { path: fieldPath, message: `missing required key "${discriminator}"`, hint: `add \`${discriminator}:\` with one of ${listOf(options, '"', 'or')}` };
    const suggestion = typeof found === 'string' ? closest(found, options) : undefined;
    return {
      path: fieldPath,
      message: `unknown ${discriminator} ${JSON.stringify(found)}`,
      hint: suggestion !== undefined ? `did you mean "${suggestion}"? (${discriminator}s: ${options.join(', ')})` : `${discriminator} must be one of ${listOf(options, '"', 'or')}`,
    };
  }
  if (value === undefined && isMissingKey(raw, path)) return missing(path, syntax?.example);
  const message = `expected ${syntax?.noun ?? 'one of the allowed forms'}, got ${describeValue(value)}`;
  if (syntax?.noun === 'a duration' || syntax?.noun === 'an offset from the start or an instant') {
    if (typeof value === 'number') return { path, message, hint: `a bare number has no unit: write "${value}m" or "${value}s"; ${syntax.rule}` };
  }
  if (syntax !== undefined) return { path, message, hint: `${syntax.rule}; e.g. ${syntax.example}` };
  const branches = issue.errors.map((errs) => errs.map((e) => e.message).join('; ')).filter((m) => m !== '');
  return { path, message, ...(branches.length > 0 ? { hint: `either ${branches.join(', or ')}` } : {}) };
}

function sizeProblem(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, path: ProblemPath, value: unknown): PathProblem {
  const small = issue.code === 'too_small';
  const limit = small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum;
  const inclusive = (issue as { inclusive?: boolean }).inclusive ?? true;
  switch (issue.origin) {
    case 'array':
    case 'set':
      return { path, message: small ? `needs at least ${String(limit)} item${Number(limit) === 1 ? '' : 's'}` : `has more than ${String(limit)} items` };
    case 'string':
      return { path, message: small ? (Number(limit) <= 1 ? 'must not be empty' : `must be at least ${String(limit)} characters`) : `must be at most ${String(limit)} characters` };
    default: {
      const op = small ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
      return { path, message: `must be ${op} ${String(limit)}, got ${describeValue(value)}` };
    }
  }
}
