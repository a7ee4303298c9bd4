/**
 * Windows binaries attackers imitate, where a standard install keeps them and
 * what starts them. Written from how Windows 7–11 and Server 2008 R2–2022
 * lay out their system folders; parents from the boot sequence (smss →
 * wininit/winlogon/csrss, wininit → services/lsass, services → svchost) and
 * the service hosts (the Schedule service's svchost starts taskhostw, the
 * DCOM launcher's starts WmiPrvSE). Only well-settled parents are listed: a
 * rule that fires on a normal machine teaches analysts to ignore it.
 */

export interface SystemBinary {
  /** As Windows writes it. */
  name: string;
  /**
   * Folders from the system volume's root where a standard install keeps it
   * (`*` in a segment matches any run). Empty: no folder rule (the name is
   * only guarded against look-alikes).
   */
  folders: readonly string[];
  /** Lower-case names of the processes that start it; absent: any parent. */
  parents?: readonly string[];
  /** Runs only as LocalSystem (System integrity). */
  systemOnly?: boolean;
  /** What its command line always holds beyond the program, and how to say it is missing. */
  args?: { pattern: RegExp; expected: string };
  /** Its name is imitated by near-misses (svhost, scvhost): checked by edit distance, not only by homoglyphs. */
  imitated?: boolean;
}

const SYS32 = ['Windows\\System32'];
const BOTH = ['Windows\\System32', 'Windows\\SysWOW64'];
const WBEM = ['Windows\\System32\\wbem', 'Windows\\SysWOW64\\wbem'];
const PS = ['Windows\\System32\\WindowsPowerShell\\v1.0', 'Windows\\SysWOW64\\WindowsPowerShell\\v1.0'];
const ROOT = ['Windows', 'Windows\\SysWOW64'];
const NET_FRAMEWORK = ['Windows\\Microsoft.NET\\Framework\\v*', 'Windows\\Microsoft.NET\\Framework64\\v*'];

const boot: SystemBinary[] = [
  // The session manager starts a copy of itself per session; the first is the kernel's.
  { name: 'smss.exe', folders: SYS32, parents: ['system', 'smss.exe'], systemOnly: true },
  { name: 'csrss.exe', folders: SYS32, parents: ['smss.exe'], systemOnly: true, imitated: true },
  { name: 'wininit.exe', folders: SYS32, parents: ['smss.exe'], systemOnly: true, imitated: true },
  { name: 'winlogon.exe', folders: SYS32, parents: ['smss.exe'], systemOnly: true, imitated: true },
  { name: 'services.exe', folders: SYS32, parents: ['wininit.exe'], systemOnly: true, imitated: true },
  // winlogon started it on XP and Server 2003.
  { name: 'lsass.exe', folders: SYS32, parents: ['wininit.exe', 'winlogon.exe'], systemOnly: true, imitated: true },
  { name: 'lsaiso.exe', folders: SYS32, parents: ['wininit.exe'], systemOnly: true },
  { name: 'lsm.exe', folders: SYS32, parents: ['wininit.exe'], systemOnly: true },
  { name: 'fontdrvhost.exe', folders: SYS32, parents: ['wininit.exe', 'winlogon.exe'] },
  { name: 'userinit.exe', folders: BOTH, parents: ['winlogon.exe'], imitated: true },
  { name: 'logonui.exe', folders: SYS32, parents: ['winlogon.exe'] },
  // svchost started it on Windows 7 (the UxSms service).
  { name: 'dwm.exe', folders: SYS32, parents: ['winlogon.exe', 'svchost.exe'] },
];

const hosts: SystemBinary[] = [
  {
    name: 'svchost.exe',
    folders: BOTH,
    // Defender and the removal tool restart service hosts; so do service hosts themselves.
    parents: ['services.exe', 'msmpeng.exe', 'mrt.exe', 'svchost.exe'],
    args: { pattern: /(^|\s)[-/]k(\s|$)/i, expected: 'a service group (-k)' },
    imitated: true,
  },
  { name: 'spoolsv.exe', folders: SYS32, parents: ['services.exe'], systemOnly: true, imitated: true },
  { name: 'taskhostw.exe', folders: SYS32, parents: ['svchost.exe'], imitated: true },
  { name: 'taskhost.exe', folders: SYS32, parents: ['services.exe', 'svchost.exe'] },
  { name: 'taskhostex.exe', folders: SYS32, parents: ['svchost.exe'] },
  { name: 'sihost.exe', folders: SYS32, parents: ['svchost.exe'] },
  { name: 'runtimebroker.exe', folders: SYS32, parents: ['svchost.exe'], imitated: true },
  { name: 'backgroundtaskhost.exe', folders: BOTH, parents: ['svchost.exe'] },
  { name: 'dllhost.exe', folders: BOTH, args: { pattern: /\/processid:/i, expected: 'the COM class it hosts (/Processid:{…})' }, imitated: true },
  { name: 'conhost.exe', folders: SYS32, imitated: true },
  { name: 'wmiprvse.exe', folders: WBEM, parents: ['svchost.exe'], imitated: true },
  { name: 'searchindexer.exe', folders: SYS32, parents: ['services.exe'], imitated: true },
  { name: 'searchprotocolhost.exe', folders: BOTH, parents: ['searchindexer.exe'] },
  { name: 'searchfilterhost.exe', folders: SYS32, parents: ['searchindexer.exe'] },
  { name: 'ctfmon.exe', folders: BOTH },
  { name: 'audiodg.exe', folders: SYS32, parents: ['svchost.exe'] },
  { name: 'consent.exe', folders: SYS32, parents: ['svchost.exe'] },
  { name: 'smartscreen.exe', folders: SYS32, parents: ['svchost.exe'] },
  { name: 'wuauclt.exe', folders: SYS32 },
  { name: 'trustedinstaller.exe', folders: ['Windows\\servicing'], parents: ['services.exe'] },
  { name: 'tiworker.exe', folders: ['Windows\\WinSxS\\*'], parents: ['svchost.exe'] },
  { name: 'werfault.exe', folders: BOTH },
  { name: 'wermgr.exe', folders: BOTH },
];

