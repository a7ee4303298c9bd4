/** Cancellable jobs, per-key serialisation, and turns to write a database across processes. */
export { JobRegistry, linkedController } from './job-registry.js';
export { SerialQueue } from './serial-queue.js';
export { WriteTurns, type TurnWait } from './write-turns.js';
