import { describe, expect, it } from 'vitest';
import { alertLevel, scoreAlert } from '../../src/core/analysis/detectors/alerts/index.js';

const T = Date.UTC(2026, 2, 4, 14, 14);

describe('alerts as evidence', () => {
  it('maps Suricata priorities and CSV words onto the levels, unknown to medium', () => {
    expect(['1', '2', '3', '4', '255', '0', 'critical', 'High', 'moderate', 'low', 'informational', 'whatever', null].map((s) => alertLevel(s))).toEqual([
      'high', 'medium', 'low', 'info', 'info', 'medium', 'high', 'high', 'medium', 'low', 'info', 'medium', 'medium',
    ]);
  });

  it('says the signature, category, severity and times', () => {
    const e = scoreAlert({ signature: 'ET MALWARE Quasar RAT C2 Activity', signatureId: '2030001', category: 'A Network Trojan was detected', severity: '1', count: 1, first: T, last: T, matched: true });
    expect(e).toMatchObject({ kind: 'alert', score: 1, severity: 'high', facts: { signatureId: '2030001', count: 1, matched: true } });
    expect(e.text).toBe('alert "ET MALWARE Quasar RAT C2 Activity" (A Network Trojan was detected), severity 1, high, at 2026-03-04 14:14 UTC, alert score 1.00');
    const many = scoreAlert({ signature: 'x', signatureId: null, category: null, severity: null, count: 3, first: T, last: T + 3_600_000, matched: false });
    expect(many.text).toBe('alert "x", no severity given, 3 times from 2026-03-04 14:14 UTC to 2026-03-04 15:14 UTC; no connection of the case matched it, attached by address, alert score 0.90');
  });

  it('shows hidden characters in a hostile signature and cuts a long one', () => {
    const e = scoreAlert({ signature: `bad \u202etxt.exe ${'A'.repeat(500)}`, signatureId: null, category: null, severity: 'low', count: 1, first: T, last: T, matched: true });
    expect(e.text).toContain('bad ⟨U+202E⟩txt.exe');
    expect(e.text.length).toBeLessThan(300);
    expect(() => scoreAlert({ signature: 'x', signatureId: null, category: null, severity: 'low', count: 0, first: T, last: T, matched: true })).toThrow(/alert count 0/);
  });
});
