import { describe, expect, it } from 'vitest';
import { CancelledError, DatabaseCorruptError, MalformedRecordError, NotFoundError, SchemaVersionError } from '../../src/core/errors/index.js';
import { toErrorPayload } from '../../src/core/errors/to-error-payload.js';
import { describeError, errorCodes, errorPayloadSchema, exitCodeFor, httpStatusFor, isUserError, RemoteError, type ErrorCode } from '../../src/shared/error-payload.js';

describe('exitCodeFor / isUserError', () => {
  it('gives 2 for our faults (INTERNAL, DATABASE_CORRUPT) and 1 for every other code', () => {
    for (const code of errorCodes) {
      const ours = code === 'INTERNAL' || code === 'DATABASE_CORRUPT';
      expect(exitCodeFor(code), code).toBe(ours ? 2 : 1);
      expect(isUserError(code), code).toBe(!ours);
    }
  });
});

describe('httpStatusFor', () => {
  const expected: Record<ErrorCode, number> = {
    INVALID_INPUT: 400,
    UNAUTHORIZED: 401,
    NOT_FOUND: 404,
    SCHEMA_VERSION: 409,
    DATABASE_LOCKED: 409,
    BUSY: 409,
    CANCELLED: 499,
    TOO_LARGE: 413,
    NO_SPACE: 507,
    UNSUPPORTED_FORMAT: 422,
    MALFORMED_RECORD: 422,
    EMPTY_FILE: 422,
    ENCODING: 422,
    FILE_UNREADABLE: 422,
    FILE_UNWRITABLE: 422,
    DATABASE_CORRUPT: 500,
    INTERNAL: 500,
  };

  it('maps every error code to its status', () => {
    expect(Object.keys(expected).sort()).toEqual([...errorCodes].sort());
    for (const code of errorCodes) expect(httpStatusFor(code), code).toBe(expected[code]);
  });
});

describe('describeError', () => {
  it('puts file, line and field before the message', () => {
    expect(describeError({ code: 'MALFORMED_RECORD', message: 'bad', file: 'conn.log', line: 12, field: 'ts' })).toBe('conn.log, line 12, field ts: bad');
    expect(describeError({ code: 'MALFORMED_RECORD', message: 'bad', file: 'conn.log', line: 3 })).toBe('conn.log, line 3: bad');
    // What a file held is quoted in messages and names: its hidden characters are shown, not obeyed.
    expect(describeError({ code: 'MALFORMED_RECORD', message: 'the event id "\u001b[2J" is not a number', file: 'inv\u202Egol.json' })).toBe(
      'inv⟨U+202E⟩gol.json: the event id "⟨U+001B⟩[2J" is not a number',
    );
    expect(describeError({ code: 'NOT_FOUND', message: 'no case', field: 'caseId' })).toBe('field caseId: no case');
  });

  it('shows line 0 and the bare message when there is no location', () => {
    expect(describeError({ code: 'INTERNAL', message: 'boom' })).toBe('boom');
    expect(describeError({ code: 'ENCODING', message: 'x', line: 0 })).toBe('line 0: x');
  });
});

describe('RemoteError', () => {
  it('keeps the payload whole and exposes its code', () => {
    const payload = { code: 'SCHEMA_VERSION' as const, message: 'too new', file: '/x.sqlite' };
    const err = new RemoteError(payload);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('RemoteError');
    expect(err.message).toBe('too new');
    expect(err.code).toBe('SCHEMA_VERSION');
    expect(err.payload).toEqual(payload);
  });
});

describe('engine errors to payloads', () => {
  it('carries code, file, line and field, and only those that are set', () => {
    expect(new MalformedRecordError('bad ts', { file: 'a.log', line: 4, field: 'ts' }).toPayload()).toEqual({
      code: 'MALFORMED_RECORD',
      message: 'bad ts',
      file: 'a.log',
      line: 4,
      field: 'ts',
    });
    expect(new NotFoundError('gone').toPayload()).toEqual({ code: 'NOT_FOUND', message: 'gone' });
    expect(new CancelledError('stop').name).toBe('CancelledError');
  });

  it('translates SQLite errors and unknown throws', () => {
    const sqlite = (code: string) => Object.assign(new Error('sqlite says no'), { code });
    // Extended codes too: SQLITE_BUSY_SNAPSHOT is what a reader turned writer gets after another process committed.
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_LOCKED', 'SQLITE_LOCKED_SHAREDCACHE']) {
      expect(toErrorPayload(sqlite(code)).code, code).toBe('DATABASE_LOCKED');
    }
    expect(toErrorPayload(sqlite('SQLITE_NOTADB')).code).toBe('DATABASE_CORRUPT');
    expect(toErrorPayload(sqlite('SQLITE_CORRUPT')).code).toBe('DATABASE_CORRUPT');
    expect(toErrorPayload(sqlite('SQLITE_CORRUPT_INDEX')).code).toBe('DATABASE_CORRUPT');
    expect(toErrorPayload(new TypeError('x is undefined'))).toEqual({ code: 'INTERNAL', message: 'internal error: x is undefined' });
    expect(toErrorPayload('a string')).toEqual({ code: 'INTERNAL', message: 'internal error: a string' });
    expect(toErrorPayload(new SchemaVersionError('new', { file: 'f' })).code).toBe('SCHEMA_VERSION');
    expect(toErrorPayload(new DatabaseCorruptError('bad')).code).toBe('DATABASE_CORRUPT');
  });

  it('always produces payloads the boundary schema accepts', () => {
    for (const p of [toErrorPayload(new Error('e')), new MalformedRecordError('m', { line: 1 }).toPayload(), toErrorPayload(null)]) {
      expect(errorPayloadSchema.safeParse(p).success).toBe(true);
    }
  });
});
