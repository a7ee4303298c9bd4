import { describe, expect, it } from 'vitest';
import { deserializeError, InvalidInputError, serializeError, SightlineError, toErrorPayload } from '../../src/core/errors/index.js';

/** Errors crossing a thread (the job worker, the parse worker) read the same on the other side. */
describe('errors across a thread', () => {
  const across = (err: unknown) => toErrorPayload(deserializeError(structuredClone(serializeError(err))));

  it('keep a kind with its message and field, and the base class with its code and message', () => {
    expect(across(new InvalidInputError('bad', { field: 'format' }))).toEqual({ code: 'INVALID_INPUT', message: 'bad', field: 'format' });
    expect(across(new SightlineError('INTERNAL', '/usr/bin/chromium failed to print the report (exit 1)'))).toEqual({
      code: 'INTERNAL',
      message: '/usr/bin/chromium failed to print the report (exit 1)',
    });
    expect(across(new Error('boom'))).toEqual({ code: 'INTERNAL', message: 'internal error: boom' });
  });
});
