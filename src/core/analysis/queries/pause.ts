import { CancelledError } from '../../errors/index.js';

/**
 * For a long loop: `pace()` lets the thread answer other work (a cancel
 * message, a cheap request) at most every 50 ms, and throws CancelledError
 * once the signal is aborted. A statement's iterator stays valid across the
 * pause: nothing else writes through the analysis's connection meanwhile.
 */
export function createPacer(signal: AbortSignal, everyMs = 50, what = 'the analysis'): () => Promise<void> {
  let last = Date.now();
  return async () => {
    if (signal.aborted) throw new CancelledError(`${what} was cancelled`);
    if (Date.now() - last < everyMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    last = Date.now();
    if (signal.aborted) throw new CancelledError(`${what} was cancelled`);
  };
}
