import { describe, expect, it } from 'vitest';
import { newAndRareSettings, scoreNewDestination, scoreRareDestination } from '../../src/core/analysis/detectors/new-and-rare/index.js';

const H = 3_600_000;
const BASELINE_END = Date.UTC(2026, 10, 18);
const RUNDLL = 'C:\\Windows\\System32\\rundll32.exe';
const CHROME = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
const AGENT = 'C:\\Program Files\\Contoso\\agent.exe';

const fresh = { firstSeen: BASELINE_END + 38 * H, baselineEnd: BASELINE_END, destinationFirstSeen: BASELINE_END + 38 * H, newForProcess: 1 };

describe('scoreNewDestination: first contact of this (host, process) after the baseline', () => {
  it('scores a LOLBin reaching an address no host reached before, by address, as medium and says why', () => {
    const e = scoreNewDestination({ ...fresh, image: RUNDLL, family: 'lolbin', named: false });
    expect(e).toMatchObject({ kind: 'new-destination', score: 0.9, severity: 'medium', facts: { organisationNew: true, named: false, family: 'lolbin' } });
    expect(e?.text).toBe(
      'first contact at 2026-11-19 14:00 UTC, after the baseline (until 2026-11-17); no host reached it before; by address (no name seen for it); by rundll32.exe, a living-off-the-land binary; 1 new destination for this process on this host, new-destination score 0.90',
    );
  });

  it('leaves a first contact alone below reporting: a named site an ordinary process meets that others knew', () => {
    expect(scoreNewDestination({ ...fresh, destinationFirstSeen: BASELINE_END - 30 * H, image: AGENT, family: null, named: true })).toBeNull();
    // New to the organisation as well: info, nothing more.
    expect(scoreNewDestination({ ...fresh, image: AGENT, family: null, named: true })?.severity).toBe('info');
  });

  it('caps browsers unless by address, and ignores processes that explore by nature', () => {
    expect(scoreNewDestination({ ...fresh, image: CHROME, family: 'browser', named: true })).toBeNull();
    expect(scoreNewDestination({ ...fresh, image: CHROME, family: 'browser', named: false })?.score).toBeCloseTo(0.5, 12);
    expect(scoreNewDestination({ ...fresh, newForProcess: 20, image: RUNDLL, family: 'lolbin', named: false })).toBeNull();
    expect(scoreNewDestination({ ...fresh, newForProcess: 19, image: RUNDLL, family: 'lolbin', named: false })?.text).toContain('19 new destinations');
  });

  it('judges only contacts from the baseline end on', () => {
    expect(scoreNewDestination({ ...fresh, firstSeen: BASELINE_END - 1, image: RUNDLL, family: 'lolbin', named: false })).toBeNull();
    expect(scoreNewDestination({ ...fresh, firstSeen: BASELINE_END, image: RUNDLL, family: 'lolbin', named: false })).not.toBeNull();
  });

  it('shows hidden characters of a hostile image name', () => {
    const e = scoreNewDestination({ ...fresh, image: 'C:\\Users\\x\\AppData\\cmd\u202egpj.exe', family: null, named: false });
    expect(e?.text).not.toContain('\u202e');
    const doc = scoreNewDestination({ ...fresh, image: 'C:\\Office\\WINWORD.EXE\u200b', family: 'document', named: true });
    expect(doc?.text).toContain('WINWORD.EXE⟨U+200B⟩, a document program');
  });
});

describe('scoreRareDestination: few of the case’s hosts reach it', () => {
  it('says "1 of 9 hosts" and lifts it for one host, no name and a LOLBin', () => {
    const e = scoreRareDestination({ image: RUNDLL, family: 'lolbin', named: false, hosts: 1, caseHosts: 9, destinationsOfProcess: 3 });
    expect(e).toMatchObject({ kind: 'rare-destination', score: 0.9, severity: 'medium', facts: { hosts: 1, caseHosts: 9, destinationsOfProcess: 3 } });
    expect(e?.text).toBe('1 of 9 hosts reached this destination (11 %); by address (no name seen for it); by rundll32.exe, a living-off-the-land binary, rare-destination score 0.90');
  });

  it('is not rare when many hosts reach it, or in a case of too few hosts', () => {
    expect(scoreRareDestination({ image: RUNDLL, family: 'lolbin', named: false, hosts: 9, caseHosts: 9, destinationsOfProcess: 3 })).toBeNull();
    expect(scoreRareDestination({ image: RUNDLL, family: 'lolbin', named: false, hosts: 2, caseHosts: 9, destinationsOfProcess: 3 })).toBeNull();
    expect(scoreRareDestination({ image: RUNDLL, family: 'lolbin', named: false, hosts: 15, caseHosts: 300, destinationsOfProcess: 3 })?.text).toMatch(/^15 of 300 hosts reached this destination \(5 %\)/);
    expect(scoreRareDestination({ image: RUNDLL, family: 'lolbin', named: false, hosts: 16, caseHosts: 300, destinationsOfProcess: 3 })).toBeNull();
    expect(scoreRareDestination({ image: RUNDLL, family: 'lolbin', named: false, hosts: 1, caseHosts: 3, destinationsOfProcess: 3 })).toBeNull();
  });

  it('says nothing of processes that meet many destinations, nor of "no name" in a case without names', () => {
    expect(scoreRareDestination({ image: RUNDLL, family: 'lolbin', named: false, hosts: 1, caseHosts: 9, destinationsOfProcess: 50 })).toBeNull();
    expect(scoreRareDestination({ image: AGENT, family: null, named: null, hosts: 1, caseHosts: 9, destinationsOfProcess: 3 })?.text).toBe('1 of 9 hosts reached this destination (11 %), rare-destination score 0.50');
    expect(scoreNewDestination({ ...fresh, image: AGENT, family: null, named: null })?.score).toBe(0.5);
  });

  it('leaves a named site one browser visits below reporting, and refuses an impossible share', () => {
    expect(scoreRareDestination({ image: CHROME, family: 'browser', named: true, hosts: 1, caseHosts: 9, destinationsOfProcess: 3 })).toBeNull();
    expect(() => scoreRareDestination({ image: CHROME, family: 'browser', named: true, hosts: 10, caseHosts: 9, destinationsOfProcess: 3 })).toThrow(/10 hosts of 9/);
    expect(() => scoreRareDestination({ image: CHROME, family: 'browser', named: true, hosts: 1, caseHosts: 9, destinationsOfProcess: 3 }, { ...newAndRareSettings, rareShare: 2 })).toThrow(/rareShare is 2/);
  });
});