const tools: SystemBinary[] = [
  { name: 'explorer.exe', folders: ROOT, imitated: true },
  { name: 'cmd.exe', folders: BOTH },
  { name: 'powershell.exe', folders: PS, imitated: true },
  { name: 'powershell_ise.exe', folders: PS },
  { name: 'rundll32.exe', folders: BOTH, args: { pattern: /\S/, expected: 'the DLL to run' }, imitated: true },
  { name: 'regsvr32.exe', folders: BOTH, imitated: true },
  { name: 'msiexec.exe', folders: BOTH, imitated: true },
  { name: 'wscript.exe', folders: BOTH },
  { name: 'cscript.exe', folders: BOTH },
  { name: 'mshta.exe', folders: BOTH },
  { name: 'certutil.exe', folders: BOTH },
  { name: 'bitsadmin.exe', folders: BOTH },
  { name: 'schtasks.exe', folders: BOTH },
  { name: 'sc.exe', folders: BOTH },
  { name: 'net.exe', folders: BOTH },
  { name: 'net1.exe', folders: BOTH },
  { name: 'reg.exe', folders: BOTH },
  { name: 'netsh.exe', folders: BOTH },
  { name: 'whoami.exe', folders: BOTH },
  { name: 'tasklist.exe', folders: BOTH },
  { name: 'taskmgr.exe', folders: BOTH },
  { name: 'mmc.exe', folders: BOTH },
  { name: 'wevtutil.exe', folders: BOTH },
  { name: 'vssadmin.exe', folders: SYS32 },
  { name: 'wmic.exe', folders: WBEM },
  { name: 'regedit.exe', folders: ROOT },
  { name: 'notepad.exe', folders: [...BOTH, 'Windows', 'Program Files\\WindowsApps\\Microsoft.WindowsNotepad_*\\Notepad'] },
  { name: 'msbuild.exe', folders: NET_FRAMEWORK },
  { name: 'installutil.exe', folders: NET_FRAMEWORK },
  { name: 'regasm.exe', folders: NET_FRAMEWORK },
  { name: 'regsvcs.exe', folders: NET_FRAMEWORK },
];

/** Applications imitated as often as system binaries; they install in several places, so only their names are guarded. */
const applications: SystemBinary[] = [
  { name: 'iexplore.exe', folders: [], imitated: true },
  { name: 'chrome.exe', folders: [], imitated: true },
  { name: 'msedge.exe', folders: [], imitated: true },
  { name: 'firefox.exe', folders: [], imitated: true },
  { name: 'WINWORD.EXE', folders: [], imitated: true },
  { name: 'OUTLOOK.EXE', folders: [], imitated: true },
  { name: 'OneDrive.exe', folders: [], imitated: true },
  { name: 'MsMpEng.exe', folders: ['Program Files\\Windows Defender', 'ProgramData\\Microsoft\\Windows Defender\\Platform\\*'], imitated: true },
];

export const systemBinaries: readonly SystemBinary[] = [...boot, ...hosts, ...tools, ...applications];

const byName = new Map(systemBinaries.map((b) => [b.name.toLowerCase(), b]));

/** The entry for a file name (any letter case), if it is one of the binaries above. */
export function systemBinary(name: string): SystemBinary | undefined {
  return byName.get(name.toLowerCase());
}

/**
 * Real Windows and common program names within two edits of an imitated
 * name (sihost ~ svchost, dasHost ~ dllhost, iexplore ~ explorer, psexec ~
 * msiexec, winload ~ WINWORD): never judged look-alikes, whatever the
 * distance settings. Found by measuring test/helpers/windows-names.ts.
 */
export const closeRealNames: ReadonlySet<string> = new Set([
  'sihost.exe',
  'dashost.exe',
  'mighost.exe',
  'synchost.exe',
  'smsvchost.exe',
  'wslhost.exe',
  'iexplore.exe',
  'lsaiso.exe',
  'ilasm.exe',
  'msmpengcp.exe',
  'winload.exe',
  'psexec.exe',
]);
