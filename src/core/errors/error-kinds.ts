import type { ErrorCode } from '../../shared/error-payload.js';
import { SightlineError, type ErrorLocation } from './sightline-error.js';

type KindClass = new (message: string, location?: ErrorLocation, options?: { cause?: unknown }) => SightlineError;

/** One subclass per failure kind, so callers test `instanceof` and the class name shows in logs. */
function kind(name: string, code: ErrorCode): KindClass {
  const cls = class extends SightlineError {
    constructor(message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
      super(code, message, location, options);
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

/** The file is none of the formats Sightline reads; the message lists the ones it does. */
export const UnsupportedFormatError = kind('UnsupportedFormatError', 'UNSUPPORTED_FORMAT');
/** A record of a recognised format is broken: wrong field count, bad JSON, a value that does not parse. */
export const MalformedRecordError = kind('MalformedRecordError', 'MALFORMED_RECORD');
/** The file holds no records at all. */
export const EmptyFileError = kind('EmptyFileError', 'EMPTY_FILE');
/** The file is not valid UTF-8 text. */
export const EncodingError = kind('EncodingError', 'ENCODING');
/** The file cannot be opened or read (missing, a directory, no permission). */
export const FileUnreadableError = kind('FileUnreadableError', 'FILE_UNREADABLE');
/** An output file cannot be written (no such folder, a folder, no permission, read-only, disk full). */
export const FileUnwritableError = kind('FileUnwritableError', 'FILE_UNWRITABLE');
/** A database was written by a newer Sightline; it is refused and left untouched. */
export const SchemaVersionError = kind('SchemaVersionError', 'SCHEMA_VERSION');
/** A database file is damaged or is not a SQLite database. */
export const DatabaseCorruptError = kind('DatabaseCorruptError', 'DATABASE_CORRUPT');
/** Another process holds a database's write lock. */
export const DatabaseLockedError = kind('DatabaseLockedError', 'DATABASE_LOCKED');
/** Another writer kept a case or the intel store past the wait this one allows; nothing was changed. */
export const BusyError = kind('BusyError', 'BUSY');
/** A case, node or upload that the caller named does not exist. */
export const NotFoundError = kind('NotFoundError', 'NOT_FOUND');
/** The caller cancelled a job; whatever it had started was rolled back. */
export const CancelledError = kind('CancelledError', 'CANCELLED');
/** Input that passed the contract's schema but makes no sense to the engine (a case name already taken). */
export const InvalidInputError = kind('InvalidInputError', 'INVALID_INPUT');
/** A file is over the size the host accepts (uploads to the browser host). */
export const TooLargeError = kind('TooLargeError', 'TOO_LARGE');
/** The disk where Sightline keeps its data has no room for the file. */
export const NoSpaceError = kind('NoSpaceError', 'NO_SPACE');
