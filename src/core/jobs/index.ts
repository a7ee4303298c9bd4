/** Cancellable jobs, per-key serialisation, turns to write a database across processes, and the job worker. */
export { JobRegistry, linkedController } from './job-registry.js';
export { SerialQueue } from './serial-queue.js';
export { WriteTurns, type TurnWait } from './write-turns.js';
export { JobThread, UNAVAILABLE, type JobThreadOptions } from './job-thread.js';
