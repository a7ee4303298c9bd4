import { describe, expect, it } from 'vitest';
import { inOptionWords } from '../../src/cli/output.js';
import { describeError, RemoteError, type ErrorPayload } from '../../src/shared/error-payload.js';

/** A command's engine errors name the options the user typed, not the operation's input fields. */
describe('inOptionWords', () => {
  const options = { findingIds: '--findings', minScore: '--min-score' } as const;
  const failing = async (payload: ErrorPayload) => {
    try {
      await inOptionWords(options, () => Promise.reject(new RemoteError(payload)));
    } catch (err) {
      return (err as RemoteError).payload;
    }
    throw new Error('expected a failure');
  };

  it('renames the field and the issues to the option, shown as the option', async () => {
    const p = await failing({ code: 'INVALID_INPUT', message: 'no finding 3', field: 'findingIds', issues: [{ path: 'findingIds.2', message: 'too big' }, { path: 'caseId', message: 'x' }] });
    expect(p).toEqual({ code: 'INVALID_INPUT', message: 'no finding 3', field: '--findings', issues: [{ path: '--findings', message: 'too big' }, { path: 'caseId', message: 'x' }] });
    expect(describeError(p)).toBe('--findings: no finding 3');
    expect(describeError({ code: 'INVALID_INPUT', message: 'too low', field: 'minScore' })).toBe('field minScore: too low');
  });

  it("leaves a file's field (a column of the data), other errors and results alone", async () => {
    const fromFile = { code: 'MALFORMED_RECORD', message: 'bad', file: 'a.csv', line: 3, field: 'minScore' } as const;
    expect(await failing(fromFile)).toEqual(fromFile);
    expect(await failing({ code: 'NOT_FOUND', message: 'no case' })).toEqual({ code: 'NOT_FOUND', message: 'no case' });
    await expect(inOptionWords(options, () => Promise.reject(new Error('plain')))).rejects.toThrow('plain');
    expect(await inOptionWords(options, () => Promise.resolve(7))).toBe(7);
  });
});
