import type { CsvMappingInput, CsvMappingRole, FilePreview, MappingProfile, TimeFormat } from '../../shared/types.js';

/** Field separators the engine reads. */
export type Delimiter = ',' | '\t' | ';' | '|';

export const DELIMITERS: readonly { value: Delimiter; label: string }[] = [
  { value: ',', label: 'Comma ( , )' },
  { value: '\t', label: 'Tab' },
  { value: ';', label: 'Semicolon ( ; )' },
  { value: '|', label: 'Pipe ( | )' },
];

/** Every role a column can play, in the order the wizard lists them. */
export const MAPPING_ROLES: readonly CsvMappingRole[] = [
  'time',
  'srcIp',
  'dstIp',
  'srcPort',
  'dstPort',
  'proto',
  'host',
  'user',
  'process',
  'pid',
  'dstHost',
  'bytesOut',
  'bytesIn',
  'pktsOut',
  'pktsIn',
  'duration',
  'signature',
  'severity',
  'action',
];

/** Without these three a row is not a connection. */
export const REQUIRED_ROLES: readonly CsvMappingRole[] = ['time', 'srcIp', 'dstIp'];

export const ROLE_LABEL: Record<CsvMappingRole, string> = {
  time: 'Time',
  srcIp: 'Source IP',
  dstIp: 'Destination IP',
  srcPort: 'Source port',
  dstPort: 'Destination port',
  proto: 'Protocol',
  host: 'Host',
  user: 'User',
  process: 'Process',
  pid: 'Process id',
  dstHost: 'Destination name',
  bytesOut: 'Bytes out',
  bytesIn: 'Bytes in',
  pktsOut: 'Packets out',
  pktsIn: 'Packets in',
  duration: 'Duration (s)',
  signature: 'Alert signature',
  severity: 'Alert severity',
  action: 'Alert action',
};

export const TIME_FORMAT_LABEL: Record<TimeFormat, string> = {
  auto: 'Automatic (ISO 8601 or epoch)',
  iso: 'ISO 8601',
  'epoch-s': 'Epoch seconds',
  'epoch-ms': 'Epoch milliseconds',
  'epoch-us': 'Epoch microseconds',
  dmy: 'Day/month/year (31/12/2026 23:59:59)',
  mdy: 'Month/day/year (12/31/2026 11:59:59 PM)',
  ymd: 'Year/month/day (2026/12/31 23:59:59)',
};

/** What the user has said so far about one CSV/TSV file: how to split it, what each column is. */
export interface MappingDraft {
  delimiter: Delimiter;
  header: boolean;
  /** The role of each column of the preview, by position; null = not imported. */
  roles: (CsvMappingRole | null)[];
  timeFormat: TimeFormat;
  timezone: string;
  defaultHost: string;
  /** The saved profile the draft came from, while it is unchanged. */
  profile: string | null;
  /** The separator the engine found in the file at first sight. */
  detected: Delimiter | null;
}

/** The position of a column a mapping names (by header name, or by position); -1 when the file has no such column. */
export function columnIndex(preview: FilePreview, ref: string | number): number {
  if (typeof ref === 'number') return ref < preview.columns.length ? ref : -1;
  const exact = preview.columns.indexOf(ref);
  if (exact !== -1) return exact;
  const wanted = ref.trim().toLowerCase();
  return preview.columns.findIndex((c) => c.toLowerCase() === wanted);
}

function rolesFrom(preview: FilePreview, columns: Partial<Record<CsvMappingRole, string | number>>): { roles: (CsvMappingRole | null)[]; unmatched: string[] } {
  const roles: (CsvMappingRole | null)[] = preview.columns.map(() => null);
  const unmatched: string[] = [];
  for (const role of MAPPING_ROLES) {
    const ref = columns[role];
    if (ref === undefined) continue;
    const i = columnIndex(preview, ref);
    if (i === -1) unmatched.push(`${ROLE_LABEL[role]} (${typeof ref === 'number' ? `column ${ref + 1}` : `“${ref}”`})`);
    else roles[i] = role;
  }
  return { roles, unmatched };
}

