import { describe, expect, it } from 'vitest';
import { judgeProcess, processScore, processSettings, type ProcessFacts, type ProcessJudgement } from '../../src/core/analysis/process/index.js';
import { installPaths, sysmonLogPaths } from '../helpers/windows-paths.js';

const kinds = (facts: ProcessFacts) => judgeProcess(facts).map((j) => j.kind);
const only = (facts: ProcessFacts, kind: ProcessJudgement['kind']) => {
  const found = judgeProcess(facts).filter((j) => j.kind === kind);
  expect(found, `${kind} for ${facts.image}`).toHaveLength(1);
  return found[0] as ProcessJudgement;
};

describe('judgeProcess: real programs draw nothing', () => {
  const paths = [...sysmonLogPaths, ...installPaths];
  it(`${paths.length} image paths from real Sysmon logs and standard installs`, () => {
    const flagged = paths.map((image) => ({ image, judgements: judgeProcess({ image }) })).filter((r) => r.judgements.length > 0);
    expect(flagged).toEqual([]);
  });

  it('the boot chain and service hosts with their real parents, accounts and command lines', () => {
    const system = { user: 'NT AUTHORITY\\SYSTEM', integrityLevel: 'System' };
    const records: ProcessFacts[] = [
      { image: 'C:\\Windows\\System32\\smss.exe', parentImage: 'System', ...system },
      { image: 'C:\\Windows\\System32\\smss.exe', parentImage: 'C:\\Windows\\System32\\smss.exe', ...system },
      { image: 'C:\\Windows\\System32\\csrss.exe', parentImage: 'C:\\Windows\\System32\\smss.exe', ...system },
      { image: 'C:\\Windows\\System32\\wininit.exe', parentImage: 'C:\\Windows\\System32\\smss.exe', ...system },
      { image: 'C:\\Windows\\System32\\services.exe', parentImage: 'C:\\Windows\\System32\\wininit.exe', ...system },
      { image: 'C:\\Windows\\System32\\lsass.exe', parentImage: 'C:\\Windows\\System32\\wininit.exe', commandLine: 'C:\\Windows\\system32\\lsass.exe', ...system },
      { image: 'C:\\Windows\\System32\\svchost.exe', parentImage: 'C:\\Windows\\System32\\services.exe', commandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule', user: 'NT AUTHORITY\\NETWORK SERVICE', integrityLevel: 'System' },
      // Per-user services run svchost as the user.
      { image: 'C:\\Windows\\System32\\svchost.exe', parentImage: 'C:\\Windows\\System32\\services.exe', commandLine: 'C:\\Windows\\system32\\svchost.exe -k UnistackSvcGroup', user: 'CORP\\alice', integrityLevel: 'Medium' },
      { image: 'C:\\Windows\\System32\\taskhostw.exe', parentImage: 'C:\\Windows\\System32\\svchost.exe', commandLine: 'taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}', user: 'CORP\\alice', integrityLevel: 'Medium' },
      { image: 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe', parentImage: 'C:\\Windows\\System32\\svchost.exe', commandLine: 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', user: 'NT AUTHORITY\\NETWORK SERVICE', integrityLevel: 'System' },
      { image: 'C:\\Windows\\System32\\dllhost.exe', parentImage: 'C:\\Windows\\System32\\svchost.exe', commandLine: 'C:\\Windows\\system32\\DllHost.exe /Processid:{3EB3C877-1F16-487C-9050-104DBCD66683}', user: 'CORP\\alice', integrityLevel: 'Medium' },
      { image: 'C:\\Windows\\System32\\rundll32.exe', parentImage: 'C:\\Windows\\System32\\CompatTelRunner.exe', commandLine: 'rundll32 C:\\Windows\\system32\\GeneralTel.dll,RunInUserCxt bnORaBFA2UyZsVDk.1.1.2', user: 'CORP\\alice', integrityLevel: 'Medium' },
      { image: 'C:\\Windows\\System32\\rundll32.exe', parentImage: 'C:\\Windows\\explorer.exe', commandLine: '"C:\\Windows\\system32\\rundll32.exe" shell32.dll,Control_RunDLL', user: 'CORP\\alice', integrityLevel: 'Medium' },
      { image: 'C:\\Windows\\System32\\SearchFilterHost.exe', parentImage: 'C:\\Windows\\System32\\SearchIndexer.exe', user: 'NT AUTHORITY\\SYSTEM', integrityLevel: 'Medium' },
      { image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', parentImage: 'C:\\Windows\\System32\\CompatTelRunner.exe', ...system },
      { image: 'C:\\Windows\\System32\\cmd.exe', parentImage: 'C:\\Windows\\explorer.exe', user: 'CORP\\alice', integrityLevel: 'High' },
      // Localised SYSTEM accounts, and an unknown parent.
      { image: 'C:\\Windows\\System32\\lsass.exe', parentImage: '-', user: 'AUTORITE NT\\Système' },
      { image: 'C:\\Windows\\System32\\lsass.exe', user: 'NT-AUTORITÄT\\SYSTEM' },
      { image: 'C:\\Windows\\System32\\lsass.exe', user: 'S-1-5-18' },
    ];
    expect(records.map((r) => ({ image: r.image, judgements: judgeProcess(r) })).filter((r) => r.judgements.length > 0)).toEqual([]);
  });
});

describe('judgeProcess: a system binary out of place', () => {
  it('says where it runs and where it belongs', () => {
    const j = only({ image: 'C:\\Users\\bob\\AppData\\Local\\Temp\\lsass.exe' }, 'system-name-elsewhere');
    expect(j).toEqual({
      kind: 'system-name-elsewhere',
      score: processSettings.scores.systemNameElsewhere,
      explanation: 'lsass.exe running from C:\\Users\\bob\\…\\Temp, not System32',
      about: 'lsass.exe',
    });
  });

  it.each([
    ['C:\\Windows\\svchost.exe', 'svchost.exe running from C:\\Windows, not System32 or SysWOW64'],
    ['C:\\Windows\\System32\\drivers\\svchost.exe', 'svchost.exe running from C:\\Windows\\System32\\drivers, not System32 or SysWOW64'],
    ['C:\\Windows\\System32\\explorer.exe', 'explorer.exe running from C:\\Windows\\System32, not the Windows folder or SysWOW64'],
    ['C:\\ProgramData\\lsass.exe', 'lsass.exe running from C:\\ProgramData, not System32'],
    ['D:\\Windows\\System32\\lsass.exe', 'lsass.exe running from D:\\Windows\\System32, not System32'],
    ['C:\\Windows \\System32\\svchost.exe', 'svchost.exe running from C:\\Windows \\System32, not System32 or SysWOW64'],
    ['C:\\Windows\\System32\\wbem\\..\\WmiPrvSE.exe', 'WmiPrvSE.exe running from C:\\Windows\\System32, not System32\\wbem or SysWOW64\\wbem'],
    ['C:\\Users\\Public\\powershell.exe', 'powershell.exe running from C:\\Users\\Public, not System32\\WindowsPowerShell\\v1.0 or SysWOW64\\WindowsPowerShell\\v1.0'],
    ['\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy1\\Windows\\System32\\lsass.exe', 'lsass.exe running from \\Device\\HarddiskVolumeShadowCopy1\\Windows\\System32, not System32'],
    ['C:\\Program Files\\MsMpEng.exe', 'MsMpEng.exe running from C:\\Program Files, not Program Files\\Windows Defender or ProgramData\\Microsoft\\Windows Defender\\Platform\\*'],
  ])('%s', (image, explanation) => {
    expect(only({ image }, 'system-name-elsewhere').explanation).toBe(explanation);
  });

  it('takes another system drive from the settings', () => {
    const settings = { ...processSettings, systemDrives: ['d'] };
    expect(judgeProcess({ image: 'D:\\Windows\\System32\\lsass.exe' }, settings)).toEqual([]);
  });

  it('cannot place a bare name, so says nothing about its folder', () => {
    expect(kinds({ image: 'svchost.exe' })).toEqual([]);
  });
});

describe('judgeProcess: look-alike names', () => {
  it.each([
    ['C:\\Windows\\System32\\svch0st.exe', "svch0st.exe imitates svchost.exe: '0' (a digit) in place of 'o'", processSettings.scores.homoglyph],
    ['C:\\Windows\\scvhost.exe', 'scvhost.exe imitates svchost.exe: two letters swapped', processSettings.scores.nearName],
    ['C:\\Users\\bob\\AppData\\Roaming\\lsas.exe', 'lsas.exe imitates lsass.exe: one letter left out', processSettings.scores.nearName],
    ['C:\\Windows\\\u0435xplorer.exe', "\u0435xplorer.exe imitates explorer.exe: '\u0435' (U+0435 Cyrillic) in place of 'e'", processSettings.scores.homoglyph],
    ['C:\\Windows\\System32\\svchost.scr', 'svchost.scr has the name of svchost.exe with the extension .scr instead of .exe', processSettings.scores.otherExtension],
    ['C:\\Windows\\System32\\svchost.exe ', "'svchost.exe ' imitates svchost.exe: dots or spaces after the name, which Windows does not show", processSettings.scores.homoglyph],
  ])('%s', (image, explanation, score) => {
    const j = only({ image }, 'lookalike-name');
    expect(j.explanation).toBe(explanation);
    expect(j.score).toBe(score);
  });

  it('shows invisible characters in the name as markers, in both judgements they draw', () => {
    const js = judgeProcess({ image: 'C:\\Windows\\System32\\svc\u200bhost.exe' });
    expect(js.map((j) => j.explanation)).toEqual([
      'svc⟨U+200B⟩host.exe imitates svchost.exe: invisible characters (U+200B ZERO WIDTH SPACE)',
      'the file name svc⟨U+200B⟩host.exe holds U+200B ZERO WIDTH SPACE',
    ]);
    for (const j of js) expect(j.explanation).not.toContain('\u200b');
  });

  it('says what a right-to-left override makes the name display as', () => {
    const j = only({ image: 'C:\\Users\\bob\\Downloads\\invoice\u202efdp.exe' }, 'hidden-characters');
    expect(j.explanation).toBe("the file name invoice⟨U+202E⟩fdp.exe holds U+202E RIGHT-TO-LEFT OVERRIDE, so it displays as 'invoiceexe.pdf'");
    const popped = only({ image: 'C:\\x\\photo\u202egpj\u202c.scr' }, 'hidden-characters');
    expect(popped.explanation).toContain("so it displays as 'photojpg.scr'");
  });

  it('flags hidden characters in a folder name too', () => {
    const j = only({ image: 'C:\\Windows\\System32\u200b\\svchost.exe' }, 'hidden-characters');
    expect(j.explanation).toBe('svchost.exe runs from C:\\Windows\\System32⟨U+200B⟩, whose name holds U+200B ZERO WIDTH SPACE');
    expect(kinds({ image: 'C:\\Windows\\System32\u200b\\svchost.exe' })).toContain('system-name-elsewhere');
  });

  it.each([
    ['invoice.pdf.exe', 'invoice.pdf.exe is a program named like a .pdf document: Explorer hides the final .exe'],
    ['Scan_2026-11-20.PDF.scr', 'Scan_2026-11-20.PDF.scr is a program named like a .PDF document: Explorer hides the final .scr'],
    ['report.docx      .exe', 'report.docx      .exe is a program named like a .docx document: Explorer hides the final .exe'],
    ['holiday.jpg.js', 'holiday.jpg.js is a program named like a .jpg document: Explorer hides the final .js'],
  ])('double extension: %s', (name, explanation) => {
    expect(only({ image: `C:\\Users\\bob\\Desktop\\${name}` }, 'double-extension').explanation).toBe(explanation);
  });

  it('does not take dotted names of real programs for double extensions', () => {
    for (const image of ['C:\\Windows\\SystemApps\\InputApp_cw5n1h2txyewy\\WindowsInternal.ComposableShell.Experiences.TextInput.InputApp.exe', 'C:\\Program Files\\App\\setup.x64.exe', 'C:\\Program Files\\App\\app.v2.exe']) {
      expect(kinds({ image })).not.toContain('double-extension');
    }
  });
});

describe('judgeProcess: user-writable places', () => {
  it.each([
    ['C:\\Users\\bob\\AppData\\Local\\Temp\\a.exe', 'temp', 'a.exe runs from C:\\Users\\bob\\…\\Temp, a Temp folder (writable without administrator rights)'],
    ['C:\\Users\\JOHNDO~1\\AppData\\Local\\Temp\\7zS1A2B\\setup.exe', 'temp', 'setup.exe runs from C:\\Users\\JOHNDO~1\\…\\7zS1A2B, a Temp folder (writable without administrator rights)'],
    ['%TEMP%\\a.exe', 'temp', 'a.exe runs from %TEMP%, a Temp folder (writable without administrator rights)'],
    ['C:\\Windows\\Temp\\a.exe', 'temp', 'a.exe runs from C:\\Windows\\Temp, Windows\\Temp (writable without administrator rights)'],
    ['C:\\Temp\\a.exe', 'temp', 'a.exe runs from C:\\Temp, a Temp folder (writable without administrator rights)'],
    ['C:\\DOCUME~1\\bob\\LOCALS~1\\Temp\\a.exe', 'temp', 'a.exe runs from C:\\DOCUME~1\\bob\\…\\Temp, a Temp folder (writable without administrator rights)'],
    ['C:\\Users\\bob\\Downloads\\a.exe', 'downloads', 'a.exe runs from C:\\Users\\bob\\Downloads, the Downloads folder (writable without administrator rights)'],
    ['C:\\Users\\bob\\Desktop\\a.exe', 'desktop', 'a.exe runs from C:\\Users\\bob\\Desktop, the Desktop (writable without administrator rights)'],
    ['C:\\Users\\bob\\Documents\\a.exe', 'documents', 'a.exe runs from C:\\Users\\bob\\Documents, the Documents folder (writable without administrator rights)'],
    ['C:\\Users\\bob\\AppData\\Roaming\\Updater\\a.exe', 'appData', 'a.exe runs from C:\\Users\\bob\\…\\Updater, AppData (writable without administrator rights)'],
    ['C:\\Users\\bob\\AppData\\Local\\Microsoft\\Windows\\INetCache\\IE\\X1Y2\\a.exe', 'browserCache', "a.exe runs from C:\\Users\\bob\\…\\X1Y2, the browser's cache (writable without administrator rights)"],
    ['C:\\Users\\bob\\a.exe', 'userProfile', "a.exe runs from C:\\Users\\bob, a user's profile (writable without administrator rights)"],
    ['C:\\Users\\Public\\a.exe', 'public', 'a.exe runs from C:\\Users\\Public, the Public profile (writable without administrator rights)'],
    ['C:\\Users\\Public\\Downloads\\a.exe', 'public', 'a.exe runs from C:\\Users\\Public\\Downloads, the Public profile (writable without administrator rights)'],
    ['C:\\ProgramData\\a.exe', 'programData', 'a.exe runs from C:\\ProgramData, ProgramData (writable without administrator rights)'],
    ['C:\\ProgramData\\Microsoft\\Windows Defender\\a.exe', 'programData', 'a.exe runs from C:\\ProgramData\\Microsoft\\Windows Defender, ProgramData (writable without administrator rights)'],
    ['C:\\$Recycle.Bin\\S-1-5-21-1-2-3-1001\\$R1X2Y3Z.exe', 'recycleBin', '$R1X2Y3Z.exe runs from C:\\$Recycle.Bin\\S-1-5-21-1-2-3-1001, the Recycle Bin (writable without administrator rights)'],
    ['C:\\PerfLogs\\a.exe', 'perfLogs', 'a.exe runs from C:\\PerfLogs, PerfLogs (writable without administrator rights)'],
    ['C:\\Windows\\Tasks\\a.exe', 'windowsWritable', 'a.exe runs from C:\\Windows\\Tasks, a Windows folder standard users can write to (writable without administrator rights)'],
    ['C:\\Windows\\System32\\spool\\drivers\\color\\a.exe', 'windowsWritable', 'a.exe runs from C:\\Windows\\System32\\…\\color, a Windows folder standard users can write to (writable without administrator rights)'],
    ['C:\\Windows \\System32\\a.exe', 'mockFolder', 'a.exe runs from C:\\Windows \\System32, a folder whose name ends with a space or a dot, imitating a trusted folder (writable without administrator rights)'],
    ['\\\\fs01\\tools\\a.exe', 'networkShare', 'a.exe runs from \\\\fs01\\tools, a network share'],
    ['\\Device\\Mup\\fs01\\tools\\a.exe', 'networkShare', 'a.exe runs from \\\\fs01\\tools, a network share'],
    ['\\Device\\CdRom0\\setup.exe', 'removable', 'setup.exe runs from \\Device\\CdRom0, a removable drive'],
    ['\\Device\\HarddiskVolumeShadowCopy3\\tools\\a.exe', 'shadowCopy', 'a.exe runs from \\Device\\HarddiskVolumeShadowCopy3\\tools, a volume shadow copy'],
    ['E:\\a.exe', 'otherDrive', 'a.exe runs from E:\\, drive E:, not the system drive'],
  ] as const)('%s: %s', (image, place, explanation) => {
    const j = only({ image }, 'user-writable-folder');
    expect(j.explanation).toBe(explanation);
    expect(j.score).toBe(processSettings.writable[place]);
  });

  it('leaves per-user installs of common applications alone, unless told otherwise', () => {
    const teams = { image: 'C:\\Users\\bob\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe' };
    expect(judgeProcess(teams)).toEqual([]);
    expect(kinds(teams)).toEqual([]);
    expect(judgeProcess(teams, { ...processSettings, perUserInstalls: [] }).map((j) => j.kind)).toEqual(['user-writable-folder']);
  });

  it('names the DLL rundll32 or regsvr32 loads from a writable place', () => {
    const j = only(
      { image: 'C:\\Windows\\System32\\rundll32.exe', commandLine: 'rundll32.exe C:\\Users\\PEDRO~1.GUS\\AppData\\Local\\Temp\\rtcpef.dll,a /p:rtcpef' },
      'user-writable-module',
    );
    expect(j.explanation).toBe('rundll32.exe loads rtcpef.dll from C:\\Users\\PEDRO~1.GUS\\…\\Temp, a Temp folder');
    expect(only({ image: 'C:\\Windows\\SysWOW64\\regsvr32.exe', commandLine: 'regsvr32 /s "C:\\Users\\Public\\Libraries\\x.dll"' }, 'user-writable-module').explanation).toBe(
      'regsvr32.exe loads x.dll from C:\\Users\\Public\\Libraries, the Public profile',
    );
    expect(kinds({ image: 'C:\\Windows\\System32\\rundll32.exe', commandLine: 'rundll32.exe shell32.dll,Control_RunDLL' })).toEqual([]);
    expect(kinds({ image: 'C:\\Windows\\System32\\rundll32.exe', commandLine: 'rundll32.exe "C:\\Program Files\\App\\app.dll",Run' })).toEqual([]);
  });
});

describe('judgeProcess: parents, accounts and arguments', () => {
  it.each([
    ['C:\\Windows\\System32\\lsass.exe', 'C:\\Windows\\System32\\cmd.exe', 'lsass.exe was started by cmd.exe; Windows starts it from wininit.exe or winlogon.exe'],
    ['C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\explorer.exe', 'svchost.exe was started by explorer.exe; Windows starts it from services.exe, msmpeng.exe, mrt.exe or svchost.exe'],
    ['C:\\Windows\\System32\\smss.exe', 'C:\\Windows\\explorer.exe', 'smss.exe was started by explorer.exe; Windows starts it from the kernel (System) or smss.exe'],
    ['C:\\Windows\\System32\\wbem\\WmiPrvSE.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'WmiPrvSE.exe was started by powershell.exe; Windows starts it from svchost.exe'],
    ['C:\\Windows\\System32\\taskhostw.exe', 'C:\\Windows\\explorer.exe', 'taskhostw.exe was started by explorer.exe; Windows starts it from svchost.exe'],
  ])('%s started by %s', (image, parentImage, explanation) => {
    const j = only({ image, parentImage }, 'unexpected-parent');
    expect(j.explanation).toBe(explanation);
    expect(j.score).toBe(processSettings.scores.unexpectedParent);
  });

  it('judges the parent by its name only (its own folder is its own judgement)', () => {
    expect(kinds({ image: 'C:\\Windows\\System32\\services.exe', parentImage: 'C:\\Users\\bob\\AppData\\Local\\Temp\\wininit.exe' })).toEqual([]);
  });

  it('flags shells, script hosts and system tools started by Office or a document reader', () => {
    for (const [child, parent] of [
      ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE'],
      ['C:\\Windows\\System32\\cmd.exe', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE'],
      ['C:\\Windows\\System32\\mshta.exe', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE'],
      ['C:\\Windows\\System32\\certutil.exe', 'C:\\Program Files (x86)\\Adobe\\Acrobat Reader DC\\Reader\\AcroRd32.exe'],
    ] as const) {
      const j = only({ image: child, parentImage: parent }, 'unexpected-parent');
      expect(j.score).toBe(processSettings.scores.documentStartsShell);
      expect(j.explanation).toMatch(/^\S+ was started by \S+: Office applications and document readers do not normally start shells, script hosts or system tools$/);
    }
    expect(kinds({ image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', parentImage: 'C:\\Windows\\explorer.exe' })).toEqual([]);
    expect(kinds({ image: 'C:\\Windows\\splwow64.exe', parentImage: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE' })).toEqual([]);
  });

  it('flags a SYSTEM-only process running as a user or below System integrity', () => {
    expect(only({ image: 'C:\\Windows\\System32\\lsass.exe', user: 'CORP\\bob', integrityLevel: 'Medium' }, 'unexpected-account').explanation).toBe(
      'lsass.exe runs at Medium integrity as CORP\\bob; Windows runs it only as SYSTEM',
    );
    expect(only({ image: 'C:\\Windows\\System32\\winlogon.exe', user: 'CORP\\bob' }, 'unexpected-account').explanation).toBe('winlogon.exe runs as CORP\\bob; Windows runs it only as SYSTEM');
    expect(kinds({ image: 'C:\\Windows\\System32\\csrss.exe', user: 'NT AUTHORITY\\SYSTEM', integrityLevel: 'System' })).toEqual([]);
    // Processes that run as users too are not held to SYSTEM.
    expect(kinds({ image: 'C:\\Windows\\System32\\svchost.exe', user: 'CORP\\bob', integrityLevel: 'Medium' })).toEqual([]);
  });

  it('flags system binaries started without the arguments Windows always gives them', () => {
    expect(only({ image: 'C:\\Windows\\System32\\svchost.exe', commandLine: 'C:\\Windows\\System32\\svchost.exe' }, 'missing-arguments').explanation).toBe(
      'svchost.exe started without a service group (-k), which Windows always gives it',
    );
    expect(only({ image: 'C:\\Windows\\System32\\rundll32.exe', commandLine: '"C:\\Windows\\System32\\rundll32.exe"' }, 'missing-arguments').explanation).toBe(
      'rundll32.exe started without the DLL to run, which Windows always gives it',
    );
    expect(only({ image: 'C:\\Windows\\SysWOW64\\dllhost.exe', commandLine: 'C:\\Windows\\SysWOW64\\dllhost.exe' }, 'missing-arguments').explanation).toBe(
      'dllhost.exe started without the COM class it hosts (/Processid:{…}), which Windows always gives it',
    );
    // An unknown or empty command line says nothing.
    expect(kinds({ image: 'C:\\Windows\\System32\\svchost.exe', commandLine: '' })).toEqual([]);
    expect(kinds({ image: 'C:\\Windows\\System32\\svchost.exe', commandLine: null })).toEqual([]);
    expect(kinds({ image: 'C:\\Windows\\System32\\svchost.exe', commandLine: 'svchost.exe -k netsvcs' })).toEqual([]);
    expect(kinds({ image: 'C:\\Windows\\System32\\svchost.exe', commandLine: '"C:\\Windows\\System32\\svchost.exe" -k DcomLaunch -p' })).toEqual([]);
  });
});

describe('judgeProcess and processScore together', () => {
  it('lists everything an lsass.exe dropped in Temp and started by cmd.exe as a user draws, strongest first', () => {
    const js = judgeProcess({
      image: 'C:\\Users\\bob\\AppData\\Local\\Temp\\lsass.exe',
      parentImage: 'C:\\Windows\\System32\\cmd.exe',
      user: 'CORP\\bob',
      integrityLevel: 'Medium',
    });
    expect(js.map((j) => j.kind)).toEqual(['system-name-elsewhere', 'unexpected-account', 'unexpected-parent', 'user-writable-folder']);
    expect(processScore(js)).toBeCloseTo(1 - 0.2 * 0.4 * 0.5 * 0.6, 10);
  });

  it('scores nothing as 0 and stays below 1', () => {
    expect(processScore([])).toBe(0);
    const many = Array.from({ length: 50 }, () => ({ kind: 'lookalike-name' as const, score: 0.85, explanation: '' }));
    expect(processScore(many)).toBeLessThanOrEqual(1);
    expect(processScore(many)).toBeGreaterThan(0.99);
  });

  it('stays linear on hostile names built to make patterns backtrack (each under 100 ms; quadratic took ~400 ms)', () => {
    const names = [
      `.ab${' '.repeat(30_000)}x`,
      `.pdf${'. '.repeat(15_000)}.exe`,
      `${'.ab'.repeat(10_000)}.exe`,
      `${'rn'.repeat(16_000)}.exe`,
      `${'\u202e'.repeat(10_000)}.exe`,
      `svchost${'.'.repeat(30_000)} x`,
    ];
    for (const name of names) {
      const started = performance.now();
      judgeProcess({ image: `C:\\Users\\bob\\Downloads\\${name}`, commandLine: `rundll32 C:\\x\\${name}`, parentImage: `C:\\x\\${name}` });
      expect(performance.now() - started, JSON.stringify(name.slice(0, 12))).toBeLessThan(100);
    }
  });

  it('cuts long hostile names in explanations', () => {
    const name = `${'a'.repeat(5000)}.exe`;
    const [j] = judgeProcess({ image: `C:\\Users\\bob\\Downloads\\${name}` });
    expect(j?.explanation.length).toBeLessThan(400);
    expect(j?.explanation).toContain('…');
  });
});
