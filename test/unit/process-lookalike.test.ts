import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/core/analysis/process/edit-distance.js';
import { findLookalike, skeleton } from '../../src/core/analysis/process/lookalike.js';
import { processSettings } from '../../src/core/analysis/process/settings.js';
import { closeRealNames, systemBinaries, systemBinary } from '../../src/core/analysis/process/system-binaries.js';
import { mulberry32, pick, randomString } from '../helpers/prng.js';
import { windowsExecutableNames } from '../helpers/windows-names.js';

const limits = processSettings.nearName;
const lookalike = (name: string) => findLookalike(name, limits);

describe('findLookalike: names built to pass for a system binary', () => {
  it.each([
    // Digits and signs for letters
    ['svch0st.exe', 'svchost.exe', 'homoglyph', "'0' (a digit) in place of 'o'"],
    ['expl0rer.exe', 'explorer.exe', 'homoglyph', "'0' (a digit) in place of 'o'"],
    ['1sass.exe', 'lsass.exe', 'homoglyph', "'1' (a digit) in place of 'l'"],
    ['lsa55.exe', 'lsass.exe', 'homoglyph', "'55' (digits) in place of 'ss'"],
    ['svc$host.exe', 'svchost.exe', 'near', 'one letter added'],
    ['rund1l32.exe', 'rundll32.exe', 'homoglyph', "'1' (a digit) in place of 'l'"],
    ['winl0gon.exe', 'winlogon.exe', 'homoglyph', "'0' (a digit) in place of 'o'"],
    ['5ervices.exe', 'services.exe', 'homoglyph', "'5' (a digit) in place of 's'"],
    // Letters that look alike once case is gone: I for l, rn for m
    ['expIorer.exe', 'explorer.exe', 'homoglyph', "'I' (a Latin letter) in place of 'l'"],
    ['LSASS.EXE'.replace('L', 'I'), 'lsass.exe', 'homoglyph', "'I' (a Latin letter) in place of 'l'"],
    ['rnsiexec.exe', 'msiexec.exe', 'homoglyph', "'rn' (Latin letters) in place of 'm'"],
    // Other scripts
    ['expl\u043erer.exe', 'explorer.exe', 'homoglyph', "'\u043e' (U+043E Cyrillic) in place of 'o'"],
    ['\u0435xplorer.exe', 'explorer.exe', 'homoglyph', "'\u0435' (U+0435 Cyrillic) in place of 'e'"],
    ['svc\u04bbost.exe', 'svchost.exe', 'homoglyph', "'\u04bb' (U+04BB Cyrillic) in place of 'h'"],
    ['\u0455vchost.exe', 'svchost.exe', 'homoglyph', "'\u0455' (U+0455 Cyrillic) in place of 's'"],
    ['svch\u03bfst.exe', 'svchost.exe', 'homoglyph', "'\u03bf' (U+03BF Greek) in place of 'o'"],
    ['svch\u0585st.exe', 'svchost.exe', 'homoglyph', "'\u0585' (U+0585 Armenian) in place of 'o'"],
    ['svch\u00f3st.exe', 'svchost.exe', 'homoglyph', "'\u00f3' (U+00F3 Latin) in place of 'o'"],
    ['SVCH\u041eST.EXE', 'svchost.exe', 'homoglyph', "'\u041e' (U+041E Cyrillic) in place of 'o'"],
    // Full-width forms fold to ASCII
    ['\uff53\uff56\uff43\uff48\uff4f\uff53\uff54.exe', 'svchost.exe', 'homoglyph', "'\uff53\uff56\uff43\uff48\uff4f\uff53\uff54' (7 characters: U+FF53 Latin, U+FF56 Latin, …) in place of 'svchost'"],
    // Invisible characters and trailing dots or spaces that Windows does not show
    ['svc\u200bhost.exe', 'svchost.exe', 'homoglyph', 'invisible characters (U+200B ZERO WIDTH SPACE)'],
    ['lsass\u00ad.exe', 'lsass.exe', 'homoglyph', 'invisible characters (U+00AD SOFT HYPHEN)'],
    ['svchost.exe ', 'svchost.exe', 'homoglyph', 'dots or spaces after the name, which Windows does not show'],
    ['lsass.exe.', 'lsass.exe', 'homoglyph', 'dots or spaces after the name, which Windows does not show'],
    // Near-misses: swapped, missing, extra letters
    ['scvhost.exe', 'svchost.exe', 'near', 'two letters swapped'],
    ['svhost.exe', 'svchost.exe', 'near', 'one letter left out'],
    ['svchosts.exe', 'svchost.exe', 'near', 'one letter added'],
    ['svchozt.exe', 'svchost.exe', 'near', 'one letter changed'],
    ['lsas.exe', 'lsass.exe', 'near', 'one letter left out'],
    ['lssas.exe', 'lsass.exe', 'near', 'two letters swapped'],
    ['lsasss.exe', 'lsass.exe', 'near', 'one letter added'],
    ['csrs.exe', 'csrss.exe', 'near', 'one letter left out'],
    ['winlogin.exe', 'winlogon.exe', 'near', 'one letter changed'],
    ['service.exe', 'services.exe', 'near', 'one letter left out'],
    ['servises.exe', 'services.exe', 'near', 'one letter changed'],
    ['explorer1.exe', 'explorer.exe', 'near', 'one letter added'],
    ['iexplorer.exe', 'explorer.exe', 'near', 'one letter added'],
    ['explore.exe', 'explorer.exe', 'near', 'one letter left out'],
    ['exploder.exe', 'explorer.exe', 'near', 'one letter changed'],
    ['spoolvs.exe', 'spoolsv.exe', 'near', 'two letters swapped'],
    ['taskhostw1.exe', 'taskhostw.exe', 'near', 'one letter added'],
    ['dllhst.exe', 'dllhost.exe', 'near', 'one letter left out'],
    ['rundl32.exe', 'rundll32.exe', 'near', 'one letter left out'],
    ['rundll64.exe', 'rundll32.exe', 'near', 'two letters away'],
    ['regsvr64.exe', 'regsvr32.exe', 'near', 'two letters away'],
    ['conhosts.exe', 'conhost.exe', 'near', 'one letter added'],
    ['powershel.exe', 'powershell.exe', 'near', 'one letter left out'],
    ['powershell64.exe', 'powershell.exe', 'near', 'two letters away'],
    ['wmiprvse2.exe', 'wmiprvse.exe', 'near', 'one letter added'],
    ['msiexe.exe', 'msiexec.exe', 'near', 'one letter left out'],
    ['searchindexr.exe', 'searchindexer.exe', 'near', 'one letter left out'],
    ['chrome1.exe', 'chrome.exe', 'near', 'one letter added'],
    ['winw0rd.exe', 'WINWORD.EXE', 'homoglyph', "'0' (a digit) in place of 'o'"],
    ['MsMpEnq.exe', 'MsMpEng.exe', 'near', 'one letter changed'],
  ])('%s imitates %s (%s)', (name, target, how, difference) => {
    expect(lookalike(name)).toMatchObject({ target: { name: target }, how, difference });
  });

  it.each([
    ['svchost.scr', 'svchost.exe', 'the extension .scr instead of .exe'],
    ['lsass.com', 'lsass.exe', 'the extension .com instead of .exe'],
    ['explorer.pif', 'explorer.exe', 'the extension .pif instead of .exe'],
    ['SVCHOST.BAT', 'svchost.exe', 'the extension .bat instead of .exe'],
  ])('%s has the name of %s with another program extension', (name, target, difference) => {
    expect(lookalike(name)).toMatchObject({ target: { name: target }, how: 'other-extension', difference });
  });

  it('leaves names of files that are not programs alone (svchost.log, lsass.dmp)', () => {
    expect(lookalike('svchost.log')).toBeNull();
    expect(lookalike('lsass.dmp')).toBeNull();
    expect(lookalike('svch0st.txt')).toBeNull();
  });

  it('does not stretch short names: one edit needs 5 letters, two need 8', () => {
    expect(lookalike('smsss.exe')).toBeNull(); // smss is 4 letters: homoglyphs only
    expect(lookalike('smß.exe')).toBeNull();
    expect(lookalike('5mss.exe')).toMatchObject({ target: { name: 'smss.exe' }, how: 'homoglyph' });
    expect(lookalike('svchost32.exe')).toBeNull(); // two from svchost (7): too loose, psexec would be two from msiexec
    expect(lookalike('cmd1.exe')).toBeNull();
  });

  it('never flags the real names themselves, in any letter case', () => {
    for (const b of systemBinaries) {
      expect(lookalike(b.name), b.name).toBeNull();
      expect(lookalike(b.name.toUpperCase()), b.name).toBeNull();
    }
  });

  it(`never flags ${windowsExecutableNames.length} real Windows and application names`, () => {
    const flagged = windowsExecutableNames.filter((n) => lookalike(n) !== null);
    expect(flagged).toEqual([]);
  });

  it('allow-lists every real name within two edits of an imitated one, so no distance setting can flag them', () => {
    const stem = (n: string) => skeleton(n.toLowerCase().replace(/\.[^.]+$/, ''));
    const ext = (n: string) => n.toLowerCase().replace(/^.*\./, '');
    const close = windowsExecutableNames.filter(
      (n) => !systemBinary(n) && systemBinaries.some((b) => b.imitated && ext(b.name) === ext(n) && editDistance(stem(n), stem(b.name), 2) <= 2),
    );
    expect(close.length).toBeGreaterThan(5);
    expect(close.filter((n) => !closeRealNames.has(n))).toEqual([]);
    const loosest = { oneEditFrom: 1, twoEditsFrom: 1 };
    for (const name of closeRealNames) expect(findLookalike(name, loosest), name).toBeNull();
  });
});

