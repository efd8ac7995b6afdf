/** Placeholder, replaced below. */
import type { PathProblem } from './zod-issues.js';
export function checkCrossFieldRules(_raw: unknown): PathProblem[] {
  return [];
}
