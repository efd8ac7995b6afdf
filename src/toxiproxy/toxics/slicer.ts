/**
 * `slicer`: splits each chunk into pieces of about `average_size ± size_variation` bytes with a
 * `delay` µs pause after each piece. The data stays intact. Where Go would recurse forever or
 * panic (`average_size` ≤ 0, `size_variation` ≥ `average_size`), pieces are clamped to ≥ 1 byte.
 */
import { INTERRUPTED, TIMED_OUT, sleepMicros, type ToxicStub } from '../stub.js';
import type { ToxicAttributes, ToxicDefinition } from './types.js';

/** Cut offsets as pairs `[start, end, start, end, ...]`, splitting in about two and recursing (Go's algorithm). */
export function sliceOffsets(stub: Pick<ToxicStub, 'rng'>, attributes: ToxicAttributes, start: number, end: number): number[] {
  const average = attributes.average_size ?? 0;
  const variation = attributes.size_variation ?? 0;
  if (end - start - average <= variation || end - start <= 1) return [start, end];
  const offset = variation > 0 ? stub.rng.intn(variation * 2) - variation : 0;
  const mid = Math.min(end - 1, Math.max(start + 1, start + Math.floor((end - start) / 2) + offset));
  return [...sliceOffsets(stub, attributes, start, mid), ...sliceOffsets(stub, attributes, mid, end)];
}

/** The `slicer` toxic type. */
export const slicerToxic: ToxicDefinition = {
  type: 'slicer',
  structName: 'SlicerToxic',
  attributes: { average_size: 'int', size_variation: 'int', delay: 'int' },
  bufferSize: 0,
  async pipe(stub, attributes) {
    const debt = { micros: 0 };
    for (;;) {
      const chunk = await stub.recv();
      if (chunk === INTERRUPTED) return;
      if (chunk === TIMED_OUT) continue;
      if (chunk === null) {
        stub.close();
        return;
      }
      const cuts = sliceOffsets(stub, attributes, 0, chunk.data.length);
      for (let i = 1; i < cuts.length; i += 2) {
        await stub.send({ data: chunk.data.subarray(cuts[i - 1], cuts[i]), timestamp: chunk.timestamp });
        if (!(await sleepMicros(stub, debt, attributes.delay ?? 0))) {
          if (cuts[i]! < chunk.data.length) await stub.send({ data: chunk.data.subarray(cuts[i]), timestamp: chunk.timestamp });
          return;
        }
      }
    }
  },
};
