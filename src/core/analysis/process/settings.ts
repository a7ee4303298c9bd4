/**
 * Parameters of the process judgements. Each score is a judgement's
 * contribution in [0, 1]: about how sure the fact alone makes us that the
 * process is not what it claims (or is run as malware is), before prevalence
 * and the other detectors weigh in. Defaults are chosen so that a system
 * name in the wrong folder or a homoglyph of one outweighs a program merely
 * run from a user's folder, which many installers and per-user apps do.
 */
export interface ProcessSettings {
  /** Drive letters Windows is installed on; a system folder elsewhere is not the system's, and other drives may be removable. Default ['c']. */
  systemDrives: readonly string[];
  /**
   * Folders within a user's profile where common applications install per
   * user (OneDrive, Teams, Chrome, Zoom…): writable by their user, but on
   * every machine, so running from them is not reported.
   */
  perUserInstalls: readonly string[];
  scores: {
    /** A system binary's name outside the folders Windows keeps it in ("lsass.exe running from …\Temp"). 0.8 */
    systemNameElsewhere: number;
    /** The name of a system binary written with look-alike characters (svch0st, Cyrillic е). 0.85 */
    homoglyph: number;
    /** One or two letters away from an imitated name (scvhost, lsas, svchosts). 0.6 */
    nearName: number;
    /** A system binary's name with another executable extension (svchost.scr). 0.7 */
    otherExtension: number;
    /** Invisible or reordering characters in the file name (right-to-left override, zero-width space). 0.8 */
    hiddenCharacters: number;
    /** A document's name with a program's extension (invoice.pdf.exe). 0.7 */
    doubleExtension: number;
    /** A system process started by a process that never starts it (lsass.exe by cmd.exe). 0.5 */
    unexpectedParent: number;
    /** A shell or script host started by an Office application or document reader. 0.5 */
    documentStartsShell: number;
    /** A process that only ever runs as SYSTEM running as a user or below System integrity. 0.6 */
    unexpectedAccount: number;
    /** A system binary started without the arguments it always has (svchost without -k, rundll32 alone). 0.45 */
    missingArguments: number;
    /** rundll32 or regsvr32 loading a DLL from a user-writable folder. 0.5 */
    writableModule: number;
  };
  /** Contribution of running from each kind of user-writable place (see user-writable.ts). */
  writable: Record<WritablePlace, number>;
  /** Edit distance allowed for look-alikes, by the imitated name's length without extension. */
  nearName: {
    /** One edit from names this long. 5 */
    oneEditFrom: number;
    /** Two edits from names this long (at 7, psexec.exe came within two of msiexec.exe). 8 */
    twoEditsFrom: number;
  };
  lineage: {
    /** Ancestors named after the parent in a lineage sentence. 2 */
    maxAncestors: number;
  };
  /** Longest file name quoted in an explanation; longer ones are cut with "…". 80 */
  shownNameChars: number;
}

export type WritablePlace =
  | 'temp'
  | 'downloads'
  | 'desktop'
  | 'documents'
  | 'appData'
  | 'browserCache'
  | 'userProfile'
  | 'public'
  | 'programData'
  | 'recycleBin'
  | 'perfLogs'
  | 'windowsWritable'
  | 'mockFolder'
  | 'networkShare'
  | 'removable'
  | 'shadowCopy'
  | 'otherDrive';

export const processSettings: ProcessSettings = {
  systemDrives: ['c'],
  perUserInstalls: [
    'appdata\\local\\microsoft\\onedrive',
    'appdata\\local\\microsoft\\teams',
    'appdata\\local\\microsoft\\windowsapps',
    'appdata\\local\\microsoft\\edgewebview',
    'appdata\\local\\programs',
    'appdata\\local\\google\\chrome\\application',
    'appdata\\local\\mozilla firefox',
    'appdata\\roaming\\zoom\\bin',
    'appdata\\local\\slack',
    'appdata\\local\\discord',
  ],
  scores: {
    systemNameElsewhere: 0.8,
    homoglyph: 0.85,
    nearName: 0.6,
    otherExtension: 0.7,
    hiddenCharacters: 0.8,
    doubleExtension: 0.7,
    unexpectedParent: 0.5,
    documentStartsShell: 0.5,
    unexpectedAccount: 0.6,
    missingArguments: 0.45,
    writableModule: 0.5,
  },
  writable: {
    temp: 0.4,
    downloads: 0.35,
    desktop: 0.3,
    documents: 0.3,
    appData: 0.25,
    browserCache: 0.45,
    userProfile: 0.25,
    public: 0.45,
    programData: 0.25,
    recycleBin: 0.6,
    perfLogs: 0.45,
    windowsWritable: 0.5,
    mockFolder: 0.7,
    networkShare: 0.3,
    removable: 0.35,
    shadowCopy: 0.5,
    otherDrive: 0.15,
  },
  nearName: { oneEditFrom: 5, twoEditsFrom: 8 },
  lineage: { maxAncestors: 2 },
  shownNameChars: 80,
};
