import { CancelledError } from '../errors/index.js';

/**
 * Running jobs by the id their caller chose, so `cancelJob` (from another
 * request or IPC call) can reach them. Transports register a job when the call
 * starts and the registry forgets it when the call settles.
 */
export class JobRegistry {
  private readonly running = new Map<string, AbortController>();

  start(jobId: string, parent?: AbortSignal): AbortController {
    if (this.running.has(jobId)) throw new CancelledError(`a job with id ${jobId} is already running`);
    const controller = linkedController(parent);
    this.running.set(jobId, controller);
    return controller;
  }

  finish(jobId: string): void {
    this.running.delete(jobId);
  }

  cancel(jobId: string): boolean {
    const c = this.running.get(jobId);
    if (!c) return false;
    c.abort();
    return true;
  }

  cancelAll(): void {
    for (const c of this.running.values()) c.abort();
  }
}

/** A controller that also aborts when `parent` does (a closed connection, a window gone). */
export function linkedController(parent?: AbortSignal): AbortController {
  const controller = new AbortController();
  if (parent) {
    if (parent.aborted) controller.abort();
    else parent.addEventListener('abort', () => controller.abort(), { once: true });
  }
  return controller;
}
