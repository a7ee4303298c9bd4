import { describe, expect, it } from 'vitest';
import { scoreBurst, scoreDailyVolume, scoreLargeTransfer } from '../../src/core/analysis/detectors/volume/score.js';
import { volumeSettings } from '../../src/core/analysis/detectors/volume/settings.js';

const MB = 2 ** 20;
const FRIDAY = Date.UTC(2026, 10, 20, 15, 30);

describe('scoreDailyVolume: a day against the other active days (robust z over median and MAD)', () => {
  const usual = [4 * MB, 5 * MB, 4.5 * MB, 6 * MB, 5 * MB];

  it('reports a host that sent a gigabyte on a day it usually sends a few megabytes, naming the unit’s share', () => {
    const e = scoreDailyVolume({ scope: 'host', host: 'WS05', day: FRIDAY, bytes: 1700 * MB, otherDays: usual, unitShare: 0.97 });
    expect(e).toMatchObject({ kind: 'volume', score: 1, severity: 'high', facts: { measure: 'host-day', day: '2026-11-20', otherDays: 5, usualBytes: 5 * MB } });
    expect(e?.text).toBe("host WS05 sent 1.7 GB on 2026-11-20, 97 % of it in this connection's unit, against a usual 5 MB a day over 5 other days (robust z over 1,000), volume score 1.00");
  });

  it('scores the lesser of how unusual and how much: a thousandfold jump of kilobytes is nothing', () => {
    expect(scoreDailyVolume({ scope: 'unit', host: 'h', day: FRIDAY, bytes: 900_000, otherDays: [800, 900, 1000] })).toBeNull();
    // 60 MB over a usual 5 MB: z is large, the excess is low-grade.
    const e = scoreDailyVolume({ scope: 'unit', host: 'h', day: FRIDAY, bytes: 60 * MB, otherDays: usual });
    expect(e?.severity).toBe('low');
    expect(e?.text).toMatch(/^60 MB out on 2026-11-20, against a usual 5 MB a day over 5 other days \(robust z \d+\), volume score 0\.7\d$/);
  });

  it('reports nothing at the boundaries: too few other days, a day below or at the usual, z below 3.5', () => {
    expect(scoreDailyVolume({ scope: 'unit', host: 'h', day: FRIDAY, bytes: 2000 * MB, otherDays: [MB] })).toBeNull();
    expect(scoreDailyVolume({ scope: 'unit', host: 'h', day: FRIDAY, bytes: 5 * MB, otherDays: usual })).toBeNull();
    expect(scoreDailyVolume({ scope: 'unit', host: 'h', day: FRIDAY, bytes: 2 * MB, otherDays: usual })).toBeNull();
    // Widely varying days: 400 MB more than the median is still within 3.5 robust z.
    expect(scoreDailyVolume({ scope: 'unit', host: 'h', day: FRIDAY, bytes: 900 * MB, otherDays: [100 * MB, 500 * MB, 900 * MB, 50 * MB] })).toBeNull();
  });

  it('says so when every other day was the same (MAD and mean deviation 0)', () => {
    const e = scoreDailyVolume({ scope: 'unit', host: 'h', day: FRIDAY, bytes: 500 * MB, otherDays: [MB, MB, MB] });
    expect(e?.text).toContain('(every other day the same)');
    expect(e?.facts.robustZ).toBeNull();
  });

  it('shows hidden characters in a hostile host name instead of letting them reorder the sentence', () => {
    const e = scoreDailyVolume({ scope: 'host', host: 'WS\u202eexe.01', day: FRIDAY, bytes: 1700 * MB, otherDays: usual, unitShare: 1 });
    expect(e?.text).toContain('host WS⟨U+202E⟩exe.01 sent');
    expect(e?.text).not.toContain('\u202e');
  });
});

describe('scoreLargeTransfer: one connection far above the unit’s and the host’s usual', () => {
  it('grades the ratio and the size, the lesser decides', () => {
    const e = scoreLargeTransfer({ bytes: 300 * MB, ts: FRIDAY, unitUsual: 2000, unitOthers: 40, hostUsual: 1500 });
    expect(e).toMatchObject({ kind: 'volume', severity: 'medium', facts: { measure: 'large-transfer', unitUsualBytes: 2000 } });
    expect(e?.text).toBe("one connection sent 300 MB at 2026-11-20 15:30 UTC, 157,286 times its unit's usual 2 KB and the host's 1.5 KB a connection, volume score " + e?.text.slice(-4));
    // The same 300 MB where the unit always sends 250 MB: not large for it.
    expect(scoreLargeTransfer({ bytes: 300 * MB, ts: FRIDAY, unitUsual: 250 * MB, unitOthers: 40, hostUsual: 1500 })).toBeNull();
    // Below 10 MB nothing is large.
    expect(scoreLargeTransfer({ bytes: 9 * MB, ts: FRIDAY, unitUsual: 10, unitOthers: 40, hostUsual: 10 })).toBeNull();
  });

  it('uses the host’s usual alone when the unit has too few other connections', () => {
    const e = scoreLargeTransfer({ bytes: 60 * MB, ts: FRIDAY, unitUsual: 60 * MB, unitOthers: 2, hostUsual: 3000 });
    expect(e?.text).toContain("times the host's usual 2.9 KB a connection");
    expect(e?.facts.unitUsualBytes).toBeNull();
  });
});

describe('scoreBurst: many connections in one window against the unit’s usual rate', () => {
  it('reports 300 connections in 5 minutes from a unit that usually makes 2', () => {
    const e = scoreBurst({ peak: 300, windowStart: FRIDAY, activeWindows: 40, usual: 2, connections: 380 });
    expect(e).toMatchObject({ kind: 'burst', severity: 'high', score: 1, facts: { peak: 300, usualPerWindow: 2, windowSeconds: 300 } });
    expect(e?.text).toBe('300 connections within 5 min from 2026-11-20 15:30 UTC, against a usual 2 per 5 min over 40 active windows, burst score 1.00');
  });

  it('takes a rate of 1 a window when the unit has too few active windows to have a usual rate', () => {
    const e = scoreBurst({ peak: 80, windowStart: FRIDAY, activeWindows: 1, usual: 80, connections: 80 });
    expect(e?.severity).toBe('low');
    expect(e?.text).toContain('with no usual rate (1 active window of 5 min)');
  });

  it('reports nothing for a busy unit at its usual pace or a small peak, and refuses an impossible summary', () => {
    expect(scoreBurst({ peak: 200, windowStart: FRIDAY, activeWindows: 500, usual: 40, connections: 20_000 })).toBeNull();
    expect(scoreBurst({ peak: 29, windowStart: FRIDAY, activeWindows: 1, usual: 29, connections: 29 })).toBeNull();
    expect(() => scoreBurst({ peak: 10, windowStart: FRIDAY, activeWindows: 1, usual: 1, connections: 5 })).toThrow(/burst peak 10/);
  });

  it('refuses settings out of range, naming them', () => {
    const bad = { ...volumeSettings, burst: { ...volumeSettings.burst, windowSeconds: 0 } };
    expect(() => scoreBurst({ peak: 1, windowStart: 0, activeWindows: 1, usual: 1, connections: 1 }, bad)).toThrow(/burst\.windowSeconds is 0/);
    const steps = { ...volumeSettings, daily: { ...volumeSettings.daily, zSteps: { info: 5, low: 4, medium: 10, high: 20 } } };
    expect(() => scoreDailyVolume({ scope: 'unit', host: 'h', day: 0, bytes: 1, otherDays: [1, 1] }, steps)).toThrow(/daily\.zSteps/);
  });
});
