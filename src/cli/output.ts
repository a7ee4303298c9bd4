import { describeError, exitCodeFor, RemoteError, type ErrorPayload } from '../shared/error-payload.js';
import { toErrorPayload } from '../core/index.js';

/** Exit codes: 0 success, 1 user error (bad file, unknown case), 2 internal error. */
export const EXIT_OK = 0;
export const EXIT_USER = 1;
export const EXIT_INTERNAL = 2;

export class UsageError extends Error {}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function payloadOf(err: unknown): ErrorPayload {
  if (err instanceof RemoteError) return err.payload;
  if (err instanceof UsageError) return { code: 'INVALID_INPUT', message: err.message };
  return toErrorPayload(err);
}

/** Reports a failure the way the command's mode asks and returns the exit code. */
export function reportFailure(err: unknown, json: boolean): number {
  const payload = payloadOf(err);
  if (json) printJson({ error: payload });
  else process.stderr.write(`sightline: ${describeError(payload)}\n`);
  return exitCodeFor(payload.code);
}
