import { z } from 'zod';
import type { Contract, OperationName, ParsedInputOf, OutputOf, ProgressOf } from './contract.js';
import { contract, isOperationName } from './contract.js';
import type { ErrorPayload } from './error-payload.js';

export interface JobContext<P> {
  /** Aborted when the caller cancels or goes away. */
  signal: AbortSignal;
  progress: (p: P) => void;
}

export type Handlers = {
  [N in OperationName]: (input: ParsedInputOf<N>, ctx: JobContext<ProgressOf<N>>) => Promise<OutputOf<N>> | OutputOf<N>;
};

/** Turns any thrown value into the plain payload that crosses a boundary. */
export type ErrorMapper = (err: unknown) => ErrorPayload;

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ErrorPayload };

/**
 * The single entry both transports call: validates the name and the input
 * against the contract, runs the handler, and validates the output so a
 * handler bug cannot leak an off-contract shape to a client.
 */
export async function dispatch(
  handlers: Handlers,
  mapError: ErrorMapper,
  name: string,
  rawInput: unknown,
  ctx: JobContext<unknown>,
): Promise<DispatchResult> {
  if (!isOperationName(name)) {
    return { ok: false, error: { code: 'NOT_FOUND', message: `unknown operation "${name}"` } };
  }
  const spec: Contract[OperationName] = contract[name];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return { ok: false, error: invalidInput(name, parsed.error) };
  }
  try {
    const handler = handlers[name] as (i: unknown, c: JobContext<unknown>) => unknown;
    const result = await handler(parsed.data, ctx);
    const checked = spec.output.safeParse(result);
    if (!checked.success) {
      return { ok: false, error: { code: 'INTERNAL', message: `operation ${name} produced an invalid result: ${z.prettifyError(checked.error)}` } };
    }
    return { ok: true, result: checked.data };
  } catch (err) {
    return { ok: false, error: mapError(err) };
  }
}

function invalidInput(name: string, error: z.ZodError): ErrorPayload {
  const issues = error.issues.map((i) => ({ path: i.path.join('.') || '(input)', message: i.message }));
  const first = issues[0];
  return {
    code: 'INVALID_INPUT',
    message: `invalid input for ${name}: ${first ? `${first.path}: ${first.message}` : 'rejected'}`,
    ...(first && first.path !== '(input)' ? { field: first.path } : {}),
    issues,
  };
}
