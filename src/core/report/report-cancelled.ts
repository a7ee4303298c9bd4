import { CancelledError, type SightlineError } from '../errors/index.js';

/** The one sentence of a cancelled report, wherever the cancel is noticed (a writer, the print, the file). */
export function reportCancelled(): SightlineError {
  return new CancelledError('the report was cancelled; no file was written');
}