describe('skeleton', () => {
  it('folds look-alike letters together and nothing else', () => {
    expect(skeleton('svch0st')).toBe(skeleton('svchost'));
    expect(skeleton('svc\u04bbost')).toBe(skeleton('svchost'));
    expect(skeleton('rnsiexec')).toBe(skeleton('msiexec'));
    expect(skeleton('wscript')).not.toBe(skeleton('cscript'));
    expect(skeleton('svchost')).not.toBe(skeleton('sihost'));
  });
});

/** Restricted Damerau–Levenshtein, the plain full-table way. */
function referenceDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('scvhost', 'svchost', 3)).toBe(1);
    expect(editDistance('lsas', 'lsass', 3)).toBe(1);
    expect(editDistance('psexec', 'msiexec', 3)).toBe(2);
    expect(editDistance('', 'abc', 5)).toBe(3);
  });

  it('matches the full-table computation on 3000 random pairs, capped at max + 1', () => {
    const rand = mulberry32(12);
    const alphabet = ['a', 'b', 'c', 's', 'v', 'h'];
    for (let n = 0; n < 3000; n++) {
      const a = randomString(rand, alphabet, 9);
      const b = rand() < 0.5 ? randomString(rand, alphabet, 9) : a.replace(pick(rand, alphabet), pick(rand, alphabet));
      const max = Math.floor(rand() * 4);
      const want = Math.min(referenceDistance(a, b), max + 1);
      expect(editDistance(a, b, max), `${a} ${b} ${max}`).toBe(want);
      expect(editDistance(b, a, max)).toBe(want);
    }
  });
});
