/**
 * A Windows path as the judgements compare it. Logs write one file many ways:
 * `C:\Windows\system32\svchost.exe`, `c:/windows/System32/svchost.exe`,
 * `%SystemRoot%\System32\svchost.exe`, `\\?\C:\Windows\…`, `\SystemRoot\…`,
 * `\Device\HarddiskVolume3\Windows\…`, `C:\PROGRA~1\…`. Parsed here once into
 * lower-case folders from the root of its volume, so the rules compare
 * folders and never strings.
 */

/**
 * Where the path starts. `volume`: the system volume without a letter (device
 * and `\SystemRoot` paths, `%SystemRoot%` and other variables); `relative`: no
 * root at all (a bare name, or `Temp\x.exe`), so no folder rule applies.
 */
export type PathForm = 'drive' | 'volume' | 'unc' | 'shadow-copy' | 'removable' | 'relative';

export interface WindowsPath {
  raw: string;
  form: PathForm;
  /** Lower-case drive letter of the `drive` form, else null. */
  drive: string | null;
  /**
   * Folders from the root, lower-case, `.` and `..` resolved, separators
   * collapsed, the usual 8.3 short names expanded; spaces and dots kept as
   * written (`windows ` is not `windows`). For UNC paths: server, share, … .
   */
  folders: string[];
  /** The file name as written ('' when the path ends with a separator). */
  name: string;
  /** The folder for explanations, long runs elided: `C:\Users\…\Temp`. */
  folderShown: string;
}

/** Variables that start image paths in logs and services, as folders from the system volume's root. */
const VARIABLES: Record<string, string[]> = {
  systemroot: ['windows'],
  windir: ['windows'],
  systemdrive: [],
  homedrive: [],
  programfiles: ['program files'],
  programw6432: ['program files'],
  'programfiles(x86)': ['program files (x86)'],
  commonprogramfiles: ['program files', 'common files'],
  commonprogramw6432: ['program files', 'common files'],
  'commonprogramfiles(x86)': ['program files (x86)', 'common files'],
  programdata: ['programdata'],
  allusersprofile: ['programdata'],
  public: ['users', 'public'],
  // The user is unknown: `%username%` stands in for the profile folder's name.
  userprofile: ['users', '%username%'],
  homepath: ['users', '%username%'],
  appdata: ['users', '%username%', 'appdata', 'roaming'],
  localappdata: ['users', '%username%', 'appdata', 'local'],
  temp: ['users', '%username%', 'appdata', 'local', 'temp'],
  tmp: ['users', '%username%', 'appdata', 'local', 'temp'],
};

/**
 * The 8.3 names Windows gives these folders on a standard install (the `~n`
 * depends on creation order, so only the usual ones, by their parent).
 * Other short names (a user's `PEDRO~1.GUS`) stay as written.
 */
const SHORT_NAMES: Record<string, string> = {
  '\\progra~1': 'program files',
  '\\progra~2': 'program files (x86)',
  '\\progra~3': 'programdata',
  '\\docume~1': 'documents and settings',
  'system32\\window~1': 'windowspowershell',
  'syswow64\\window~1': 'windowspowershell',
  '*\\locals~1': 'local settings',
  '*\\applic~1': 'application data',
  '*\\downlo~1': 'downloads',
  '*\\tempor~1': 'temporary internet files',
  '\\$recyc~1.bin': '$recycle.bin',
};

const DRIVE = /^([a-z]):/i;

