import crypto from 'node:crypto';
import type { Engine } from '../core/index.js';

/**
 * Runs one engine job under a fresh job id, with Ctrl-C cancelling it (the
 * engine rolls back what it had started) instead of killing the process
 * mid-transaction.
 */
export async function cancellableJob<T>(engine: Engine, run: (jobId: string) => Promise<T>): Promise<T> {
  const jobId = crypto.randomUUID();
  const onSigint = () => engine.jobs.cancel(jobId);
  process.once('SIGINT', onSigint);
  try {
    return await run(jobId);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
