/** Cancellable jobs and per-key serialisation. */
export { JobRegistry, linkedController } from './job-registry.js';
export { SerialQueue } from './serial-queue.js';
