import { processSettings, type ProcessSettings } from './settings.js';
import { shownName } from './shown.js';
import { parseWindowsPath } from './windows-path.js';

/**
 * Where a process came from, in one sentence: "svch0st.exe was written by
 * WINWORD.EXE at 09:14 and started by explorer.exe at 09:16". Times are
 * UTC, as Sightline stores them; a date is added when the write and the
 * start fall on different days.
 */

/** One process of the chain (a ProcessRecord fits): the process first, then its parent, its grandparent… */
export interface LineageStep {
  image: string;
  /** Used for the parent when the chain holds no record of it. */
  parentImage?: string | null;
  /** Start time, epoch ms (UTC). */
  ts?: number | null;
}

/** Who wrote the process's image file (Sysmon event 11: the writing process's Image, and when). */
export interface FileWrite {
  image: string;
  ts: number;
}

export function explainLineage(chain: readonly LineageStep[], written?: FileWrite | null, settings: Pick<ProcessSettings, 'lineage' | 'shownNameChars'> = processSettings): string {
  const self = chain[0];
  if (self === undefined) throw new RangeError('explainLineage needs the process itself as the first step of the chain');
  const start = finite(self.ts);
  const parts: string[] = [];
  const writtenAt = written ? finite(written.ts) : null;
  if (written) parts.push(`written by ${nameOf(written.image, settings)}${writtenAt === null ? '' : ` ${at(writtenAt, start ?? writtenAt)}`}`);
  const ancestors = ancestorNames(chain, settings);
  if (ancestors.length > 0) {
    const shownAncestors = ancestors.slice(0, settings.lineage.maxAncestors + 1);
    let started = `started by ${shownAncestors[0]}`;
    if (start !== null) started += ` ${at(start, writtenAt ?? start)}`;
    for (const a of shownAncestors.slice(1)) started += `, itself started by ${a}`;
    if (ancestors.length > shownAncestors.length) started += ', …';
    parts.push(started);
  } else if (start !== null) {
    parts.push(`started ${at(start, writtenAt ?? start)}`);
  }
  const subject = nameOf(self.image, settings);
  return parts.length === 0 ? `${subject}: where it came from is not in the logs` : `${subject} was ${parts.join(' and ')}`;
}

/** The parent, grandparent… by name: each from its own record, the last known one's parentImage after that. */
function ancestorNames(chain: readonly LineageStep[], settings: Pick<ProcessSettings, 'shownNameChars'>): string[] {
  const names = chain.slice(1).map((s) => nameOf(s.image, settings));
  const last = chain[chain.length - 1] as LineageStep;
  const beyond = last.parentImage?.trim();
  if (beyond && beyond !== '-') names.push(nameOf(beyond, settings));
  return names;
}

function nameOf(image: string, settings: Pick<ProcessSettings, 'shownNameChars'>): string {
  const name = parseWindowsPath(image)?.name;
  return shownName(name || image.trim() || '(unnamed)', settings);
}

/** A time a Date can show (±8.64e15 ms), else null: hostile records carry anything. */
function finite(ts: number | null | undefined): number | null {
  return typeof ts === 'number' && Math.abs(ts) <= 8.64e15 ? ts : null;
}

/** "at 09:14", or "on 2026-11-19 at 09:14" when `ts` is not on the same UTC day as `other`. */
function at(ts: number, other: number): string {
  const iso = new Date(ts).toISOString();
  const sameDay = iso.slice(0, 10) === new Date(other).toISOString().slice(0, 10);
  return sameDay ? `at ${iso.slice(11, 16)}` : `on ${iso.slice(0, 10)} at ${iso.slice(11, 16)}`;
}
