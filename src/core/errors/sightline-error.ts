import type { ErrorCode, ErrorPayload } from '../../shared/error-payload.js';

export interface ErrorLocation {
  file?: string;
  line?: number;
  field?: string;
}

/**
 * Base of the engine's errors. Each failure kind has its own subclass (one
 * per file beside this one) carrying what a user needs to act: file, line,
 * field. They become an ErrorPayload at the boundary, nothing else leaks.
 */
export class SightlineError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation;
  constructor(code: ErrorCode, message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.location = location;
  }

  toPayload(): ErrorPayload {
    const { file, line, field } = this.location;
    return {
      code: this.code,
      message: this.message,
      ...(file !== undefined ? { file } : {}),
      ...(line !== undefined ? { line } : {}),
      ...(field !== undefined ? { field } : {}),
    };
  }
}
