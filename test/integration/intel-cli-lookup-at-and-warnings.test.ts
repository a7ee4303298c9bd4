import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli } from '../helpers/cli.js';
import { fixtures } from '../helpers/fixtures.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const tmp = new TempDirs();
beforeAll(() => buildCli(), 120_000);
afterEach(() => tmp.cleanup());

describe('intel lookup --at', () => {
  it('scores as of a past time from what was known then, says when a value was reported only later, and refuses a bad time', async () => {
    const home = tmp.make();
    expect((await runCli(home, ['intel', 'import', fixtures.tweetfeedCsv])).code).toBe(0);
    // TweetFeed posted 84.247.187.67 on 2026-08-22 13:35:34: a day later it scores, now (30-day IPs) it has expired.
    const then = await runCli(home, ['intel', 'lookup', '84.247.187.67', '--at', '2026-08-23T13:35:34Z', '--json']);
    const [r] = JSON.parse(then.stdout).results;
    expect(r).toMatchObject({ found: true, at: '2026-08-23T13:35:34.000Z', expired: false, sightings: 1, lastSeen: '2026-08-22T13:35:34.000Z' });
    // One day of a 30-day life with δ = 2: base × (1 − √(1/30)).
    const base = (JSON.parse((await runCli(home, ['intel', 'lookup', '84.247.187.67', '--at', '2026-08-22T13:35:34Z', '--json'])).stdout).results[0].score);
    expect(r.score).toBeCloseTo(Math.round(base * (1 - Math.sqrt(1 / 30)) * 10) / 10, 5);
    expect(base).toBeGreaterThan(0);

    // A later sighting from another source changes nothing about what was known then.
    expect((await runCli(home, ['intel', 'import', tmp.file('later.txt', '84.247.187.67\n')])).code).toBe(0);
    const again = JSON.parse((await runCli(home, ['intel', 'lookup', '84.247.187.67', '--at', '2026-08-23T13:35:34Z', '--json'])).stdout).results[0];
    expect(again).toEqual(r);
    const [today] = JSON.parse((await runCli(home, ['intel', 'lookup', '84.247.187.67', '--at', new Date().toISOString(), '--json'])).stdout).results;
    expect(today).toMatchObject({ sightings: 2, sources: ['list:later.txt', 'tweetfeed'] });
    expect(today.score).toBeGreaterThan(base);

    const before = await runCli(home, ['intel', 'lookup', '84.247.187.67', '--at', '2026-08-01']);
    expect(before.stdout).toBe('84.247.187.67 (ipv4): not yet reported as of 2026-08-01T00:00:00.000Z; first reported 2026-08-22T13:35:34.000Z\n');
    const human = await runCli(home, ['intel', 'lookup', '84.247.187.67', '--at', '2026-08-23 13:35:34']);
    expect(human.stdout).toContain(`84.247.187.67 (ipv4): score ${r.score} as of 2026-08-23T13:35:34.000Z; 1 sightings from tweetfeed`);
    const now = JSON.parse((await runCli(home, ['intel', 'lookup', '84.247.187.67', '--json'])).stdout).results[0];
    expect(now).toMatchObject({ sightings: 2 });
    expect(now.at).toBeUndefined();

    const bad = await runCli(home, ['intel', 'lookup', '84.247.187.67', '--at', 'yesterday']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--at must be a date or an ISO 8601 time');
    const far = await runCli(home, ['intel', 'lookup', '84.247.187.67', '--at', '2200-01-01']);
    expect(far.code).toBe(1);
    expect(far.stderr).toContain('1970–2100');
  }, 60_000);
});

describe('intel import of addresses not on the public Internet', () => {
  it('warns with file, line and value, counts them, and stores the rest', async () => {
    const home = tmp.make();
    const list = tmp.file('mixed.txt', '# c2\n192.168.1.4\n8.8.4.4\n198.51.100.7\n');
    const r = await runCli(home, ['intel', 'import', list]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`imported ${list} [plain-list]: 1 records, 1 new indicators, 1 new sightings, 2 addresses not on the public Internet left out`);
    expect(r.stderr).toContain(`sightline: warning: ${list}, line 2: 192.168.1.4 is private (Private-Use, RFC 1918, 192.168.0.0/16): not stored as an indicator`);
    expect(r.stderr).toContain(`${list}, line 4: 198.51.100.7 is documentation`);
    const json = JSON.parse((await runCli(home, ['intel', 'import', list, '--json'])).stdout);
    expect(json.files[0]).toMatchObject({ nonPublic: 2, nonPublicLines: [expect.objectContaining({ line: 2, value: '192.168.1.4' }), expect.objectContaining({ line: 4, value: '198.51.100.7' })] });
    const found = JSON.parse((await runCli(home, ['intel', 'lookup', '192.168.1.4', '8.8.4.4', '--json'])).stdout).results;
    expect(found.map((f: { found: boolean }) => f.found)).toEqual([false, true]);
  }, 60_000);
});
