import { describe, expect, it } from 'vitest';
import { scoreUnusualPort, unusualPortSettings, type UnusualPortSummary } from '../../src/core/analysis/detectors/unusual-port/index.js';
import { standardService } from '../../src/core/analysis/detectors/unusual-port/service-ports.js';

const BASELINE_END = Date.UTC(2026, 2, 3);
const WED = Date.UTC(2026, 2, 4, 14);
const rundll: UnusualPortSummary = {
  image: 'C:\\Windows\\System32\\rundll32.exe', family: 'lolbin', port: 4782, connections: 5, firstSeen: WED, baselineEnd: BASELINE_END,
  profileConnections: 6, profilePorts: [443], inProfile: false, processesOnPort: 1,
};

describe('scoreUnusualPort: a port outside the process’s own profile, or one no other process uses', () => {
  it('scores a process that always used 443 suddenly on 4782, alone on that port, and sets the port', () => {
    const e = scoreUnusualPort(rundll);
    expect(e).toMatchObject({ kind: 'unusual-port', dstPort: 4782, score: 0.8, severity: 'low', facts: { newForProcess: true, onlyProcess: true } });
    expect(e?.text).toBe('port 4782: rundll32.exe used only port 443 before (6 connections); no other process of the case uses this port; 5 connections from 2026-03-04 14:00 UTC, unusual-port score 0.80');
  });

  it('takes either reason alone at info, and nothing when the port is in the profile and shared', () => {
    expect(scoreUnusualPort({ ...rundll, processesOnPort: 3 })?.score).toBeCloseTo(0.6, 12);
    expect(scoreUnusualPort({ ...rundll, profileConnections: 4, firstSeen: BASELINE_END - 1 })).toMatchObject({ score: 0.5, severity: 'info' });
    expect(scoreUnusualPort({ ...rundll, inProfile: true, processesOnPort: 2 })).toBeNull();
  });

  it('has no profile to depart from below 5 baseline connections or past 10 ports, and caps browsers', () => {
    expect(scoreUnusualPort({ ...rundll, profileConnections: 4, processesOnPort: 2 })).toBeNull();
    expect(scoreUnusualPort({ ...rundll, profilePorts: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], processesOnPort: 2 })).toBeNull();
    const wide = scoreUnusualPort({ ...rundll, profilePorts: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
    expect(wide?.text).toContain('used only ports 1, 2, 3, 4, 5, … before');
    expect(scoreUnusualPort({ ...rundll, image: 'C:\\chrome.exe', family: 'browser' })?.score).toBe(0.5);
  });

  it('shows a hostile image name with its hidden characters, and refuses a port or setting out of range', () => {
    expect(scoreUnusualPort({ ...rundll, image: 'C:\\Temp\\a\u202egpj.exe' })?.text).toContain('a⟨U+202E⟩gpj.exe used only');
    expect(() => scoreUnusualPort({ ...rundll, port: 70_000 })).toThrow(/port 70000/);
    expect(() => scoreUnusualPort(rundll, { ...unusualPortSettings, maxProfilePorts: 0 })).toThrow(/maxProfilePorts is 0/);
  });

  it('leaves the network\'s own service ports alone, inside the network, and the web\'s everywhere', () => {
    expect(scoreUnusualPort({ ...rundll, port: 88, standardService: standardService(88, 'private') })).toBeNull();
    for (const [port, cls] of [[88, 'private'], [123, 'private'], [389, 'private'], [5355, 'multicast'], [137, 'broadcast'], [1900, 'multicast'], [5353, 'link-local'], [443, 'public'], [80, 'private']] as const) {
      expect(standardService(port, cls), `${port} ${cls}`).not.toBeNull();
    }
    // SMB, LDAP or Kerberos to the internet are not the network's own business; 8080 and 4444 are nobody's standard.
    for (const [port, cls] of [[445, 'public'], [389, 'public'], [88, 'public'], [8080, 'private'], [4444, 'private'], [88, null]] as const) {
      expect(standardService(port, cls), `${port} ${cls}`).toBeNull();
    }
  });

  it('does not call a dynamic port inside the network alone, and gives connections without a process no profile', () => {
    expect(scoreUnusualPort({ ...rundll, port: 51142, dynamicInternal: true, profileConnections: 0 })).toBeNull();
    // Still new for a process with a profile.
    expect(scoreUnusualPort({ ...rundll, port: 51142, dynamicInternal: true })).toMatchObject({ score: 0.6, facts: { newForProcess: true, onlyProcess: false } });
    expect(scoreUnusualPort({ ...rundll, image: '', family: null, processesOnPort: 2 })).toBeNull();
    expect(scoreUnusualPort({ ...rundll, image: '', family: null })).toMatchObject({ score: 0.6, facts: { newForProcess: false, onlyProcess: true } });
  });
});
