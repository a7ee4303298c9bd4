import { describe, expect, it } from 'vitest';
import { scoreServiceMisuse, serviceMisuseSettings, type ServiceMisuseSummary } from '../../src/core/analysis/detectors/service-misuse/index.js';

const BASELINE_END = Date.UTC(2026, 10, 18);
const WED = Date.UTC(2026, 10, 18, 10, 5);
const telegram = { category: 'messenger', service: 'Telegram Bot API', via: { by: 'host-name', value: 'api.telegram.org', matched: 'api.telegram.org', list: null } } as const;
const dropbox = { category: 'cloud-storage', service: 'Dropbox API', via: { by: 'host-name', value: 'content.dropboxapi.com', matched: 'dropboxapi.com', list: null } } as const;
const word: ServiceMisuseSummary = {
  image: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE', family: 'document', service: telegram,
  categoryFirstSeen: WED, firstSeen: WED, baselineEnd: BASELINE_END, connections: 3, bytesOut: 1229,
};

describe('scoreServiceMisuse: a program new to a kind of service attackers misuse', () => {
  it('explains Office talking to the Telegram Bot API', () => {
    const e = scoreServiceMisuse(word);
    expect(e).toMatchObject({ kind: 'service-misuse', score: 0.9, severity: 'medium', facts: { service: 'Telegram Bot API', category: 'messenger', family: 'document' } });
    expect(e?.text).toBe('Telegram Bot API (messenger) via api.telegram.org, never used by WINWORD.EXE before; 3 connections, 1.2 KB out, service-misuse score 0.90');
  });

  it('scores a script host uploading to cloud storage highest, and names a later unit’s first day', () => {
    const ps = { ...word, image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', family: 'script' as const, service: dropbox, bytesOut: 1.6 * 2 ** 30, connections: 12 };
    expect(scoreServiceMisuse(ps)).toMatchObject({ score: 1, severity: 'high' });
    expect(scoreServiceMisuse({ ...ps, firstSeen: WED + 86_400_000 })?.text).toContain('used by powershell.exe only since 2026-11-18; 12 connections, 1.6 GB out');
    expect(scoreServiceMisuse({ ...ps, bytesOut: 2 ** 20 - 1 })?.score).toBe(0.9);
  });

  it('leaves alone browsers, a service’s own client, programs that used the category in the baseline, and other categories', () => {
    expect(scoreServiceMisuse({ ...word, image: 'C:\\chrome.exe', family: 'browser', service: dropbox })).toBeNull();
    expect(scoreServiceMisuse({ ...word, image: 'C:\\Program Files (x86)\\Dropbox\\Client\\Dropbox.exe', family: null, service: dropbox })).toBeNull();
    expect(scoreServiceMisuse({ ...word, image: 'C:\\Users\\a\\AppData\\Roaming\\Telegram Desktop\\Telegram.exe', family: null })).toBeNull();
    expect(scoreServiceMisuse({ ...word, categoryFirstSeen: BASELINE_END - 1 })).toBeNull();
    expect(scoreServiceMisuse({ ...word, service: { ...telegram, category: 'cloud-hosting' } })).toBeNull();
    expect(scoreServiceMisuse({ ...word, image: '' })).toBeNull();
    expect(scoreServiceMisuse({ ...word, image: 'C:\\Tools\\agent.exe', family: null })).toMatchObject({ score: 0.5, severity: 'info' });
  });

  it('shows a hostile name with its hidden characters, and refuses settings out of range', () => {
    const e = scoreServiceMisuse({ ...word, image: 'C:\\Temp\\inv\u202ecod.exe', family: null });
    expect(e?.text).toContain('never used by inv⟨U+202E⟩cod.exe before');
    expect(() => scoreServiceMisuse(word, { ...serviceMisuseSettings, roaming: 1.5 })).toThrow(/roaming is 1.5/);
  });
});
