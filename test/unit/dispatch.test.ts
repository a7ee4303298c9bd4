import { describe, expect, it, vi } from 'vitest';
import { NotFoundError } from '../../src/core/errors/index.js';
import { toErrorPayload } from '../../src/core/errors/to-error-payload.js';
import { operationNames } from '../../src/shared/contract.js';
import { dispatch, type Handlers, type JobContext } from '../../src/shared/dispatch.js';

const ctx = (): JobContext<unknown> => ({ signal: new AbortController().signal, progress: () => {} });
const summary = { id: 'case-1', name: 'Case 1', createdAt: '2024-01-01T00:00:00.000Z', eventCount: 0, importCount: 0 };

/** Handlers that fail the test if called, except those given. */
function handlers(overrides: Partial<Record<keyof Handlers, (...args: never[]) => unknown>> = {}): Handlers {
  const all: Record<string, unknown> = {};
  for (const name of operationNames) {
    all[name] = overrides[name] ?? (() => {
      throw new Error(`handler ${name} should not run`);
    });
  }
  return all as Handlers;
}

describe('dispatch', () => {
  it('answers NOT_FOUND for an unknown operation without calling any handler', async () => {
    const r = await dispatch(handlers(), toErrorPayload, 'dropTables', {}, ctx());
    expect(r).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'unknown operation "dropTables"' } });
    // Names inherited from Object.prototype are not operations either.
    expect(await dispatch(handlers(), toErrorPayload, 'toString', {}, ctx())).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('answers INVALID_INPUT with issues and the first field, without calling the handler', async () => {
    const createCase = vi.fn();
    const r = await dispatch(handlers({ createCase }), toErrorPayload, 'createCase', { name: 42 }, ctx());
    expect(createCase).not.toHaveBeenCalled();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_INPUT');
    expect(r.error.field).toBe('name');
    expect(r.error.issues).toEqual([{ path: 'name', message: expect.any(String) }]);
    expect(r.error.message).toMatch(/^invalid input for createCase: name: /);
  });

  it('reports nested paths and every issue', async () => {
    const r = await dispatch(handlers(), toErrorPayload, 'importFiles', { caseId: 'BAD ID', sources: [{ fileId: '../etc/passwd' }] }, ctx());
    if (r.ok) throw new Error('expected a failure');
    expect(r.error.field).toBe('caseId');
    expect(r.error.issues?.map((i) => i.path)).toEqual(['caseId', 'sources.0.fileId']);
  });

  it('names no field when the input as a whole is wrong', async () => {
    const r = await dispatch(handlers(), toErrorPayload, 'listCases', 42, ctx());
    if (r.ok) throw new Error('expected a failure');
    expect(r.error.code).toBe('INVALID_INPUT');
    expect(r.error.field).toBeUndefined();
    expect(r.error.issues?.[0]?.path).toBe('(input)');
  });

  it('passes parsed input (defaults applied) and the context to the handler, and returns its result', async () => {
    const getEntityDetails = vi.fn();
    const listCases = vi.fn(() => [summary]);
    const c = ctx();
    expect(await dispatch(handlers({ listCases }), toErrorPayload, 'listCases', undefined, c)).toEqual({ ok: true, result: [summary] });
    expect(listCases).toHaveBeenCalledWith({}, c);
    await dispatch(handlers({ getEntityDetails }), toErrorPayload, 'getEntityDetails', { caseId: 'a', nodeId: 'host:x' }, c);
    expect(getEntityDetails).toHaveBeenCalledWith({ caseId: 'a', nodeId: 'host:x', limit: 50 }, c);
  });

  it('answers INTERNAL when a handler returns a shape off the contract', async () => {
    const r = await dispatch(handlers({ listCases: () => [{ ...summary, eventCount: 'many' }] }), toErrorPayload, 'listCases', {}, ctx());
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('listCases produced an invalid result') } });
  });

  it('maps a thrown error with the mapper, sync or async', async () => {
    const thrower = () => {
      throw new NotFoundError('no case with id "x"', { field: 'caseId' });
    };
    expect(await dispatch(handlers({ openCase: thrower }), toErrorPayload, 'openCase', { caseId: 'x' }, ctx())).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no case with id "x"', field: 'caseId' },
    });
    const mapper = vi.fn(() => ({ code: 'CANCELLED' as const, message: 'mapped' }));
    const r = await dispatch(handlers({ openCase: async () => Promise.reject(new Error('late')) }), mapper, 'openCase', { caseId: 'x' }, ctx());
    expect(r).toEqual({ ok: false, error: { code: 'CANCELLED', message: 'mapped' } });
    expect(mapper).toHaveBeenCalledWith(new Error('late'));
  });
});
