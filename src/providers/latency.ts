/** Baseline response latency drawn from the provider's distribution (lognormal by default). */
import type { LatencyModel } from '../scenario/model.js';

const Z99 = 2.326347874;

/** Sample a latency in whole ms from two independent uniforms/normals supplied by the caller's Rng. */
export function sampleLatency(model: LatencyModel, normal: number, uniform: number): number {
  let ms: number;
  switch (model.distribution) {
    case 'fixed':
      ms = model.medianMs;
      break;
    case 'uniform':
      ms = model.minMs + (model.maxMs - model.minMs) * uniform;
      break;
    case 'lognormal': {
      const sigma = model.p99Ms > model.medianMs ? Math.log(model.p99Ms / model.medianMs) / Z99 : 0;
      ms = model.medianMs * Math.exp(sigma * normal);
      break;
    }
  }
  const upper = model.maxMs > 0 ? model.maxMs : Number.POSITIVE_INFINITY;
  return Math.max(model.minMs, Math.min(upper, Math.round(ms)));
}
