import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { intelGlobalRevision, intelRevision } from '../../src/core/intel/store/revision.js';
import { EngineHarness } from '../helpers/engine.js';
import { fixtures } from '../helpers/fixtures.js';

const h = new EngineHarness();
afterEach(() => h.close());

const importPaths = (engine: Engine, paths: string[], extra: object = {}) =>
  engine.invoke('intelImport', { sources: paths.map((p) => engine.files.source(p)), ...extra });

/** Counted from the files themselves, not through Sightline's readers. */
function expectedCounts() {
  const csvRows = fs.readFileSync(fixtures.tweetfeedCsv, 'utf8').split('\n').filter((l) => l.trim() !== '').length;
  const bundle = JSON.parse(fs.readFileSync(fixtures.stixBundle, 'utf8')) as { objects: { type: string }[] };
  const stixIndicators = bundle.objects.filter((o) => o.type === 'indicator').length;
  const stored = new Set(['ip-dst', 'ip-src', 'domain', 'hostname', 'url', 'md5', 'sha1', 'sha256']);
  let mispAttributes = 0;
  for (const f of fs.readdirSync(fixtures.mispFeed).filter((f) => f !== 'manifest.json')) {
    const e = JSON.parse(fs.readFileSync(path.join(fixtures.mispFeed, f), 'utf8')) as { Event: { Attribute: { type: string }[] } };
    mispAttributes += e.Event.Attribute.filter((a) => stored.has(a.type)).length;
  }
  return { csvRows, stixIndicators, mispAttributes };
}

