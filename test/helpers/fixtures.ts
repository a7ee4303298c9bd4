import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const resourcesDir = path.join(repoRoot, 'resources');
/** The shared corpus sits beside the repository (in CI too); reference-only files are read there, never copied. */
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus');
/** A path as seen from the repository root (`../shared/corpus/…`), for test names and skip messages. */
export const fromRepo = (file: string): string => path.relative(repoRoot, file);
const dir = path.join(repoRoot, 'test', 'fixtures');

/** The real corpus files (see /work/shared/corpus/SOURCES.md). */
export const fixtures = {
  /** Zeek conn.log TSV, OTRF LSASS_campaign_01 (host 192.168.1.41, C2 10.0.5.13). */
  zeekTsv: path.join(dir, 'zeek', 'lsass-conn.log'),
  tweetfeedCsv: path.join(dir, 'intel', 'tweetfeed-today.csv'),
  stixBundle: path.join(dir, 'intel', 'stix21-tweetfeed-today.json'),
  mispFeed: path.join(dir, 'intel', 'misp-tweetfeed'),
  /** Zeek conn JSON lines with underscore keys and @stream fields, OTRF APT29 day 1 (SCRANTON). */
  zeekJson: path.join(dir, 'zeek', 'apt29-scranton-conn.json'),
  /** Sysmon EID 1/3/22 only, host DESKTOP-CQF82L6. */
  sysmonWevtutil: path.join(dir, 'sysmon', 'wevtutil-eid1-3-22.json'),
  /** Sysmon mixed with Security/System channels, host WORKSTATION5. */
  sysmonBitsadmin: path.join(dir, 'sysmon', 'bitsadmin-mixed-channels.json'),
  /** A case database written by schema version 1 (see test/fixtures/db/make-case-v1.mjs). */
  caseV1: path.join(dir, 'db', 'case-schema-v1.sqlite'),
  /** A case written by schema 7, the last before the analysis tables (test/fixtures/db/case-schema-v7.md). */
  caseV7: path.join(dir, 'db', 'case-schema-v7.sqlite'),
} as const;

/** The file's lines as the line reader numbers them (1-based, no terminator, no phantom last line). */
export function fileLines(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export interface ExpectedCounts {
  events: number;
  processes: number;
  dns: number;
  alerts: number;
  ignored: number;
  quarantined: number;
}

const none = { events: 0, processes: 0, dns: 0, alerts: 0, fileCreations: 0, ignored: 0, quarantined: 0 };

/** Counted straight from the file, independently of the readers: data rows are the non-`#`, non-empty lines. */
export function countZeekTsv(file: string): ExpectedCounts {
  return { ...none, events: fileLines(file).filter((l) => l !== '' && !l.startsWith('#')).length };
}

/** Zeek JSON lines: conn records are events, records of other streams are ignored. */
export function countZeekJson(file: string): ExpectedCounts {
  const counts = { ...none };
  for (const line of fileLines(file)) {
    if (line.trim() === '') continue;
    const o = JSON.parse(line) as Record<string, unknown>;
    const stream = o['_path'] ?? o['@stream'];
    if (stream === undefined || stream === 'conn') counts.events++;
    else counts.ignored++;
  }
  return counts;
}

/**
 * Sysmon JSON lines: EventID 3 of the Sysmon provider are events, EventID 1 processes, EventID 11 file creations, EventID 22
 * DNS answers when QueryResults holds an address (else ignored: nothing names a destination), the rest ignored.
 */
export function countSysmon(file: string): ExpectedCounts {
  const counts = { ...none };
  for (const line of fileLines(file)) {
    if (line.trim() === '') continue;
    const o = JSON.parse(line) as { SourceName?: string; EventID?: number; QueryResults?: string };
    const sysmon = o.SourceName === 'Microsoft-Windows-Sysmon';
    if (sysmon && o.EventID === 3) counts.events++;
    else if (sysmon && o.EventID === 1) counts.processes++;
    else if (sysmon && o.EventID === 11) counts.fileCreations++;
    else if (sysmon && o.EventID === 22 && /(^|;)(::ffff:)?\d{1,3}(\.\d{1,3}){3}(;|$)|(^|;)[0-9a-f]*:[0-9a-f:]+(;|$)/i.test(o.QueryResults ?? '')) counts.dns++;
    else counts.ignored++;
  }
  return counts;
}

/** A copy of `file` with line `lineNo` (1-based) replaced, written to `target`. */
export function copyWithLine(file: string, target: string, lineNo: number, replacement: string): void {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  if (lineNo < 1 || lineNo > lines.length) throw new Error(`no line ${lineNo} in ${file}`);
  lines[lineNo - 1] = replacement;
  fs.writeFileSync(target, lines.join('\n'));
}
