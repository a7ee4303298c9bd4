import { describeError, RemoteError } from '../shared/error-payload.js';

/** Any failure as the one sentence a person reads ("file.log, line 12, field ts: …" for the engine's errors). */
export function errorMessage(err: unknown): string {
  if (err instanceof RemoteError) return describeError(err.payload);
  if (err instanceof Error) return err.message;
  return String(err);
}