describe('intel import', () => {
  it('imports TweetFeed CSV, a STIX 2.1 bundle and a MISP feed folder with every record accounted for', async () => {
    const engine = h.engine();
    const want = expectedCounts();
    const { files } = await importPaths(engine, [fixtures.tweetfeedCsv, fixtures.stixBundle, fixtures.mispFeed]);
    expect(files.map((f) => [f.status, f.format, f.records])).toEqual([
      ['imported', 'tweetfeed-csv', want.csvRows],
      ['imported', 'stix21', want.stixIndicators],
      ['imported', 'misp-feed', want.mispAttributes],
    ]);
    // The STIX bundle is built from the same posts as the CSV: its indicators are known, its sightings new.
    expect(files[1]?.newIndicators).toBe(0);
    const sources = (await engine.invoke('intelSources', {})).map((s) => s.name);
    expect(sources).toEqual(['misp:TweetFeed', 'stix:TweetFeed', 'tweetfeed']);
  });

  it('keeps provenance: author, post URL and time of each sighting', async () => {
    const engine = h.engine();
    await importPaths(engine, [fixtures.tweetfeedCsv]);
    const sightings = await engine.invoke('intelSightings', { type: 'domain', value: 'scr33nc0nn3ctz00m.com' });
    expect(sightings).toEqual([
      expect.objectContaining({ source: 'tweetfeed', author: 'patialavii', postUrl: 'https://x.com/patialavii/status/2091008723959623721', seenAt: '2026-08-22T03:45:03.000Z', ref: 'x:2091008723959623721' }),
    ]);
  });

  it('is idempotent: importing the same files again adds nothing', async () => {
    const engine = h.engine();
    await importPaths(engine, [fixtures.tweetfeedCsv, fixtures.mispFeed]);
    const before = await engine.invoke('intelStats', {});
    const again = await importPaths(engine, [fixtures.tweetfeedCsv, fixtures.mispFeed]);
    expect(again.files.map((f) => [f.newIndicators, f.newSightings])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(await engine.invoke('intelStats', {})).toEqual(before);
  });

  it('matches IPs inside stored CIDRs and reports the network', async () => {
    const engine = h.engine();
    const list = path.join(h.tmp.make(), 'drop.netset');
    fs.writeFileSync(list, '# FireHOL style\n#\n1.10.16.0/20\n45.133.113.7/24\n185.51.100.9\n');
    const { files } = await importPaths(engine, [list]);
    expect(files[0]).toMatchObject({ status: 'imported', format: 'plain-list', records: 3 });
    const [inside, normalised, outside] = await engine.invoke('intelLookup', { values: ['1.10.20.5', '45.133.113.200', '1.10.32.1'] });
    expect(inside).toMatchObject({ found: false, networks: [expect.objectContaining({ cidr: '1.10.16.0/20', sources: ['list:drop.netset'] })] });
    // Host bits are cleared when a CIDR is stored.
    expect(normalised?.networks.map((n) => n.cidr)).toEqual(['45.133.113.0/24']);
    expect(outside?.networks).toEqual([]);
  });

  it('reads a CSV list by its header (Feodo style) or by --column', async () => {
    const engine = h.engine();
    const dir = h.tmp.make();
    const feodo = path.join(dir, 'ipblocklist.csv');
    fs.writeFileSync(feodo, '#####\n# banner\n"first_seen_utc","dst_ip","dst_port"\n"2024-01-01 00:00:00","194.0.2.44","443"\n"2024-01-01 00:00:00","185.51.100.45","8080"\n# END 2 entries\n');
    expect((await importPaths(engine, [feodo])).files[0]).toMatchObject({ status: 'imported', records: 2 });
    const custom = path.join(dir, 'custom.csv');
    fs.writeFileSync(custom, 'when,what,where\nmonday,c2,45.133.113.50\n');
    const failed = (await importPaths(engine, [custom])).files[0];
    expect(failed).toMatchObject({ status: 'failed', errorLine: 1 });
    expect(failed?.error).toMatch(/--column/);
    expect((await importPaths(engine, [custom], { column: 'where' })).files[0]).toMatchObject({ status: 'imported', records: 1 });
    expect((await importPaths(engine, [custom], { column: 2 })).files[0]).toMatchObject({ status: 'imported', newSightings: 0 });
  });

  it('leaves out addresses and networks not on the public Internet, from lists and from feeds, and says where', async () => {
    const engine = h.engine();
    const dir = h.tmp.make();
    const list = path.join(dir, 'internal.netset');
    fs.writeFileSync(list, ['192.168.1.4', '10.0.0.0/8', '10.0.0.0/7', '127.0.0.1', '100.64.3.4', 'fe80::1', '::ffff:192.168.1.9', '2001:db8::/48', '224.0.0.251', '8.8.4.4'].join('\n'));
    const [file] = (await importPaths(engine, [list])).files;
    expect(file).toMatchObject({ status: 'imported', records: 2, nonPublic: 8 });
    expect(file?.nonPublicLines.map((l) => [l.line, l.value])).toEqual([
      [1, '192.168.1.4'], [2, '10.0.0.0/8'], [4, '127.0.0.1'], [5, '100.64.3.4'], [6, 'fe80::1'], [7, '192.168.1.9'], [8, '2001:db8::/48'], [9, '224.0.0.251'],
    ]);
    expect(file?.nonPublicLines[1]?.reason).toBe('10.0.0.0/8 lies inside private (Private-Use, RFC 1918, 10.0.0.0/8): not stored as an indicator');
    // 10.0.0.0/7 also covers the public 11.0.0.0/8: kept.
    const [wide, inner] = await engine.invoke('intelLookup', { values: ['10.0.0.0/7', '192.168.1.4'] });
    expect([wide?.found, inner?.found]).toEqual([true, false]);

    // A feed naming only internal addresses imports nothing, and says why.
    const onlyInternal = path.join(dir, 'only-internal.txt');
    fs.writeFileSync(onlyInternal, '10.1.2.3\n');
    const [failed] = (await importPaths(engine, [onlyInternal])).files;
    expect(failed).toMatchObject({ status: 'failed', errorLine: 1 });
    expect(failed?.error).toContain('not on the public Internet');

    // JSON feeds (STIX here; MISP likewise) name the record instead of a line.
    const stix = path.join(dir, 'internal-stix.json');
    fs.writeFileSync(stix, JSON.stringify({ type: 'bundle', id: 'bundle--1', objects: [
      { type: 'indicator', id: 'indicator--a', pattern: "[ipv4-addr:value = '172.16.5.5']", pattern_type: 'stix', valid_from: '2026-11-01T00:00:00Z' },
      { type: 'indicator', id: 'indicator--b', pattern: "[ipv4-addr:value = '45.137.21.9']", pattern_type: 'stix', valid_from: '2026-11-01T00:00:00Z' },
    ] }));
    const [fromStix] = (await importPaths(engine, [stix])).files;
    expect(fromStix).toMatchObject({ records: 1, nonPublic: 1, nonPublicLines: [{ ref: 'indicator--a', value: '172.16.5.5', reason: expect.stringContaining('private') }] });
  });

  it('verdicts and the allowlist survive a re-import and change the score', async () => {
    const engine = h.engine();
    const list = path.join(h.tmp.make(), 'c2.txt');
    fs.writeFileSync(list, '45.133.113.10\n45.133.113.11\n');
    await importPaths(engine, [list]);
    const [fresh] = await engine.invoke('intelLookup', { values: ['45.133.113.10'] });
    expect(fresh?.score).toBeGreaterThan(0);
    await engine.invoke('intelSetVerdict', { type: 'ipv4', value: '45.133.113.10', verdict: 'false-positive', note: 'our VPN' });
    await engine.invoke('intelSetAllowlisted', { type: 'ipv4', value: '45.133.113.11', allowlisted: true });
    await importPaths(engine, [list]);
    const [fp, allowed] = await engine.invoke('intelLookup', { values: ['45.133.113.10', '45.133.113.11'] });
    expect([fp?.verdict, fp?.score]).toEqual(['false-positive', 0]);
    expect([allowed?.allowlisted, allowed?.score]).toEqual([true, 0]);
    const cleared = await engine.invoke('intelSetVerdict', { type: 'ipv4', value: '45.133.113.10', verdict: null });
    expect(cleared.score).toBe(fresh?.score);
  });

  it('a bad file is reported and stores nothing; the files around it still import', async () => {
    const engine = h.engine();
    const dir = h.tmp.make();
    const truncated = path.join(dir, 'cut.json');
    fs.writeFileSync(truncated, fs.readFileSync(fixtures.stixBundle, 'utf8').slice(0, 5000));
    const binary = path.join(dir, 'blob.bin');
    fs.writeFileSync(binary, Buffer.from([0x7b, 0, 1, 2, 3]));
    const empty = path.join(dir, 'empty.txt');
    fs.writeFileSync(empty, '');
    const { files } = await importPaths(engine, [fixtures.tweetfeedCsv, truncated, binary, empty, path.join(dir, 'missing.csv')]);
    expect(files.map((f) => f.status)).toEqual(['imported', 'failed', 'failed', 'failed', 'failed']);
    expect(files[1]?.error).toMatch(/invalid JSON/);
    expect(files[2]?.error).toMatch(/STIX|binary/);
    expect(files[3]?.error).toMatch(/empty/);
    expect(files[4]?.error).toMatch(/no such file/);
    expect((await engine.invoke('intelStats', {})).sightings).toBe(files[0]?.records);
  });

  it('lists indicators by score with filters, one page at a time', async () => {
    const engine = h.engine();
    await importPaths(engine, [fixtures.tweetfeedCsv]);
    const all = await engine.invoke('intelIndicators', { limit: 10 });
    expect(all.total).toBeGreaterThan(10);
    expect(all.rows).toHaveLength(10);
    const seen = all.rows.map((r) => r.lastSeen);
    expect([...seen].sort().reverse()).toEqual(seen);
    const byScore = await engine.invoke('intelIndicators', { limit: 50, sort: 'score' });
    const scores = byScore.rows.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const urls = await engine.invoke('intelIndicators', { type: 'url', search: 'pages.dev', limit: 1000 });
    expect(urls.rows.every((r) => r.type === 'url' && r.value.includes('pages.dev'))).toBe(true);
    const page2 = await engine.invoke('intelIndicators', { limit: 10, offset: 10 });
    expect(page2.rows.map((r) => r.value)).not.toContain(all.rows[0]?.value);
  });
});

describe('decay model', () => {
  it('is configurable per type, kept across restarts, and can be reset', async () => {
    const engine = h.engine();
    await importPaths(engine, [fixtures.tweetfeedCsv]);
    // TweetFeed's posts are from 2026-08-22: with the default 30 days their IPs have expired.
    const [before] = await engine.invoke('intelLookup', { values: ['84.247.187.67'] });
    expect(before).toMatchObject({ found: true, expired: true, score: 0 });
    const model = await engine.invoke('intelDecay', { set: { tauDays: { ipv4: 3000 } } });
    expect(model.tauDays).toMatchObject({ ipv4: 3000, domain: 90 });
    const [after] = await engine.invoke('intelLookup', { values: ['84.247.187.67'] });
    expect(after?.expired).toBe(false);
    expect(after?.score).toBeGreaterThan(0);
    const home = engine.layout.root;
    h.closeEngine(engine);
    const reopened = h.engine({ home });
    expect((await reopened.invoke('intelDecay', {})).tauDays.ipv4).toBe(3000);
    expect((await reopened.invoke('intelDecay', { reset: true })).tauDays.ipv4).toBe(30);
    expect((await reopened.invoke('intelLookup', { values: ['84.247.187.67'] }))[0]?.expired).toBe(true);
  });

  it('belongs to its data home: two engines in one process score with their own models', async () => {
    const long = h.engine();
    const short = h.engine();
    for (const e of [long, short]) await importPaths(e, [fixtures.tweetfeedCsv]);
    await long.invoke('intelDecay', { set: { tauDays: { ipv4: 3000 } } });
    expect((await long.invoke('intelLookup', { values: ['84.247.187.67'] }))[0]?.expired).toBe(false);
    expect((await short.invoke('intelLookup', { values: ['84.247.187.67'] }))[0]?.expired).toBe(true);
    expect((await short.invoke('intelDecay', {})).tauDays.ipv4).toBe(30);
  });
});

describe('the IoC store revision', () => {
  it('moves with every change that can change a match or a score, and only then', async () => {
    const engine = h.engine();
    const rev = () => {
      const db = new Database(engine.layout.homeDb, { readonly: true });
      try {
        return intelRevision(db);
      } finally {
        db.close();
      }
    };
    const r0 = rev();
    await importPaths(engine, [fixtures.tweetfeedCsv]);
    const r1 = rev();
    expect(r1).toBe(r0 + 1);
    // The same file again adds nothing, and reads change nothing.
    await importPaths(engine, [fixtures.tweetfeedCsv]);
    await engine.invoke('intelLookup', { values: ['84.247.187.67'] });
    await engine.invoke('intelStats', {});
    expect(rev()).toBe(r1);
    const read = <T>(f: (db: Database.Database) => T): T => {
      const db = new Database(engine.layout.homeDb, { readonly: true });
      try {
        return f(db);
      } finally {
        db.close();
      }
    };
    const changedAt = (value: string) => read((db) => db.prepare('SELECT changed_revision FROM indicators WHERE value = ?').pluck().get(value));
    // Each indicator remembers the revision it last changed at: the import's, then a verdict's.
    expect(read((db) => db.prepare('SELECT DISTINCT changed_revision FROM indicators').pluck().all())).toEqual([r1]);
    await engine.invoke('intelSetVerdict', { type: 'ipv4', value: '84.247.187.67', verdict: 'false-positive' });
    expect(changedAt('84.247.187.67')).toBe(r1 + 1);
    expect(changedAt('scr33nc0nn3ctz00m.com')).toBe(r1);
    await engine.invoke('intelSetAllowlisted', { type: 'ipv4', value: '8.8.8.8', allowlisted: true });
    expect(read((db) => intelGlobalRevision(db))).toBe(0);
    await engine.invoke('intelDecay', { set: { tauDays: { ipv4: 60 } } });
    expect(read((db) => intelGlobalRevision(db))).toBe(r1 + 3);
    const source = (await engine.invoke('intelSources', {}))[0]?.name as string;
    await engine.invoke('intelSetSource', { name: source, trust: 0.2 });
    expect(rev()).toBe(r1 + 4);
    expect(read((db) => intelGlobalRevision(db))).toBe(r1 + 4);
    await engine.invoke('intelSetSource', { name: source, enabled: false });
    expect(rev()).toBe(r1 + 4);
  });
});

