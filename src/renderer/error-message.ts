import { describeError, RemoteError } from '../shared/error-payload.js';
import { revealHidden } from '../shared/visible-text.js';

/**
 * Any failure as the one sentence a person reads ("file.log, line 12, field
 * ts: …" for the engine's errors), hidden characters shown as markers.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof RemoteError) return describeError(err.payload);
  return revealHidden(err instanceof Error ? err.message : String(err), { lines: true });
}
