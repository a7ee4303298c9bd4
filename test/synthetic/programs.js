// @ts-check
// The programs of the synthetic organisation, with the metadata Sysmon's process creation carries.

import { digestOf } from './random.js';

/** @typedef {import('./types.js').Program} Program */

const MS = 'Microsoft Corporation';
const WINDOWS = 'Microsoft® Windows® Operating System';
const OS_VERSION = '10.0.19041.3636 (WinBuild.160101.0800)';
const OFFICE = 'C:\\Program Files\\Microsoft Office\\root\\Office16';

/**
 * @param {string} key
 * @param {string} image
 * @param {Partial<Program>} rest
 * @returns {Program}
 */
function program(key, image, rest) {
  return {
    key,
    image,
    description: '-',
    product: '-',
    company: '-',
    fileVersion: '-',
    originalFileName: image.slice(image.lastIndexOf('\\') + 1),
    account: 'user',
    integrity: 'Medium',
    commandLine: '"{image}"',
    ...rest,
  };
}

const system = /** @type {const} */ ({ product: WINDOWS, company: MS, fileVersion: OS_VERSION });

/** Every program by key. `{user}` in a path is the host's user. */
export const PROGRAMS = {
  winlogon: program('winlogon', 'C:\\Windows\\System32\\winlogon.exe', { ...system, description: 'Windows Logon Application', account: 'system', integrity: 'System', commandLine: 'winlogon.exe' }),
  services: program('services', 'C:\\Windows\\System32\\services.exe', { ...system, description: 'Services and Controller app', account: 'system', integrity: 'System', commandLine: 'C:\\Windows\\system32\\services.exe' }),
  userinit: program('userinit', 'C:\\Windows\\System32\\userinit.exe', { ...system, description: 'Userinit Logon Application', commandLine: 'C:\\Windows\\system32\\userinit.exe' }),
  explorer: program('explorer', 'C:\\Windows\\explorer.exe', { ...system, description: 'Windows Explorer', originalFileName: 'EXPLORER.EXE', commandLine: 'C:\\Windows\\Explorer.EXE' }),
  system: program('system', 'System', { account: 'system', integrity: 'System', commandLine: '' }),
  lsass: program('lsass', 'C:\\Windows\\System32\\lsass.exe', { ...system, description: 'Local Security Authority Process', account: 'system', integrity: 'System', commandLine: 'C:\\Windows\\system32\\lsass.exe' }),
  svchostNet: program('svchostNet', 'C:\\Windows\\System32\\svchost.exe', { ...system, description: 'Host Process for Windows Services', account: 'network', integrity: 'System', commandLine: 'C:\\Windows\\system32\\svchost.exe -k NetworkService -p -s Dnscache' }),
  svchostSys: program('svchostSys', 'C:\\Windows\\System32\\svchost.exe', { ...system, description: 'Host Process for Windows Services', account: 'system', integrity: 'System', commandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s wuauserv' }),
  svchostLocal: program('svchostLocal', 'C:\\Windows\\System32\\svchost.exe', { ...system, description: 'Host Process for Windows Services', account: 'local', integrity: 'System', commandLine: 'C:\\Windows\\system32\\svchost.exe -k LocalService -p -s W32Time' }),
  defender: program('defender', 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.23110.3-0\\MsMpEng.exe', { description: 'Antimalware Service Executable', product: WINDOWS, company: MS, fileVersion: '4.18.23110.3 (WinBuild.160101.0800)', account: 'system', integrity: 'System', commandLine: '"C:\\ProgramData\\Microsoft\\Windows Defender\\platform\\4.18.23110.3-0\\MsMpEng.exe"' }),
  agent: program('agent', 'C:\\Program Files\\Northwind IT\\Endpoint Agent\\nwagent.exe', { description: 'Northwind IT endpoint management agent', product: 'Northwind Endpoint Agent', company: 'Northwind IT Services Ltd', fileVersion: '7.2.1.0', account: 'system', integrity: 'System', commandLine: '"{image}" --service' }),
  dnsServer: program('dnsServer', 'C:\\Windows\\System32\\dns.exe', { ...system, description: 'Domain Name System (DNS) Server', account: 'system', integrity: 'System', commandLine: 'C:\\Windows\\system32\\dns.exe' }),
  edge: program('edge', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', { description: 'Microsoft Edge', product: 'Microsoft Edge', company: MS, fileVersion: '119.0.2151.72', commandLine: '"{image}" --profile-directory=Default' }),
  chrome: program('chrome', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', { description: 'Google Chrome', product: 'Google Chrome', company: 'Google LLC', fileVersion: '119.0.6045.160', commandLine: '"{image}"' }),
  outlook: program('outlook', `${OFFICE}\\OUTLOOK.EXE`, { description: 'Microsoft Outlook', product: 'Microsoft Outlook', company: MS, fileVersion: '16.0.17029.20068', originalFileName: 'Outlook.exe', commandLine: '"{image}" ' }),
  winword: program('winword', `${OFFICE}\\WINWORD.EXE`, { description: 'Microsoft Word', product: 'Microsoft Office', company: MS, fileVersion: '16.0.17029.20068', originalFileName: 'WinWord.exe', commandLine: '"{image}" /n' }),
  excel: program('excel', `${OFFICE}\\EXCEL.EXE`, { description: 'Microsoft Excel', product: 'Microsoft Office', company: MS, fileVersion: '16.0.17029.20068', originalFileName: 'Excel.exe', commandLine: '"{image}"' }),
  teams: program('teams', 'C:\\Users\\{user}\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe', { description: 'Microsoft Teams', product: 'Microsoft Teams', company: MS, fileVersion: '1.6.00.29964', commandLine: '"{image}" --process-start-args "--system-initiated"' }),
  onedrive: program('onedrive', 'C:\\Users\\{user}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe', { description: 'Microsoft OneDrive', product: 'Microsoft OneDrive', company: MS, fileVersion: '23.226.1031.0003', commandLine: '"{image}" /background' }),
  dropbox: program('dropbox', 'C:\\Program Files (x86)\\Dropbox\\Client\\Dropbox.exe', { description: 'Dropbox', product: 'Dropbox', company: 'Dropbox, Inc.', fileVersion: '187.4.5691', commandLine: '"{image}" /systemstartup' }),
  telegram: program('telegram', 'C:\\Users\\{user}\\AppData\\Roaming\\Telegram Desktop\\Telegram.exe', { description: 'Telegram Desktop', product: 'Telegram Desktop', company: 'Telegram FZ-LLC', fileVersion: '4.11.8.0', commandLine: '"{image}" -autostart' }),
  powershell: program('powershell', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', { ...system, description: 'Windows PowerShell', originalFileName: 'PowerShell.EXE', commandLine: '"{image}" ' }),
  rundll32: program('rundll32', 'C:\\Windows\\System32\\rundll32.exe', { ...system, description: 'Windows host process (Rundll32)', originalFileName: 'RUNDLL32.EXE', commandLine: 'rundll32.exe' }),
  syncHelper: program('syncHelper', 'C:\\Users\\{user}\\AppData\\Local\\Programs\\SyncHelper\\synchelper.exe', { description: 'Sync Helper', product: 'Sync Helper', company: 'SyncSoft', fileVersion: '2.3.0.1', commandLine: '"{image}" --background' }),
  // Malware wearing svchost.exe's metadata: only its name and folder give it away.
  svch0st: program('svch0st', 'C:\\Users\\{user}\\AppData\\Roaming\\Microsoft\\Windows\\svch0st.exe', { ...system, description: 'Host Process for Windows Services', originalFileName: 'svchost.exe', commandLine: '"{image}" -k netsvcs', hashSeed: 'planted:svch0st' }),
};

/** The account a program runs as on a host: its user, or one of Windows' service accounts. */
export function accountOf(/** @type {Program} */ p, /** @type {string} */ domain, /** @type {string} */ user) {
  switch (p.account) {
    case 'system':
      return 'NT AUTHORITY\\SYSTEM';
    case 'network':
      return 'NT AUTHORITY\\NETWORK SERVICE';
    case 'local':
      return 'NT AUTHORITY\\LOCAL SERVICE';
    default:
      return `${domain}\\${user}`;
  }
}

/** A program's image path on a host whose user is `user`. */
export function imageOf(/** @type {Program} */ p, /** @type {string} */ user) {
  return p.image.replaceAll('{user}', user);
}

/**
 * The hashes Sysmon would log for a program's binary: stable per program
 * and version (the same file on every host), or per `hashSeed`.
 * @param {Program} p
 */
export function programHashes(p) {
  const seed = p.hashSeed ?? `${p.image}|${p.fileVersion}`;
  return { md5: digestOf('md5', seed), sha1: digestOf('sha1', seed), sha256: digestOf('sha256', seed), imphash: digestOf('md5', `imphash|${seed}`) };
}
