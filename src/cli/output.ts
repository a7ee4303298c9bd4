import { toErrorPayload } from '../core/index.js';
import { cutText } from '../shared/cut-text.js';
import { describeError, exitCodeFor, RemoteError, type ErrorPayload } from '../shared/error-payload.js';
import { revealHidden } from '../shared/visible-text.js';

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

/** The command-line option each input field of a command's operation came from: `{ findingIds: '--findings' }`. */
export type OptionNames = Readonly<Record<string, `--${string}`>>;

/**
 * Runs a command's call to the engine so that its errors speak of the
 * options the user typed: a payload's `field` (and each issue's path) naming
 * an input field becomes the option that filled it (`--findings`, not
 * `findingIds`), which describeError shows as it is, and --json carries.
 * A field of a file (a payload with `file`: a column of the data) is left alone.
 */
export async function inOptionWords<T>(options: OptionNames, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof RemoteError) || err.payload.file !== undefined) throw err;
    const option = (field: string): string => options[field.split('.')[0] ?? field] ?? field;
    const p = err.payload;
    throw new RemoteError({
      ...p,
      ...(p.field !== undefined ? { field: option(p.field) } : {}),
      ...(p.issues ? { issues: p.issues.map((i) => ({ ...i, path: option(i.path) })) } : {}),
    });
  }
}

/** Reports a failure the way the command's mode asks and returns the exit code. */
export function reportFailure(err: unknown, json: boolean): number {
  const payload = payloadOf(err);
  if (json) printJson({ error: payload });
  else process.stderr.write(`sightline: ${describeError(payload)}\n`);
  return exitCodeFor(payload.code);
}

/** Longest value human output prints whole; --json carries every value as stored. */
export const SHOWN_CHARS = 300;

/**
 * A value from a file or a post, for human output: hidden characters
 * (escape sequences, bidi overrides, zero-width…) as ⟨U+XXXX⟩ markers so
 * nothing rewrites the terminal or reverses a name, line breaks marked too
 * so a value cannot forge a line, and cut at `max` characters.
 */
export function shown(value: string | null | undefined, max = SHOWN_CHARS): string {
  if (value === null || value === undefined) return '';
  const { head, cut } = cutText(value, max);
  return cut ? `${revealHidden(head)}… (${value.length.toLocaleString('en-US')} characters; --json for all)` : revealHidden(head);
}

/** Columns padded to their widest cell; every cell passes through shown(). */
export function printTable(header: string[], rows: string[][]): void {
  const cells = rows.map((r) => r.map((v) => shown(v)));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => r.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  process.stdout.write(`${[fmt(header), ...cells.map(fmt)].join('\n')}\n`);
}
