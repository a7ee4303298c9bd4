import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { caseMigrations, latestVersion } from '../../src/core/db/index.js';
import { refreshEdges } from '../../src/core/telemetry/edge-refresh.js';
import { MAX_HOST_CHARS, MAX_IMAGE_CHARS, MAX_NODE_ID_CHARS } from '../../src/shared/name-bounds.js';
import { EngineHarness, withCaseDb } from '../helpers/engine.js';
import { fileLines, fixtures } from '../helpers/fixtures.js';

const h = new EngineHarness();
afterEach(() => h.close());

/** The fixture's Sysmon network events (EID 3) as objects, to rewrite. */
function networkEvents(): Record<string, unknown>[] {
  return fileLines(fixtures.sysmonWevtutil)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((o) => o['EventID'] === 3);
}

describe('names that become graph nodes are bounded (found by the fuzz harness)', () => {
  it('quarantines a 1 MB host name naming the field, and every node of the graph opens, one at the longest id there can be', async () => {
    const [first, second, third] = networkEvents();
    const longest = { ...second, Hostname: 'h'.repeat(MAX_HOST_CHARS), Image: `C:\\${'x'.repeat(MAX_IMAGE_CHARS - 3)}` };
    const file = path.join(h.tmp.make(), 'sysmon.json');
    // The long one second: the format is told from the first 64 KB.
    fs.writeFileSync(file, [third, { ...first, Hostname: 'H'.repeat(1 << 20) }, longest].map((o) => JSON.stringify(o)).join('\n'));

    const engine = h.engine();
    const caseId = (await engine.invoke('createCase', { name: 'names' })).id;
    const { files } = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(file)] });
    expect(files[0]).toMatchObject({ status: 'imported', events: 2, quarantined: 1 });
    const { rows } = await engine.invoke('listQuarantine', { caseId });
    expect(rows.map((r) => [r.line, r.field])).toEqual([[2, 'host']]);
    expect(rows[0]?.reason).toMatch(/is not a host name: it has 1048576 characters, and host names have at most 255$/);

    const graph = await engine.invoke('getGraphView', { caseId });
    const ids = graph.nodes.map((n) => n.id);
    expect(Math.max(...ids.map((id) => id.length))).toBe(MAX_NODE_ID_CHARS);
    for (const nodeId of ids) expect((await engine.invoke('getEntityDetails', { caseId, nodeId })).node.id).toBe(nodeId);
  });

  it('sets aside such records a case held from an earlier version when it is opened (migration 7), with counts and edges brought in line', async () => {
    const [first, second] = networkEvents();
    const file = path.join(h.tmp.make(), 'sysmon.json');
    fs.writeFileSync(file, [first, second].map((o) => JSON.stringify(o)).join('\n'));
    const home = h.tmp.make('sightline-home-');
    const before = h.engine({ home });
    const caseId = (await before.invoke('createCase', { name: 'old names' })).id;
    await before.invoke('importFiles', { caseId, sources: [before.files.source(file)] });
    h.closeEngine(before);
    // What an earlier version stored from a hostile file: a 1 MB host on one event and its edge, at schema 6.
    const db = new Database(path.join(home, 'cases', `${caseId}.sqlite`));
    const long = 'H'.repeat(1 << 20);
    db.prepare('UPDATE events SET host = ? WHERE line = 1').run(long);
    // Its edge totals as that version summed them (the engine's own summing, over every edge).
    db.exec("CREATE TEMP TABLE every_edge AS SELECT DISTINCT host, COALESCE(image, '') AS image, dst_ip FROM events UNION SELECT host, image, dst_ip FROM edge_stats");
    refreshEdges(db, 'temp.every_edge');
    expect(db.prepare('SELECT COUNT(*) AS n FROM edge_stats WHERE host = ?').get(long)).toEqual({ n: 1 });
    // Schema 6 had no notes and tags (13 adds them, 15 reshapes them): a file of that version has none.
    db.exec('DROP TABLE notes_fts; DROP TABLE notes; DROP TABLE tags;');
    db.pragma('user_version = 6');
    db.close();

    const after = h.engine({ home });
    const { rows } = await after.invoke('listQuarantine', { caseId });
    expect(rows.map((r) => [r.line, r.field])).toEqual([[1, 'host']]);
    expect(rows[0]?.reason).toMatch(/^"H{57}\.\.\." is not a host name: it has 1048576 characters, and host names have at most 255 \(stored by an earlier version/);
    expect((await after.invoke('listImports', { caseId })).map((i) => [i.events, i.quarantined])).toEqual([[1, 1]]);
    const graph = await after.invoke('getGraphView', { caseId });
    expect(graph.nodes.every((n) => n.id.length < 1000)).toBe(true);
    for (const n of graph.nodes) expect((await after.invoke('getEntityDetails', { caseId, nodeId: n.id })).node.id).toBe(n.id);
    withCaseDb(after, caseId, (d) => {
      expect(d.prepare('SELECT COUNT(*) AS n FROM edge_stats WHERE length(host) > 255').get()).toEqual({ n: 0 });
      expect(d.pragma('user_version', { simple: true })).toBe(latestVersion(caseMigrations));
    });
  });
});
