import type { ProcessSettings, WritablePlace } from './settings.js';
import { underFolder, type WindowsPath } from './windows-path.js';

/**
 * Places a standard user (or anyone on the network) can write a program to:
 * malware runs from where it could be dropped without elevation. Programs
 * Windows and administrators install live where users cannot write
 * (Windows, Program Files, the protected parts of ProgramData).
 */

export interface WritablePlaceHit {
  place: WritablePlace;
  /** The place in words, for explanations: "the Downloads folder". */
  label: string;
  /** Standard users write there (not said of shares, removable drives, snapshots or other drives: who writes those depends). */
  byUsers: boolean;
}

/**
 * Folders under Windows that standard users can create files in under the
 * default ACLs (the ones AppLocker's default rules are known to leave open).
 */
const WINDOWS_WRITABLE = [
  'windows\\tasks',
  'windows\\tracing',
  'windows\\registration\\crmlog',
  'windows\\system32\\tasks',
  'windows\\syswow64\\tasks',
  'windows\\system32\\spool\\drivers\\color',
  'windows\\system32\\spool\\printers',
  'windows\\system32\\spool\\servers',
  'windows\\system32\\microsoft\\crypto\\rsa\\machinekeys',
  'windows\\system32\\com\\dmp',
  'windows\\syswow64\\com\\dmp',
  'windows\\system32\\fxstmp',
  'windows\\syswow64\\fxstmp',
];

/** Parts of ProgramData only administrators and services write. */
const PROTECTED_PROGRAM_DATA = [
  'programdata\\microsoft\\windows defender\\platform',
  'programdata\\microsoft\\windows defender advanced threat protection',
  // Installers built with WiX Burn cache themselves here with admin-only ACLs.
  'programdata\\package cache',
];

const LABELS: Record<WritablePlace, string> = {
  temp: 'a Temp folder',
  downloads: 'the Downloads folder',
  desktop: 'the Desktop',
  documents: 'the Documents folder',
  appData: 'AppData',
  browserCache: "the browser's cache",
  userProfile: "a user's profile",
  public: 'the Public profile',
  programData: 'ProgramData',
  recycleBin: 'the Recycle Bin',
  perfLogs: 'PerfLogs',
  windowsWritable: 'a Windows folder standard users can write to',
  mockFolder: 'a folder whose name ends with a space or a dot, imitating a trusted folder',
  networkShare: 'a network share',
  removable: 'a removable drive',
  shadowCopy: 'a volume shadow copy',
  otherDrive: 'a drive other than the system drive',
};

const ELSEWHERE: ReadonlySet<WritablePlace> = new Set(['networkShare', 'removable', 'shadowCopy', 'otherDrive']);

const hit = (place: WritablePlace, label = LABELS[place]): WritablePlaceHit => ({ place, label, byUsers: !ELSEWHERE.has(place) });

/** The user-writable place the path is in, or null (system folders, Program Files, a bare name). */
export function writablePlace(path: WindowsPath, settings: Pick<ProcessSettings, 'systemDrives' | 'perUserInstalls'>): WritablePlaceHit | null {
  if (path.form === 'relative') return null;
  if (path.form === 'unc') return hit('networkShare');
  if (path.form === 'removable') return hit('removable');
  if (path.form === 'shadow-copy') return hit('shadowCopy');
  const f = path.folders;
  if (f.some((s) => /^\s|[\s.]$/.test(s))) return hit('mockFolder');
  const top = f[0];
  if (top === '$recycle.bin' || top === 'recycler' || top === 'recycled') return hit('recycleBin');
  if (top === 'temp' || top === 'tmp') return hit('temp');
  if (top === 'perflogs') return hit('perfLogs');
  if (underFolder(f, 'windows\\temp')) return hit('temp', 'Windows\\Temp');
  if (WINDOWS_WRITABLE.some((w) => underFolder(f, w))) return hit('windowsWritable');
  if (top === 'programdata' || underFolder(f, 'users\\all users')) {
    return PROTECTED_PROGRAM_DATA.some((p) => underFolder(f, p)) ? null : hit('programData');
  }
  if ((top === 'users' || top === 'documents and settings') && f.length >= 2) {
    const profile = f.slice(2);
    if (f[1] === 'public' || f[1] === 'all users') return hit('public');
    if (settings.perUserInstalls.some((p) => underFolder(profile, p))) return null;
    return hit(profilePlace(profile));
  }
  if (path.form === 'drive' && path.drive !== null && !settings.systemDrives.includes(path.drive)) {
    return hit('otherDrive', `drive ${path.drive.toUpperCase()}:, not the system drive`);
  }
  return null;
}

function profilePlace(inProfile: readonly string[]): WritablePlace {
  if (underFolder(inProfile, 'appdata\\local\\temp') || underFolder(inProfile, 'local settings\\temp')) return 'temp';
  if (
    underFolder(inProfile, 'appdata\\local\\microsoft\\windows\\inetcache') ||
    underFolder(inProfile, 'appdata\\local\\microsoft\\windows\\temporary internet files') ||
    underFolder(inProfile, 'local settings\\temporary internet files')
  ) {
    return 'browserCache';
  }
  const first = inProfile[0];
  if (first === 'appdata' || first === 'application data' || first === 'local settings') return 'appData';
  if (first === 'downloads') return 'downloads';
  if (first === 'desktop') return 'desktop';
  if (first === 'documents' || first === 'my documents') return 'documents';
  return 'userProfile';
}
