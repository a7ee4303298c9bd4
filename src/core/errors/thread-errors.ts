import * as errorKinds from './error-kinds.js';
import { errorCodes, type ErrorCode } from '../../shared/error-payload.js';
import { SightlineError, type ErrorLocation } from './sightline-error.js';

// Errors across a thread boundary (parse worker -> importing thread, job worker <-> serving thread): the same kind, message, line and field.

export interface SerializedError {
  name: string;
  message: string;
  location?: ErrorLocation;
  code?: string;
  stack?: string;
}

export function serializeError(err: unknown): SerializedError {
  // The base class carries its code: `new SightlineError('INTERNAL', …)` stays one with its message as is.
  if (err instanceof SightlineError) return { name: err.name, message: err.message, location: { ...err.location }, code: err.code, stack: err.stack };
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return { name: err.name, message: err.message, stack: err.stack, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(err) };
}

type KindClass = new (message: string, location?: ErrorLocation) => SightlineError;

export function deserializeError(e: SerializedError): Error {
  const kind = (errorKinds as Record<string, unknown>)[e.name];
  let err: Error;
  if (typeof kind === 'function' && kind.prototype instanceof SightlineError) {
    err = new (kind as KindClass)(e.message, e.location ?? {});
  } else if (e.name === 'SightlineError' && isErrorCode(e.code)) {
    err = new SightlineError(e.code, e.message, e.location ?? {});
  } else {
    err = new Error(e.message);
    err.name = e.name;
    if (e.code !== undefined) (err as NodeJS.ErrnoException).code = e.code;
  }
  if (e.stack) err.stack = e.stack;
  return err;
}

function isErrorCode(code: string | undefined): code is ErrorCode {
  return (errorCodes as readonly (string | undefined)[]).includes(code);
}
