import { describe, expect, it } from 'vitest';
import { explainLineage, processSettings, type LineageStep } from '../../src/core/analysis/process/index.js';

const at = (day: number, h: number, m: number) => Date.UTC(2026, 10, day, h, m, 27);
const dropped = 'C:\\Users\\bob\\AppData\\Roaming\\svch0st.exe';
const word = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE';

describe('explainLineage', () => {
  it('says who wrote the file and who started it (the issue\'s sentence)', () => {
    const chain: LineageStep[] = [{ image: dropped, parentImage: 'C:\\Windows\\explorer.exe', ts: at(20, 9, 16) }];
    expect(explainLineage(chain, { image: word, ts: at(20, 9, 14) })).toBe('svch0st.exe was written by WINWORD.EXE at 09:14 and started by explorer.exe at 09:16');
  });

  it('names ancestors from their own records, then the last one\'s parent, up to the settings\' limit', () => {
    const chain: LineageStep[] = [
      { image: 'C:\\Users\\bob\\AppData\\Local\\Temp\\a.exe', ts: at(20, 9, 16) },
      { image: 'C:\\Windows\\System32\\cmd.exe', ts: at(20, 9, 15) },
      { image: word, parentImage: 'C:\\Windows\\explorer.exe' },
    ];
    expect(explainLineage(chain)).toBe('a.exe was started by cmd.exe at 09:16, itself started by WINWORD.EXE, itself started by explorer.exe');
    const short = { ...processSettings, lineage: { maxAncestors: 1 } };
    expect(explainLineage(chain, null, short)).toBe('a.exe was started by cmd.exe at 09:16, itself started by WINWORD.EXE, …');
  });

  it('dates both times when the write and the start fall on different days (UTC)', () => {
    const chain: LineageStep[] = [{ image: dropped, parentImage: 'C:\\Windows\\explorer.exe', ts: at(21, 0, 5) }];
    expect(explainLineage(chain, { image: word, ts: at(20, 23, 59) })).toBe(
      'svch0st.exe was written by WINWORD.EXE on 2026-11-20 at 23:59 and started by explorer.exe on 2026-11-21 at 00:05',
    );
  });

  it('says what it can when parts are missing', () => {
    expect(explainLineage([{ image: dropped }], { image: word, ts: at(20, 9, 14) })).toBe('svch0st.exe was written by WINWORD.EXE at 09:14');
    expect(explainLineage([{ image: dropped, ts: at(20, 9, 16) }])).toBe('svch0st.exe was started at 09:16');
    expect(explainLineage([{ image: dropped, parentImage: '-' }])).toBe('svch0st.exe: where it came from is not in the logs');
    expect(explainLineage([{ image: dropped, parentImage: 'System' }])).toBe('svch0st.exe was started by System');
    expect(explainLineage([{ image: dropped, ts: Number.NaN }], { image: word, ts: 9e15 })).toBe('svch0st.exe was written by WINWORD.EXE');
    expect(() => explainLineage([])).toThrow(RangeError);
  });

  it('shows hidden characters of hostile names as markers, so they cannot reorder the sentence', () => {
    const sentence = explainLineage([{ image: 'C:\\Users\\bob\\Downloads\\invoice\u202efdp.exe', parentImage: 'C:\\Windows\\explorer.exe' }]);
    expect(sentence).toBe('invoice⟨U+202E⟩fdp.exe was started by explorer.exe');
    expect(sentence).not.toContain('\u202e');
  });
});
