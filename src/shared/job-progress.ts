import { z } from 'zod';

/**
 * In a writing job's progress (imports, intel imports and syncs): set while
 * the job waits for another writer of the same case or intel store, in this
 * or another Sightline window or command; whole seconds waited so far.
 */
export const waitingSecondsSchema = z.number().int().min(0).optional();
