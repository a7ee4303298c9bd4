import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from '../helpers/engine.js';
import { repoRoot } from '../helpers/fixtures.js';

// An intel store an earlier Sightline wrote with a sighting dated year 275760, one dated year 0, a
// port of 1e20 and a trust of 1e308 (test/fixtures/db/intel-out-of-bounds/README.md): lookups of
// those indicators failed with "Invalid time value".
const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'db', 'home-schema-v2-out-of-bounds.sqlite');

const h = new EngineHarness();
afterEach(() => h.close());

describe('an intel store holding values out of bounds from an earlier version', () => {
  it('looks them up: times no clock shows become the time they were imported, ports out of bounds go, trust is held to 0..1', async () => {
    const home = h.tmp.make('sightline-home-');
    fs.copyFileSync(FIXTURE, path.join(home, 'intel.sqlite'));
    const importedAt = (() => {
      const db = new Database(FIXTURE, { readonly: true });
      try {
        return Object.fromEntries(
          (db.prepare('SELECT i.value, s.imported_at AS at FROM sightings s JOIN indicators i ON i.id = s.indicator_id').all() as { value: string; at: string }[]).map((r) => [r.value, r.at]),
        );
      } finally {
        db.close();
      }
    })();
    const engine = h.engine({ home });

    const found = await engine.invoke('intelLookup', { values: ['203.0.113.77', '203.0.113.79', '203.0.113.90', '203.0.113.78'] });
    expect(found.map((r) => [r.value, r.firstSeen, r.lastSeen])).toEqual([
      ['203.0.113.77', importedAt['203.0.113.77'], importedAt['203.0.113.77']],
      ['203.0.113.79', importedAt['203.0.113.79'], importedAt['203.0.113.79']],
      ['203.0.113.90', importedAt['203.0.113.90'], importedAt['203.0.113.90']],
      // Untouched.
      ['203.0.113.78', '2023-08-16T00:00:00.000Z', '2023-08-16T00:00:00.000Z'],
    ]);
    expect((await engine.invoke('intelSightings', { type: 'ipv4', value: '203.0.113.90' })).map((s) => s.port)).toEqual([null]);
    expect((await engine.invoke('intelSources', {})).find((s) => s.name === 'tweetfeed')?.trust).toBe(1);
    expect((await engine.invoke('intelStats', {})).indicators).toBe(6);
    const page = await engine.invoke('intelIndicators', {});
    expect(page.total).toBe(6);
    expect(page.rows.every((r) => r.lastSeen < '2100' && r.firstSeen >= '1970')).toBe(true);
  });
});
