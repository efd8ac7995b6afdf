/** `noop`: passes data through unchanged. Also what a stub runs when its toxicity roll fails. */
import { INTERRUPTED, TIMED_OUT, type ToxicStub } from '../stub.js';
import type { ToxicDefinition } from './types.js';

/** The pass-through loop shared by `noop` and by toxics that lost their toxicity roll. */
export async function pipeNoop(stub: ToxicStub): Promise<void> {
  for (;;) {
    // Awaits only when it must: a promise per chunk is most of what a busy link allocates.
    let chunk: Awaited<ReturnType<typeof stub.recv>> | undefined = stub.tryRecv();
    // (not `??`: null is the end of the stream)
    if (chunk === undefined) chunk = await stub.recv();
    if (chunk === INTERRUPTED) return;
    if (chunk === TIMED_OUT) continue;
    if (chunk === null) {
      stub.close();
      return;
    }
    const full = stub.send(chunk);
    if (full !== undefined) await full;
  }
}

/** The `noop` toxic type. */
export const noopToxic: ToxicDefinition = {
  type: 'noop',
  structName: 'NoopToxic',
  attributes: {},
  bufferSize: 0,
  pipe: (stub) => pipeNoop(stub),
};
