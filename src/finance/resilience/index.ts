/**
 * Operational resilience (docs/resilience.md): critical operations measured from ground truth,
 * a verdict per tolerance, and the regimes (APRA CPS 230, UK PRA/FCA, MAS TRM, EU DORA, US 36 h)
 * applied to them. Pure: no I/O, no wall clock.
 */
export * from './measure.js';
export * from './tolerances.js';
export * from './regime-rules.js';
export * from './regime-clocks.js';
export * from './dora.js';
export * from './regimes.js';
