import type { ErrorPayload } from '../../shared/error-payload.js';
import { SightlineError } from './sightline-error.js';

/**
 * The one place a thrown value becomes a payload. SQLite's own errors are
 * translated here so a damaged or locked database reads as a sentence, not a
 * stack trace; anything unknown is INTERNAL.
 */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof SightlineError) return err.toPayload();
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      return { code: 'DATABASE_LOCKED', message: 'the database is locked by another process (another Sightline window or command?); try again when it has finished' };
    }
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
      return { code: 'DATABASE_CORRUPT', message: 'the database file is damaged or is not a Sightline database' };
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `internal error: ${message}` };
}
