import { z } from 'zod';
import { revealHidden } from './visible-text.js';

/**
 * Every failure that crosses a boundary (IPC, HTTP, CLI) is one of these codes.
 * The code decides the exit status and the HTTP status once, here, so the
 * transports never guess.
 */
export const errorCodes = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'UNSUPPORTED_FORMAT',
  'MALFORMED_RECORD',
  'EMPTY_FILE',
  'ENCODING',
  'FILE_UNREADABLE',
  'FILE_UNWRITABLE',
  'SCHEMA_VERSION',
  'DATABASE_CORRUPT',
  'DATABASE_LOCKED',
  'BUSY',
  'CANCELLED',
  'UNAUTHORIZED',
  'TOO_LARGE',
  'NO_SPACE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export const errorPayloadSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  file: z.string().optional(),
  line: z.number().int().optional(),
  field: z.string().optional(),
  /** Zod issues for INVALID_INPUT: where in the input the problem is. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export type ErrorPayload = z.infer<typeof errorPayloadSchema>;

/** User errors are the user's to fix (exit 1); the rest are ours (exit 2). */
export function isUserError(code: ErrorCode): boolean {
  return code !== 'INTERNAL' && code !== 'DATABASE_CORRUPT';
}

export function exitCodeFor(code: ErrorCode): 1 | 2 {
  return isUserError(code) ? 1 : 2;
}

export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_INPUT':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'NOT_FOUND':
      return 404;
    case 'SCHEMA_VERSION':
    case 'DATABASE_LOCKED':
    case 'BUSY':
      return 409;
    case 'CANCELLED':
      return 499;
    case 'TOO_LARGE':
      return 413;
    case 'NO_SPACE':
      return 507;
    case 'UNSUPPORTED_FORMAT':
    case 'MALFORMED_RECORD':
    case 'EMPTY_FILE':
    case 'ENCODING':
    case 'FILE_UNREADABLE':
    case 'FILE_UNWRITABLE':
      return 422;
    case 'DATABASE_CORRUPT':
    case 'INTERNAL':
      return 500;
  }
}

/** The error a client sees: the payload, kept whole, behind an Error for stack and `instanceof`. */
export class RemoteError extends Error {
  readonly payload: ErrorPayload;
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'RemoteError';
    this.payload = payload;
  }
  get code(): ErrorCode {
    return this.payload.code;
  }
}

/** What went wrong with one file of an import, as one sentence: "file.log, line 12, field ts: message". */
export function describeFileError(r: { file: string; error?: string | undefined; errorLine?: number | undefined; errorField?: string | undefined }): string {
  return describeError({
    code: 'INTERNAL',
    message: r.error ?? 'not imported',
    file: r.file,
    ...(r.errorLine !== undefined ? { line: r.errorLine } : {}),
    ...(r.errorField !== undefined ? { field: r.errorField } : {}),
  });
}

/**
 * "file.log, line 12, field ts: message" — the one way a payload is shown to
 * a person. File names and messages quote what a file held: hidden
 * characters are shown as markers (⟨U+202E⟩), so an error cannot rewrite a
 * terminal or reverse a name.
 */
export function describeError(p: ErrorPayload): string {
  // A field the CLI renamed to the option that filled it (`--findings`) is shown as the option.
  const field = p.field ? (p.field.startsWith('--') ? p.field : `field ${p.field}`) : undefined;
  const where = [p.file, p.line !== undefined ? `line ${p.line}` : undefined, field]
    .filter(Boolean)
    .join(', ');
  return revealHidden(where ? `${where}: ${p.message}` : p.message, { lines: true });
}