/** Parses an image path; null for what is not a Windows path (`System`, `-`, `<unknown process>`, POSIX paths). */
export function parseWindowsPath(raw: string): WindowsPath | null {
  let text = raw.replace(/^\s+/, '');
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  if (text === '' || (text.startsWith('/') && !text.startsWith('//'))) return null;
  text = text.replace(/\//g, '\\');
  const start = root(text);
  if (start === null) return null;
  const { folders, name, shown } = walk(start.prefix, start.rest);
  return { raw, form: start.form, drive: start.drive, folders, name, folderShown: showFolder(start.shownRoot, shown) };
}

interface Root {
  form: PathForm;
  drive: string | null;
  /** Folders the root itself stands for (`%SystemRoot%` → windows). */
  prefix: string[];
  rest: string;
  shownRoot: string;
}

function root(text: string): Root | null {
  const lower = text.toLowerCase();
  const variable = /^%([^%\\]+)%/.exec(text);
  if (variable) {
    const folders = VARIABLES[(variable[1] as string).toLowerCase()];
    if (folders) return { form: 'volume', drive: null, prefix: folders, rest: text.slice(variable[0].length), shownRoot: variable[0] };
  }
  for (const p of ['\\\\?\\unc\\', '\\??\\unc\\']) {
    if (lower.startsWith(p)) return unc(text.slice(p.length));
  }
  if (lower.startsWith('\\\\?\\globalroot\\')) return root(text.slice('\\\\?\\globalroot'.length));
  for (const p of ['\\\\?\\', '\\\\.\\', '\\??\\']) {
    if (!lower.startsWith(p)) continue;
    const after = text.slice(p.length);
    if (DRIVE.test(after)) return drive(after);
    const volume = /^volume\{[0-9a-f-]+\}/i.exec(after);
    if (volume) return { form: 'volume', drive: null, prefix: [], rest: after.slice(volume[0].length), shownRoot: `${p}${volume[0]}` };
    return null;
  }
  const device = /^\\device\\([^\\]+)/i.exec(text);
  if (device) return deviceRoot(device[1] as string, text.slice(device[0].length), device[0]);
  if (lower.startsWith('\\systemroot\\')) return { form: 'volume', drive: null, prefix: ['windows'], rest: text.slice(11), shownRoot: '\\SystemRoot' };
  if (text.startsWith('\\\\')) return unc(text.slice(2));
  if (DRIVE.test(text)) return drive(text);
  if (text.startsWith('\\')) return { form: 'volume', drive: null, prefix: [], rest: text, shownRoot: '\\' };
  // A bare token without an extension is a pseudo-process (System, Registry, MemCompression), not a file.
  if (!text.includes('\\') && !text.includes('.')) return null;
  return { form: 'relative', drive: null, prefix: [], rest: text, shownRoot: '' };
}

function drive(text: string): Root {
  const letter = (text[0] as string).toLowerCase();
  return { form: 'drive', drive: letter, prefix: [], rest: text.slice(2), shownRoot: `${letter.toUpperCase()}:` };
}

/** `server\share\…`: the server and share are the first two folders. */
function unc(rest: string): Root {
  return { form: 'unc', drive: null, prefix: [], rest, shownRoot: '\\\\' };
}

function deviceRoot(device: string, rest: string, shownRoot: string): Root | null {
  const d = device.toLowerCase();
  if (d.startsWith('harddiskvolumeshadowcopy')) return { form: 'shadow-copy', drive: null, prefix: [], rest, shownRoot };
  if (d.startsWith('harddiskvolume')) return { form: 'volume', drive: null, prefix: [], rest, shownRoot };
  if (d.startsWith('cdrom') || d.startsWith('floppy')) return { form: 'removable', drive: null, prefix: [], rest, shownRoot };
  if (d === 'mup' || d === 'lanmanredirector' || d === 'webdavredirector') {
    // The redirector's own `;Z:000…` segment names the mapped drive, not a folder.
    return unc(rest.replace(/^\\;[^\\]*/, '').replace(/^\\/, ''));
  }
  return null;
}

function walk(prefix: string[], rest: string): { folders: string[]; name: string; shown: string[] } {
  const parts = rest.split('\\');
  const name = parts.pop() as string;
  const folders = [...prefix];
  // `shown` keeps the letter case of what the log wrote (root variables aside).
  const shown: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (folders.length > 0) folders.pop();
      shown.pop();
      continue;
    }
    folders.push(expandShort(folders, part.toLowerCase()));
    shown.push(part);
  }
  if (folders[0] === 'windows' && folders[1] === 'sysnative') folders[1] = 'system32';
  return { folders, name, shown };
}

function expandShort(before: string[], segment: string): string {
  if (!segment.includes('~')) return segment;
  const parent = before.length === 0 ? '' : (before[before.length - 1] as string);
  return SHORT_NAMES[`${parent}\\${segment}`] ?? SHORT_NAMES[`*\\${segment}`] ?? segment;
}

function showFolder(shownRoot: string, shown: string[]): string {
  if (shown.length === 0) return /^[A-Z]:$/.test(shownRoot) ? `${shownRoot}\\` : shownRoot;
  const parts = shown.length > 3 ? [shown[0], shown[1], '…', shown[shown.length - 1]] : shown;
  const joined = parts.join('\\');
  return shownRoot.endsWith('\\') || shownRoot === '' ? `${shownRoot}${joined}` : `${shownRoot}\\${joined}`;
}

/** True when the path's folders are `pattern` (lower-case, `\`-separated; `*` in a segment matches any run). */
export function inFolder(folders: readonly string[], pattern: string): boolean {
  const want = pattern.toLowerCase().split('\\');
  if (want.length !== folders.length) return false;
  return want.every((w, i) => segmentMatches(folders[i] as string, w));
}

/** True when the path's folders start with `pattern` (see inFolder). */
export function underFolder(folders: readonly string[], pattern: string): boolean {
  const want = pattern.toLowerCase().split('\\');
  if (want.length > folders.length) return false;
  return want.every((w, i) => segmentMatches(folders[i] as string, w));
}

const SHORT_NAME = /^([^~.]{1,6})~\d+(?:\.([^.]{0,3}))?$/;

function segmentMatches(segment: string, pattern: string): boolean {
  if (!pattern.includes('*')) return segment === pattern || shortNameOf(segment, pattern);
  const parts = pattern.split('*');
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  if (!segment.startsWith(first) || !segment.endsWith(last) || segment.length < first.length + last.length) return false;
  let at = first.length;
  for (const middle of parts.slice(1, -1)) {
    const found = segment.indexOf(middle, at);
    if (found === -1 || found + middle.length > segment.length - last.length) return false;
    at = found + middle.length;
  }
  return true;
}

/**
 * True when `segment` is an 8.3 name Windows could have given `long`
 * (`window~1` for `windows defender`): which `~n` went to which folder is
 * not knowable from a path, so any folder with that start counts.
 */
function shortNameOf(segment: string, long: string): boolean {
  const m = SHORT_NAME.exec(segment);
  if (!m) return false;
  const dot = long.lastIndexOf('.');
  const stem = (dot === -1 ? long : long.slice(0, dot)).replace(/[\s.]/g, '');
  const extension = dot === -1 ? '' : long.slice(dot + 1).replace(/\s/g, '');
  return stem.startsWith(m[1] as string) && extension.startsWith(m[2] ?? '');
}

/** The final extension, lower-case, with its dot ('' when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

/** The name without its final extension. */
export function stemOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? name : name.slice(0, dot);
}
