import { describe, expect, it } from 'vitest';
import { inFolder, parseWindowsPath, underFolder } from '../../src/core/analysis/process/windows-path.js';

const parsed = (raw: string) => {
  const p = parseWindowsPath(raw);
  if (p === null) throw new Error(`${raw} did not parse`);
  return p;
};

describe('parseWindowsPath: one file written many ways', () => {
  const svchost = { folders: ['windows', 'system32'], name: 'svchost.exe' };
  it.each([
    ['C:\\Windows\\System32\\svchost.exe', 'drive'],
    ['c:/windows/SYSTEM32/svchost.exe', 'drive'],
    ['C:\\Windows\\\\System32\\.\\svchost.exe', 'drive'],
    ['"C:\\Windows\\System32\\svchost.exe"', 'drive'],
    ['C:\\Windows\\Sysnative\\svchost.exe', 'drive'],
    ['C:\\Windows\\Temp\\..\\System32\\svchost.exe', 'drive'],
    ['\\\\?\\C:\\Windows\\System32\\svchost.exe', 'drive'],
    ['\\\\.\\C:\\Windows\\System32\\svchost.exe', 'drive'],
    ['\\??\\C:\\Windows\\System32\\svchost.exe', 'drive'],
    ['%SystemRoot%\\System32\\svchost.exe', 'volume'],
    ['%windir%\\system32\\svchost.exe', 'volume'],
    ['\\SystemRoot\\System32\\svchost.exe', 'volume'],
    ['\\Device\\HarddiskVolume3\\Windows\\System32\\svchost.exe', 'volume'],
    ['\\\\?\\Volume{0b1c5a1e-8d3f-4c5e-9a1b-2f3e4d5c6b7a}\\Windows\\System32\\svchost.exe', 'volume'],
    ['\\Windows\\System32\\svchost.exe', 'volume'],
  ])('%s', (raw, form) => {
    expect(parsed(raw)).toMatchObject({ ...svchost, form });
  });

  it('keeps the drive letter, lower-cased, for the drive form only', () => {
    expect(parsed('D:\\Windows\\System32\\svchost.exe').drive).toBe('d');
    expect(parsed('\\Device\\HarddiskVolume3\\Windows\\x.exe').drive).toBeNull();
  });

  it('expands the variables profiles and services are written with', () => {
    expect(parsed('%TEMP%\\a.exe').folders).toEqual(['users', '%username%', 'appdata', 'local', 'temp']);
    expect(parsed('%LocalAppData%\\Temp\\a.exe').folders).toEqual(['users', '%username%', 'appdata', 'local', 'temp']);
    expect(parsed('%APPDATA%\\a.exe').folders).toEqual(['users', '%username%', 'appdata', 'roaming']);
    expect(parsed('%ProgramFiles(x86)%\\App\\a.exe').folders).toEqual(['program files (x86)', 'app']);
    expect(parsed('%ProgramData%\\a.exe').folders).toEqual(['programdata']);
    expect(parsed('%PUBLIC%\\a.exe').folders).toEqual(['users', 'public']);
    // An unknown variable is no root: a relative path, so no folder rule reads it.
    expect(parsed('%FOO%\\a.exe').form).toBe('relative');
  });

  it('expands the usual 8.3 names of standard folders and keeps the others as written', () => {
    expect(parsed('C:\\PROGRA~1\\App\\a.exe').folders).toEqual(['program files', 'app']);
    expect(parsed('C:\\PROGRA~2\\App\\a.exe').folders).toEqual(['program files (x86)', 'app']);
    expect(parsed('C:\\PROGRA~3\\a.exe').folders).toEqual(['programdata']);
    expect(parsed('C:\\DOCUME~1\\bob\\LOCALS~1\\Temp\\a.exe').folders).toEqual(['documents and settings', 'bob', 'local settings', 'temp']);
    expect(parsed('C:\\Windows\\System32\\WINDOW~1\\v1.0\\powershell.exe').folders).toEqual(['windows', 'system32', 'windowspowershell', 'v1.0']);
    expect(parsed('C:\\Users\\PEDRO~1.GUS\\AppData\\Local\\Temp\\rtcpef.dll').folders).toEqual(['users', 'pedro~1.gus', 'appdata', 'local', 'temp']);
  });

  it('reads UNC, shadow-copy and removable device paths', () => {
    expect(parsed('\\\\fs01\\tools\\bin\\a.exe')).toMatchObject({ form: 'unc', folders: ['fs01', 'tools', 'bin'], folderShown: '\\\\fs01\\tools\\bin' });
    expect(parsed('//fs01/tools/a.exe')).toMatchObject({ form: 'unc', folders: ['fs01', 'tools'] });
    expect(parsed('\\\\?\\UNC\\fs01\\tools\\a.exe')).toMatchObject({ form: 'unc', folders: ['fs01', 'tools'] });
    expect(parsed('\\Device\\Mup\\fs01\\tools\\a.exe')).toMatchObject({ form: 'unc', folders: ['fs01', 'tools'] });
    expect(parsed('\\Device\\LanmanRedirector\\;Z:0000000000012345\\fs01\\tools\\a.exe')).toMatchObject({ form: 'unc', folders: ['fs01', 'tools'] });
    expect(parsed('\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy2\\Windows\\System32\\lsass.exe')).toMatchObject({ form: 'shadow-copy', folders: ['windows', 'system32'] });
    expect(parsed('\\Device\\CdRom0\\setup.exe').form).toBe('removable');
  });

  it('keeps spaces and dots that end a folder name (a mock "C:\\Windows \\" is another folder)', () => {
    expect(parsed('C:\\Windows \\System32\\a.exe').folders).toEqual(['windows ', 'system32']);
    expect(parsed('C:\\Windows.\\System32\\a.exe').folders).toEqual(['windows.', 'system32']);
  });

  it('does not climb above the root with ..', () => {
    expect(parsed('C:\\..\\..\\Users\\Public\\a.exe').folders).toEqual(['users', 'public']);
  });

  it.each(['System', 'Registry', 'MemCompression', '-', '', '   ', '<unknown process>', '/usr/bin/curl', '\\\\?\\pipe'])('is not a Windows file: %j', (raw) => {
    expect(parseWindowsPath(raw)).toBeNull();
  });

  it('takes a bare name or a relative path as relative, with no folders to judge', () => {
    expect(parsed('svchost.exe')).toMatchObject({ form: 'relative', folders: [], name: 'svchost.exe' });
    expect(parsed('tools\\a.exe')).toMatchObject({ form: 'relative', folders: ['tools'] });
  });

  it('shows the folder with long runs elided, in the letter case of the log', () => {
    expect(parsed('C:\\Users\\bob\\AppData\\Local\\Temp\\lsass.exe').folderShown).toBe('C:\\Users\\bob\\…\\Temp');
    expect(parsed('C:\\Windows\\System32\\svchost.exe').folderShown).toBe('C:\\Windows\\System32');
    expect(parsed('C:\\a.exe').folderShown).toBe('C:\\');
    expect(parsed('%TEMP%\\a.exe').folderShown).toBe('%TEMP%');
  });

  it('handles a 32,767-character path without trouble', () => {
    const deep = `C:\\${'a\\'.repeat(16_000)}x.exe`;
    const p = parsed(deep);
    expect(p.folders).toHaveLength(16_000);
    expect(p.folderShown).toBe('C:\\a\\a\\…\\a');
  });
});

