import { describe, expect, it } from 'vitest';
import { earlyDownloadSettings, scoreEarlyDownload, type EarlyDownloadSummary } from '../../src/core/analysis/detectors/early-download/index.js';

const START = Date.UTC(2023, 7, 16, 4, 54, 30, 987);
// The LSASS campaign's stager: 4 connections to 10.0.5.13:8080, 713,314 bytes in, nothing out (as Zeek logged them).
const stager: EarlyDownloadSummary = {
  image: 'C:\\Users\\stevie.marie\\Downloads\\winx64_payload.exe', family: null, started: START, firstSeen: START + 3_600, lastSeen: START + 157_000,
  connections: 4, bytesIn: 713_314, bytesOut: 0, named: false, writablePlace: 'the Downloads folder',
};

describe('scoreEarlyDownload: a large download from one address in a program\'s first seconds', () => {
  it('scores a program from Downloads pulling 700 KB by address 3.6 s after its start at low, and says so', () => {
    const e = scoreEarlyDownload(stager);
    expect(e).toMatchObject({ kind: 'early-download', score: 0.8, severity: 'low', facts: { delaySeconds: 4, bytesIn: 713_314, named: false } });
    expect(e?.text).toBe(
      'winx64_payload.exe began receiving 696.6 KB from this address 3.6 s after it started (4 connections over 2.6 min, 0 B sent); it runs from the Downloads folder; no name seen for the address: a program fetching its next part as it starts, early-download score 0.80',
    );
  });

  it('keeps either lift alone at info and the bare pattern below reporting (installers and updaters do it)', () => {
    expect(scoreEarlyDownload({ ...stager, named: true })).toMatchObject({ score: 0.6, severity: 'info' });
    expect(scoreEarlyDownload({ ...stager, writablePlace: null })).toMatchObject({ score: 0.6, severity: 'info' });
    expect(scoreEarlyDownload({ ...stager, named: true, writablePlace: null })).toBeNull();
    // A case without names: "no name" says nothing.
    expect(scoreEarlyDownload({ ...stager, named: null })?.score).toBe(0.6);
  });

  it('wants the download soon after the start, large, and mostly inbound; browsers are not judged', () => {
    expect(scoreEarlyDownload({ ...stager, firstSeen: START + 61_000 })).toBeNull();
    expect(scoreEarlyDownload({ ...stager, firstSeen: START - 1 })).toBeNull();
    expect(scoreEarlyDownload({ ...stager, bytesIn: 99_999 })).toBeNull();
    expect(scoreEarlyDownload({ ...stager, bytesOut: 80_000 })).toBeNull();
    expect(scoreEarlyDownload({ ...stager, family: 'browser' })).toBeNull();
  });

  it('refuses settings out of range', () => {
    expect(() => scoreEarlyDownload(stager, { ...earlyDownloadSettings, base: 2 })).toThrow(/base is 2/);
    expect(() => scoreEarlyDownload(stager, { ...earlyDownloadSettings, maxDelaySeconds: 600 })).toThrow(/longer than windowSeconds/);
  });
});