/** The wizard's first proposal: the engine's suggestion for this file. */
export function draftFromPreview(preview: FilePreview, timezone: string): MappingDraft {
  const s = preview.suggested;
  return {
    delimiter: s.delimiter ?? preview.delimiter ?? ',',
    header: s.header ?? true,
    roles: rolesFrom(preview, s.columns).roles,
    timeFormat: s.timeFormat ?? preview.timeFormats[0] ?? 'auto',
    timezone,
    defaultHost: s.defaultHost ?? '',
    profile: null,
    detected: preview.delimiter,
  };
}

/** After a new split (delimiter or header changed): the engine's suggestion for the new columns, the rest kept. */
export function redraft(previous: MappingDraft, preview: FilePreview): MappingDraft {
  return { ...draftFromPreview(preview, previous.timezone), timeFormat: previous.timeFormat, defaultHost: previous.defaultHost, profile: null, detected: previous.detected };
}

/** A saved profile laid over a file; the roles whose columns this file lacks are named in `unmatched`. */
export function draftFromProfile(
  profile: MappingProfile,
  preview: FilePreview,
  fallbackTimezone: string,
  detected: Delimiter | null = preview.delimiter,
): { draft: MappingDraft; unmatched: string[] } {
  const { roles, unmatched } = rolesFrom(preview, profile.mapping.columns);
  return {
    draft: {
      delimiter: profile.mapping.delimiter ?? preview.delimiter ?? ',',
      header: profile.mapping.header,
      roles,
      timeFormat: profile.mapping.timeFormat,
      timezone: profile.timezone ?? fallbackTimezone,
      defaultHost: profile.mapping.defaultHost ?? '',
      profile: profile.name,
      detected,
    },
    unmatched,
  };
}

/** A profile fits a file when the file is split the same way and has every column the profile names. */
export function profileFits(profile: MappingProfile, preview: FilePreview): boolean {
  if (preview.format !== null || preview.columns.length === 0) return false;
  if (profile.mapping.delimiter && preview.delimiter && profile.mapping.delimiter !== preview.delimiter) return false;
  if (profile.mapping.header !== (preview.suggested.header ?? true)) return false;
  return Object.values(profile.mapping.columns).every((ref) => ref !== undefined && columnIndex(preview, ref) !== -1);
}

/** Gives a column a role; the column that had the role loses it (a role is read from one column). */
export function assignRole(roles: readonly (CsvMappingRole | null)[], column: number, role: CsvMappingRole | null): (CsvMappingRole | null)[] {
  return roles.map((r, i) => (i === column ? role : role !== null && r === role ? null : r));
}

export function missingRoles(draft: MappingDraft): CsvMappingRole[] {
  return REQUIRED_ROLES.filter((r) => !draft.roles.includes(r));
}

/** How the mapping names a column: its header name when that finds it again, else its position. */
function columnRef(preview: FilePreview, header: boolean, i: number): string | number {
  if (!header) return i;
  const name = preview.columns[i] ?? '';
  const unique = preview.columns.indexOf(name) === i && preview.columns.lastIndexOf(name) === i;
  return name && unique && name.length <= 200 && name !== `column ${i + 1}` ? name : i;
}

/** The draft as the contract's mapping (call only when no required role is missing). */
export function toCsvMapping(draft: MappingDraft, preview: FilePreview): CsvMappingInput {
  const columns: Partial<Record<CsvMappingRole, string | number>> = {};
  draft.roles.forEach((role, i) => {
    if (role) columns[role] = columnRef(preview, draft.header, i);
  });
  return {
    delimiter: draft.delimiter,
    header: draft.header,
    columns: columns as CsvMappingInput['columns'],
    timeFormat: draft.timeFormat,
    ...(draft.defaultHost.trim() ? { defaultHost: draft.defaultHost.trim() } : {}),
  };
}

/** True for an IANA zone name this browser knows; the engine has the last word. */
export function isKnownTimeZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone.trim() });
    return true;
  } catch {
    return false;
  }
}

/** IANA zone names for the time-zone inputs' suggestions. */
export function timeZoneNames(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}
