import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseStore } from '../../src/core/cases/case-store.js';
import { caseMigrations, latestVersion } from '../../src/core/db/index.js';
import { DatabaseCorruptError } from '../../src/core/errors/index.js';
import { caseFile, EngineHarness, remoteError, withCaseDb } from '../helpers/engine.js';
import { countSysmon, fixtures } from '../helpers/fixtures.js';
import { holdInOtherProcess } from '../helpers/hold-lock.js';
import { viewEdge } from '../helpers/view-edges.js';

const h = new EngineHarness();
afterEach(() => h.close());

/** The schema a case is migrated to: 2 when these tests were written, and any later migration on top. */
const LATEST = latestVersion(caseMigrations);

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const userVersion = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return { version: db.pragma('user_version', { simple: true }) as number, journal: db.pragma('journal_mode', { simple: true }) as string };
  } finally {
    db.close();
  }
};

/** A data home whose cases/ folder holds `file` as `<id>.sqlite`, and an engine on it. */
function homeWithCase(id: string, write: (target: string) => void) {
  const home = h.tmp.make('sightline-home-');
  const target = path.join(home, 'cases', `${id}.sqlite`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  write(target);
  return { engine: h.engine({ home }), target };
}

describe('case schema migrations', () => {
  it('the committed v1 fixture is a schema-1 case without the processes table', () => {
    const db = new Database(fixtures.caseV1, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'processes'").get()).toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('lists a v1 case without migrating it, then migrates it to the latest schema on open with its data kept', async () => {
    expect(LATEST).toBeGreaterThanOrEqual(2);
    const { engine, target } = homeWithCase('legacy', (t) => fs.copyFileSync(fixtures.caseV1, t));
    expect(await engine.invoke('listCases', {})).toEqual([
      { id: 'legacy', name: 'Legacy case (schema 1)', createdAt: '2024-05-01T12:00:00.000Z', eventCount: 3, importCount: 1 },
    ]);
    expect(userVersion(target).version).toBe(1);

    const summary = await engine.invoke('openCase', { caseId: 'legacy' });
    expect(summary).toEqual({ id: 'legacy', name: 'Legacy case (schema 1)', createdAt: '2024-05-01T12:00:00.000Z', eventCount: 3, importCount: 1 });
    expect(userVersion(target)).toEqual({ version: LATEST, journal: 'wal' });
    withCaseDb(engine, 'legacy', (db) => {
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'processes'").get()).toEqual({ name: 'processes' });
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'events_ts'").get()).toEqual({ name: 'events_ts' });
      expect(db.prepare('SELECT uid, src_ip, dst_ip, dst_port, bytes_out FROM events ORDER BY id').all()).toEqual([
        { uid: 'CLegacy1', src_ip: '10.1.1.5', dst_ip: '198.51.100.7', dst_port: 443, bytes_out: 100 },
        { uid: 'CLegacy2', src_ip: '10.1.1.5', dst_ip: '198.51.100.7', dst_port: 443, bytes_out: 150 },
        { uid: 'CLegacy3', src_ip: '10.1.1.6', dst_ip: '10.1.1.1', dst_port: 53, bytes_out: 40 },
      ]);
    });
    expect(await engine.invoke('listImports', { caseId: 'legacy' })).toEqual([
      { id: 1, file: 'legacy-conn.log', format: 'zeek-conn-tsv', sha256: 'a'.repeat(64), bytes: 512, events: 3, processes: 0, dns: 0, alerts: 0, fileCreations: 0, ignored: 0, quarantined: 0, importedAt: '2024-05-01T12:01:00.000Z' },
    ]);
    const graph = await engine.invoke('getGraphView', { caseId: 'legacy' });
    expect(viewEdge(graph, 'host:10.1.1.5', 'ip:198.51.100.7')).toMatchObject({ events: 2, bytesOut: 250, bytesIn: 4500, ports: '443' });

    // The migrated case takes new imports, process creations included.
    const { files } = await engine.invoke('importFiles', { caseId: 'legacy', sources: [engine.files.source(fixtures.sysmonWevtutil)] });
    expect(files[0]).toMatchObject({ status: 'imported', processes: countSysmon(fixtures.sysmonWevtutil).processes });
  });

  it('migrates through CaseStore directly too', () => {
    const dir = h.tmp.make();
    fs.copyFileSync(fixtures.caseV1, path.join(dir, 'old.sqlite'));
    const store = new CaseStore(dir);
    try {
      expect(store.summary('old')).toMatchObject({ name: 'Legacy case (schema 1)', eventCount: 3 });
      expect(store.open('old').pragma('user_version', { simple: true })).toBe(LATEST);
    } finally {
      store.close();
    }
  });

  it('waits for another process holding the case while it migrates, rather than failing at the usual 2 s', async () => {
    const { engine, target } = homeWithCase('legacy', (t) => {
      fs.copyFileSync(fixtures.caseV1, t);
      // In WAL already, as a case another Sightline has open is: the wait is the migration's own.
      const db = new Database(t);
      db.pragma('journal_mode = WAL');
      db.close();
    });
    await holdInOtherProcess(target, { releaseAfterMs: 3000 });
    const started = Date.now();
    expect(await engine.invoke('openCase', { caseId: 'legacy' })).toMatchObject({ id: 'legacy', eventCount: 3 });
    expect(Date.now() - started).toBeGreaterThan(2000);
    expect(userVersion(target)).toEqual({ version: LATEST, journal: 'wal' });
  });

  it('refuses a case written by a newer schema and leaves its bytes untouched', async () => {
    const { engine, target } = homeWithCase('future', (t) => {
      fs.copyFileSync(fixtures.caseV1, t);
      const db = new Database(t);
      db.pragma('user_version = 99');
      db.close();
    });
    const before = sha256(target);
    const err = await remoteError(engine.invoke('openCase', { caseId: 'future' }));
    expect(err.payload).toMatchObject({ code: 'SCHEMA_VERSION', file: target });
    expect(err.message).toMatch(/newer version of Sightline \(schema 99/);
    for (const op of [engine.invoke('getGraphView', { caseId: 'future' }), engine.invoke('listImports', { caseId: 'future' })]) {
      expect((await remoteError(op)).code).toBe('SCHEMA_VERSION');
    }
    expect((await engine.invoke('listCases', {}))[0]).toMatchObject({ id: 'future', problem: expect.stringContaining('schema 99') });
    expect(sha256(target)).toBe(before);
    expect(userVersion(target)).toEqual({ version: 99, journal: 'delete' });
    expect(fs.existsSync(`${target}-wal`)).toBe(false);
  });

  it('lists a garbage file with its problem and refuses to open it as DATABASE_CORRUPT', async () => {
    const { engine, target } = homeWithCase('x', (t) => fs.writeFileSync(t, 'this is not a SQLite database\n'.repeat(200)));
    const good = await engine.invoke('createCase', { name: 'Good one' });
    const listed = await engine.invoke('listCases', {});
    expect(listed).toHaveLength(2);
    expect(listed.find((c) => c.id === good.id)?.problem).toBeUndefined();
    expect(listed.find((c) => c.id === 'x')).toMatchObject({ id: 'x', name: 'x', eventCount: 0, importCount: 0, problem: expect.stringMatching(/damaged or is not a Sightline database/) });
    const err = await remoteError(engine.invoke('openCase', { caseId: 'x' }));
    expect(err.payload).toMatchObject({ code: 'DATABASE_CORRUPT', file: target });
    expect(fs.readFileSync(target, 'utf8').startsWith('this is not a SQLite database')).toBe(true);
    expect(() => new CaseStore(path.dirname(target)).open('x')).toThrow(DatabaseCorruptError);
    expect(caseFile(engine, 'x')).toBe(target);
  });
});

describe('schema 8: the analysis tables and the case revision', () => {
  const revision = (engine: ReturnType<typeof h.engine>, caseId: string) =>
    Number(withCaseDb(engine, caseId, (db) => (db.prepare("SELECT value FROM meta WHERE key = 'revision'").get() as { value: string }).value));

  it('upgrades a schema-7 case with its data kept, at revision 1', async () => {
    const { engine, target } = homeWithCase('seven', (t) => fs.copyFileSync(fixtures.caseV7, t));
    expect(userVersion(target).version).toBe(7);
    expect(await engine.invoke('openCase', { caseId: 'seven' })).toMatchObject({ name: 'Schema 7 case', eventCount: 224, importCount: 2 });
    expect(userVersion(target).version).toBe(LATEST);
    expect(revision(engine, 'seven')).toBe(1);
    const tables = withCaseDb(engine, 'seven', (db) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    expect(tables).toEqual(expect.arrayContaining(['analysis_runs', 'findings', 'enrichment', 'case_verdicts', 'allowlist_rules']));
    const graph = await engine.invoke('getGraphView', { caseId: 'seven' });
    expect(graph.edges.source.length).toBeGreaterThan(0);
  });

  it('bumps the revision on every import, removal of an import, verdict and allowlist rule', async () => {
    const engine = h.engine();
    const caseId = (await engine.invoke('createCase', { name: 'revisions' })).id;
    expect(revision(engine, caseId)).toBe(1);
    const { files } = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(fixtures.zeekTsv)] });
    expect(revision(engine, caseId)).toBe(2);
    // A duplicate stores nothing and changes nothing.
    await engine.invoke('importFiles', { caseId, sources: [engine.files.source(fixtures.zeekTsv)] });
    expect(revision(engine, caseId)).toBe(2);
    await engine.invoke('deleteImport', { caseId, importId: files[0]?.importId as number });
    expect(revision(engine, caseId)).toBe(3);
    const db = new Database(caseFile(engine, caseId));
    try {
      db.prepare("INSERT INTO case_verdicts (verdict, dst_ip, created_at) VALUES ('benign', '10.0.5.13', 'now')").run();
      db.prepare("UPDATE case_verdicts SET verdict = 'malicious'").run();
      db.prepare("INSERT INTO allowlist_rules (kind, value, created_at) VALUES ('cidr', '10.0.0.0/8', 'now')").run();
      db.prepare('DELETE FROM allowlist_rules').run();
      db.prepare('DELETE FROM case_verdicts').run();
    } finally {
      db.close();
    }
    expect(revision(engine, caseId)).toBe(8);
  });
});


describe('schema 9: the per-unit time-ordered index', () => {
  it('replaces events_host_image with a covering index the detectors scan in (host, process, destination, time) order without sorting', async () => {
    const { engine } = homeWithCase('seven9', (t) => fs.copyFileSync(fixtures.caseV7, t));
    await engine.invoke('openCase', { caseId: 'seven9' });
    withCaseDb(engine, 'seven9', (db) => {
      const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").pluck().all() as string[];
      expect(indexes).toContain('events_unit_time');
      expect(indexes).not.toContain('events_host_image');
      const plan = (db.prepare('EXPLAIN QUERY PLAN SELECT host, image, dst_ip, ts, bytes_out, duration FROM events WHERE NOT (image IS NULL AND peer_id IS NOT NULL) ORDER BY host, image, dst_ip, ts').all() as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
      expect(plan).toContain('USING COVERING INDEX events_unit_time');
      expect(plan).not.toContain('TEMP B-TREE');
    });
  });
});

describe('schema 11: per-destination totals for the investigation graph', () => {
  it('upgrades a schema-7 case with an index that sums each destination\'s units without sorting them', async () => {
    const { engine } = homeWithCase('seven11', (t) => fs.copyFileSync(fixtures.caseV7, t));
    await engine.invoke('openCase', { caseId: 'seven11' });
    withCaseDb(engine, 'seven11', (db) => {
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
      const plan = (db.prepare('EXPLAIN QUERY PLAN SELECT dst_ip, SUM(events) FROM edge_stats GROUP BY dst_ip').all() as { detail: string }[]).map((r) => r.detail).join('\n');
      expect(plan).toContain('USING COVERING INDEX edge_stats_dst');
      expect(plan).not.toContain('TEMP B-TREE');
      // The totals it gives are the units' own.
      const viaIndex = db.prepare('SELECT dst_ip, SUM(events) AS n FROM edge_stats GROUP BY dst_ip ORDER BY dst_ip').all();
      const viaTable = db.prepare('SELECT dst_ip, SUM(events) AS n FROM edge_stats NOT INDEXED GROUP BY dst_ip ORDER BY dst_ip').all();
      expect(viaIndex.length).toBeGreaterThan(0);
      expect(viaIndex).toEqual(viaTable);
    });
  });
});

describe('schema 10: file creations and parent GUIDs for lineage', () => {
  it('upgrades a schema-7 case: the new table, column and indexes, old processes without a parent GUID, counts at 0, and the upgrade is idempotent', async () => {
    const { engine } = homeWithCase('seven10', (t) => fs.copyFileSync(fixtures.caseV7, t));
    await engine.invoke('openCase', { caseId: 'seven10' });
    withCaseDb(engine, 'seven10', (db) => {
      const columns = (table: string) => db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[];
      expect(columns('file_creations')).toEqual(['id', 'import_id', 'line', 'ts', 'host', 'process_guid', 'pid', 'image', 'target_filename', 'target_key', 'creation_ts', 'user']);
      expect(columns('processes')).toContain('parent_process_guid');
      const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('processes', 'file_creations') ORDER BY name").pluck().all();
      expect(indexes).toEqual(['file_creations_guid', 'file_creations_target', 'processes_guid', 'processes_image_time']);
      // Imported before schema 10: the processes are kept, their parents' GUIDs were never stored.
      expect(db.prepare('SELECT COUNT(*) AS n, COUNT(parent_process_guid) AS guids FROM processes').get()).toEqual({ n: 31, guids: 0 });
      expect(db.prepare('SELECT file_creations FROM imports ORDER BY id').pluck().all()).toEqual([0, 0]);
      const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
      expect(plan("SELECT * FROM file_creations WHERE host = 'a' AND target_key = 'b' AND ts <= 1 ORDER BY ts DESC")).toContain('USING INDEX file_creations_target');
      expect(plan("SELECT * FROM processes WHERE host = 'a' AND process_guid = 'b'")).toContain('USING INDEX processes_guid');
      const before = db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name").pluck().all();
      const ten = caseMigrations.find((m) => m.version === 10);
      ten?.up(db);
      expect(db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name").pluck().all()).toEqual(before);
    });
    // The upgraded case takes a new import's file creations and parent GUIDs.
    const { files } = await engine.invoke('importFiles', { caseId: 'seven10', sources: [engine.files.source(fixtures.sysmonBitsadmin)] });
    expect(files[0]).toMatchObject({ status: 'imported', fileCreations: 6, processes: 2 });
    expect(withCaseDb(engine, 'seven10', (db) => db.prepare('SELECT COUNT(parent_process_guid) FROM processes').pluck().get())).toBe(2);
  });
});