describe('inFolder and underFolder', () => {
  it('match whole folders, with * inside a segment', () => {
    const tiworker = parsed('C:\\Windows\\WinSxS\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.19041.1940_none_7dd80d767cb5c7b0\\TiWorker.exe');
    expect(inFolder(tiworker.folders, 'Windows\\WinSxS\\*')).toBe(true);
    expect(inFolder(tiworker.folders, 'Windows\\WinSxS')).toBe(false);
    expect(inFolder(parsed('C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\MSBuild.exe').folders, 'Windows\\Microsoft.NET\\Framework64\\v*')).toBe(true);
    expect(inFolder(parsed('C:\\Windows\\Microsoft.NET\\Framework64\\x4\\MSBuild.exe').folders, 'Windows\\Microsoft.NET\\Framework64\\v*')).toBe(false);
    expect(underFolder(parsed('C:\\Users\\Public\\Music\\a.exe').folders, 'users\\public')).toBe(true);
    expect(underFolder(parsed('C:\\Users\\PublicX\\a.exe').folders, 'users\\public')).toBe(false);
  });

  it('take an unexpanded 8.3 name as any folder it could stand for', () => {
    const defender = parsed('C:\\PROGRA~1\\WINDOW~1\\MsMpEng.exe');
    expect(inFolder(defender.folders, 'Program Files\\Windows Defender')).toBe(true);
    expect(inFolder(defender.folders, 'Program Files\\Mozilla Firefox')).toBe(false);
    expect(inFolder(parsed('C:\\Users\\PEDRO~1.GUS\\a.exe').folders, 'users\\pedro.gustavo')).toBe(true);
    expect(inFolder(parsed('C:\\Users\\PEDRO~1.GUS\\a.exe').folders, 'users\\pedro.smith')).toBe(false);
  });
});
