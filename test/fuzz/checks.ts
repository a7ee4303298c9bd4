import zlib from 'node:zlib';
import type { SeedShape } from './mutators.js';

/** The ways an import of a hostile file can be wrong, whatever the file. */
export const violationClasses = {
  'exit-2': 'an internal error or a damaged-database error (the CLI exits 2)',
  'bad-exit': 'an exit status other than 0 and 1, or one that disagrees with the --json statuses, or no JSON',
  'internal-error': 'a file reported failed with an internal error (a bug shown as a user error), or cancelled though nobody cancelled',
  hang: 'no answer within the time bound (the process was killed)',
  crash: 'the process died, an unhandled rejection or exception, or a stack trace on stderr',
  'stray-output': 'text on stderr where --json promises none',
  'changed-after-failure': 'the case or home database differs after a failed or duplicate import',
  'not-stored': 'an import reported as imported left the database as it was',
  'unnamed-error': 'an error that does not name the file (empty message, another file, a message without the path)',
  'line-out-of-range': 'an error or quarantined record pointing at a line the file does not have',
  'untrue-error': 'an error saying the file is empty when it is not',
  'unreadable-after-import': 'the case or the IoC store could not be read back after the import (graph, details, quarantine, lists, exports)',
  'control-refused': 'the unchanged content, only gzip-compressed, was refused',
  'fd-leak': 'the engine process still holds the imported file open after the import returned',
} as const;

export type ViolationClass = keyof typeof violationClasses;

export interface Violation {
  class: ViolationClass;
  via: 'engine' | 'cli';
  message: string;
}

export type Outcome = 'imported' | 'quarantined' | 'duplicate' | 'refused' | 'no-answer';

/** A file's result as both importers report it (telemetry FileImportResult, intel IntelFileResult). */
export interface FileResult {
  file: string;
  status: 'imported' | 'duplicate' | 'failed' | 'cancelled';
  error?: string | undefined;
  errorLine?: number | undefined;
  quarantined?: number;
  invalid?: number;
  newIndicators?: number;
  newSightings?: number;
}

/** What the checks need to know of a mutant's bytes. */
export interface ContentFacts {
  /** Nothing but whitespace (after a BOM, inside a gzip that decompresses whole). */
  blank: boolean;
  /** The most lines any reader could count in it (of the gzip's content, as far as it decompresses); null when unknown. */
  maxLine: number | null;
}

const isGzip = (b: Buffer): boolean => b[0] === 0x1f && b[1] === 0x8b;

/**
 * What the checks may assume of a mutant: binary files have no lines to
 * check (their records are numbered), and formats whose records are numbered
 * by element may name any number up to the count of elements.
 */
export function contentFacts(bytes: Buffer, shape: Pick<SeedShape, 'binary' | 'records'> = {}): ContentFacts {
  let whole: Buffer | null = bytes;
  let readable: Buffer | null = bytes;
  if (isGzip(bytes)) {
    try {
      whole = zlib.gunzipSync(bytes);
      readable = whole;
    } catch {
      whole = null;
      try {
        readable = zlib.gunzipSync(bytes, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      } catch {
        readable = null;
      }
    }
  }
  let lines = 0;
  if (readable) for (let i = readable.indexOf(0x0a); i !== -1; i = readable.indexOf(0x0a, i + 1)) lines++;
  const records = readable && shape.records ? (readable.toString('latin1').match(shape.records) ?? []).length : 0;
  return { blank: whole !== null && isBlankText(whole), maxLine: readable && !shape.binary ? Math.max(lines, records) + 1 : null };
}

function isBlankText(b: Buffer): boolean {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return isBlankText(b.subarray(3));
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) {
    const body = Buffer.from(b.subarray(2));
    return /^\s*$/.test((b[0] === 0xfe ? body.swap16() : body).toString('utf16le'));
  }
  return /^[ \t\r\n\f\v]*$/.test(b.toString('latin1'));
}

export function outcomeOf(r: FileResult): Outcome {
  if (r.status === 'duplicate') return 'duplicate';
  if (r.status !== 'imported') return 'refused';
  return (r.quarantined ?? 0) > 0 || (r.invalid ?? 0) > 0 ? 'quarantined' : 'imported';
}

/** The invariants of one file's result: it names the file, says why, points at a line that exists, tells the truth. */
export function checkFileResult(r: FileResult, name: string, facts: ContentFacts | null, via: Violation['via']): Violation[] {
  const out: Violation[] = [];
  const v = (cls: ViolationClass, message: string) => out.push({ class: cls, via, message });
  if (r.file !== name) v('unnamed-error', `the result names ${JSON.stringify(r.file)}, not the file imported`);
  if (r.status === 'cancelled') v('internal-error', `cancelled though nobody cancelled: ${r.error ?? ''}`);
  if (r.status === 'imported') return out;
  const error = r.error ?? '';
  if (error.trim() === '') v('unnamed-error', `${r.status} without a message`);
  if (/^internal error/i.test(error)) v('internal-error', error);
  if (r.errorLine !== undefined && facts?.maxLine != null && (r.errorLine < 1 || r.errorLine > facts.maxLine)) {
    v('line-out-of-range', `error at line ${r.errorLine}, the file has at most ${facts.maxLine}: ${error}`);
  }
  if (facts && /\bis empty\b/i.test(error) && !facts.blank) v('untrue-error', `says empty, the file is not: ${error}`);
  return out;
}

/** A database before and after one import: unchanged unless something was stored. */
export function checkDigests(r: FileResult, before: string | null, after: string | null, via: Violation['via']): Violation[] {
  if (r.status === 'imported') {
    // Intel merges by value: a file of known indicators and sightings is imported and adds nothing.
    const adds = r.newIndicators === undefined || r.newIndicators + (r.newSightings ?? 0) > 0;
    return adds && before === after ? [{ class: 'not-stored', via, message: 'reported imported, the database is unchanged' }] : [];
  }
  return before === after ? [] : [{ class: 'changed-after-failure', via, message: `the database changed after a ${r.status} import (${r.error ?? ''})` }];
}

/** Output of a process that must not show a crash: stack frames, unhandled rejections, fatal errors. */
export function crashText(text: string): string | null {
  const m = /^\s+at .+:\d+:\d+\)?$|Unhandled|uncaught|FATAL ERROR|node:internal|Segmentation fault|Aborted \(core dumped\)|heap out of memory/im.exec(text);
  return m ? text.slice(Math.max(0, m.index - 200), m.index + 300).trim() : null;
}
