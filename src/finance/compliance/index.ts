/**
 * Compliance clocks (finance-reference.md §5): regimes as data, a pure evaluator producing
 * `compliance.csv` rows, the firm's playbook, indicative penalty references, and the
 * independent deadline recomputation for the §10.4 self-check.
 * Simulated; compliance figures are indicative, not legal advice.
 */
export * from './types.js';
export * from './rules.js';
export * from './licences.js';
export * from './penalties.js';
export * from './playbook.js';
export * from './clock.js';
export * from './evaluate.js';
export * from './recompute.js';
