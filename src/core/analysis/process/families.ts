import { parseWindowsPath } from './windows-path.js';

/**
 * Kinds of program whose behaviour the detectors compare: documents that
 * start shells, script hosts that upload to cloud storage, Office talking
 * to a messenger API.
 *  - document: Office applications and document readers (files from mail and the web open in them);
 *  - script: command shells and script hosts;
 *  - lolbin: Windows tools that download or run code for whoever calls them (living off the land);
 *  - browser: web browsers (they talk to everything; other rules treat them apart).
 */
export type ProcessFamily = 'document' | 'script' | 'lolbin' | 'browser';

const MEMBERS: Record<ProcessFamily, readonly string[]> = {
  document: [
    'winword.exe', 'excel.exe', 'powerpnt.exe', 'outlook.exe', 'msaccess.exe', 'mspub.exe', 'onenote.exe', 'onenotem.exe',
    'visio.exe', 'winproj.exe', 'eqnedt32.exe', 'wordpad.exe', 'acrord32.exe', 'acrobat.exe', 'foxitreader.exe', 'foxitpdfreader.exe',
  ],
  script: ['cmd.exe', 'powershell.exe', 'powershell_ise.exe', 'pwsh.exe', 'wscript.exe', 'cscript.exe', 'mshta.exe'],
  lolbin: [
    'rundll32.exe', 'regsvr32.exe', 'certutil.exe', 'bitsadmin.exe', 'msbuild.exe', 'installutil.exe', 'regasm.exe', 'regsvcs.exe',
    'schtasks.exe', 'wmic.exe', 'msiexec.exe', 'curl.exe', 'hh.exe', 'forfiles.exe', 'cmstp.exe',
  ],
  browser: ['chrome.exe', 'msedge.exe', 'firefox.exe', 'iexplore.exe', 'opera.exe', 'brave.exe', 'vivaldi.exe'],
};

const familyOf = new Map<string, ProcessFamily>(
  (Object.entries(MEMBERS) as [ProcessFamily, readonly string[]][]).flatMap(([family, names]) => names.map((n) => [n, family] as const)),
);

/** The family of a process by its image's file name (any path form, any letter case), or null. */
export function processFamily(image: string | null | undefined): ProcessFamily | null {
  if (!image) return null;
  const name = parseWindowsPath(image)?.name.toLowerCase();
  return name === undefined ? null : (familyOf.get(name) ?? null);
}

/** The file names of a family, lower-case. */
export function familyMembers(family: ProcessFamily): readonly string[] {
  return MEMBERS[family];
}
