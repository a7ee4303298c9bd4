import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseMigrations, latestVersion } from '../../src/core/db/index.js';
import type { Engine } from '../../src/core/engine.js';
import { allNotes, notesFor, reportNotes, targetKey } from '../../src/core/notes/index.js';
import { hostId, processId } from '../../src/core/graph/node-id.js';
import { createNotesTables } from '../../src/core/notes/notes-schema.js';
import type { Finding } from '../../src/shared/analysis-types.js';
import type { NoteTarget } from '../../src/shared/notes-types.js';
import { caseFile, EngineHarness, remoteError, withCaseDb } from '../helpers/engine.js';
import { fixtures } from '../helpers/fixtures.js';
import { analysedWeek } from '../helpers/week-case.js';

const h = new EngineHarness();
afterAll(() => h.close());

const HOSTILE = '# Seen <script>alert(1)</script>\n<img src=x onerror=alert(1)> [click](javascript:alert(1)) <iframe src="https://evil.example">\nhost invoice\u202Egpj.exe';

let engine: Engine;
let caseId: string;
let top: Finding;
let findingTarget: NoteTarget;
let dstTarget: NoteTarget;

beforeAll(async () => {
  ({ engine, caseId } = await analysedWeek(h, 'notes week'));
  const list = await engine.invoke('listFindings', { caseId, limit: 1 });
  top = list.findings[0] as Finding;
  findingTarget = { kind: 'finding', host: top.host, process: top.process, dst: top.dst, dport: top.dport };
  dstTarget = { kind: 'node', nodeId: `ip:${top.dst}` };
});

describe('notes and tags', () => {
  it('adds, edits, lists and deletes notes, keeping the text as written and the creation time', async () => {
    const a = await engine.invoke('addNote', { caseId, target: dstTarget, body: HOSTILE });
    expect(a).toMatchObject({ target: dstTarget, body: HOSTILE });
    expect(a.createdAt).toBe(a.updatedAt);
    const b = await engine.invoke('addNote', { caseId, target: findingTarget, body: 'Beaconing every **60 s**; asked the owner of the host.' });
    await new Promise((r) => setTimeout(r, 5));
    const edited = await engine.invoke('updateNote', { caseId, id: b.id, body: 'Beaconing every **60 s**; the owner says it is not theirs.' });
    expect(edited).toMatchObject({ id: b.id, createdAt: b.createdAt, target: findingTarget });
    expect(edited.updatedAt > b.updatedAt).toBe(true);
    // The same text again is no edit.
    expect((await engine.invoke('updateNote', { caseId, id: b.id, body: edited.body })).updatedAt).toBe(edited.updatedAt);

    expect(await engine.invoke('listNotes', { caseId, target: dstTarget })).toEqual({ notes: [a], tags: [], total: 1 });
    expect((await engine.invoke('listNotes', { caseId })).notes.map((n) => n.id)).toEqual([b.id, a.id]);
    const temp = await engine.invoke('addNote', { caseId, target: dstTarget, body: 'to delete' });
    expect(await engine.invoke('deleteNote', { caseId, id: temp.id })).toEqual({ deleted: temp.id });
    expect((await engine.invoke('listNotes', { caseId, target: dstTarget })).notes).toEqual([a]);
  });

  it('replaces a target\'s tags, one per tag whatever the letter case, and counts them over the case', async () => {
    expect(await engine.invoke('setTags', { caseId, target: dstTarget, tags: ['C2', 'beacon', 'c2 '] })).toEqual({ target: dstTarget, tags: ['C2', 'beacon'] });
    expect(await engine.invoke('setTags', { caseId, target: findingTarget, tags: ['Beacon', 'confirmed'] })).toEqual({ target: findingTarget, tags: ['Beacon', 'confirmed'] });
    expect(await engine.invoke('setTags', { caseId, target: { kind: 'node', nodeId: `host:${top.host}` }, tags: ['temp'] })).toMatchObject({ tags: ['temp'] });
    expect(await engine.invoke('setTags', { caseId, target: { kind: 'node', nodeId: `host:${top.host}` }, tags: [] })).toMatchObject({ tags: [] });
    expect(await engine.invoke('listTags', { caseId })).toEqual([
      { tag: 'Beacon', targets: 2 },
      { tag: 'C2', targets: 1 },
      { tag: 'confirmed', targets: 1 },
    ]);
    // Keeping a tag keeps its spelling; a new one is added after it.
    expect((await engine.invoke('setTags', { caseId, target: dstTarget, tags: ['BEACON', 'c2', 'exfil'] })).tags).toEqual(['C2', 'beacon', 'exfil']);
  });

  it('finds notes by their words (prefixes, any letter case, hostile syntax as plain words) and targets by tag', async () => {
    const words = await engine.invoke('listNotes', { caseId, search: 'OWNER beacon' });
    expect(words.notes.map((n) => n.target)).toEqual([findingTarget]);
    expect((await engine.invoke('listNotes', { caseId, search: 'scri' })).notes.map((n) => n.target)).toEqual([dstTarget]);
    expect((await engine.invoke('listNotes', { caseId, search: '"unbalanced NEAR( * OR' })).notes).toEqual([]);
    expect((await engine.invoke('listNotes', { caseId, search: '<iframe' })).total).toBe(1);
    // Punctuation only: matched as a substring of the text.
    expect((await engine.invoke('listNotes', { caseId, search: '**' })).total).toBe(1);
    const byTag = await engine.invoke('listNotes', { caseId, search: 'exf' });
    expect(byTag.notes).toEqual([]);
    expect(byTag.tags).toEqual([{ target: dstTarget, tags: ['C2', 'beacon', 'exfil'] }]);
    // A search within one target.
    expect((await engine.invoke('listNotes', { caseId, target: dstTarget, search: 'owner' })).total).toBe(0);
  });

  it('each finding carries the count of notes and the tags on it and on its destination', async () => {
    const { findings } = await engine.invoke('listFindings', { caseId, limit: 500 });
    const same = findings.find((f) => f.id === top.id);
    expect(same?.notes).toEqual({ notes: 2, tags: ['Beacon', 'confirmed', 'C2', 'exfil'] });
    const other = findings.find((f) => f.dst !== top.dst);
    expect(other?.notes).toEqual({ notes: 0, tags: [] });
    // The details panel's findings of a node carry them too.
    const ofNode = await engine.invoke('listFindings', { caseId, nodeId: `ip:${top.dst}` });
    expect(ofNode.findings.find((f) => f.id === top.id)?.notes?.notes).toBe(2);
  });

  it('a search of the findings also finds them by the words of their notes and by their tags', async () => {
    const ids = async (search: string) => (await engine.invoke('listFindings', { caseId, search, limit: 500 })).findings.map((f) => f.id);
    const onDst = (await engine.invoke('listFindings', { caseId, dst: top.dst, limit: 500 })).findings.map((f) => f.id);
    // "theirs" is only in the finding's note; "exfil" only a tag of its destination.
    expect(await ids('THEIRS')).toEqual([top.id]);
    expect((await ids('exfil')).sort()).toEqual([...onDst].sort());
    expect(await ids('no-such-word-anywhere')).toEqual([]);
    // Still by its own host, process and destination.
    expect(await ids(top.dst)).toEqual(expect.arrayContaining(onDst));
    const total = (await engine.invoke('listFindings', { caseId, search: 'exfil', limit: 1 })).total;
    expect(total).toBe(onDst.length);
    // By a note on its process's node and a tag on its host's, the nodes named as the graph names them.
    if (top.process === null) throw new Error('the top finding has a process');
    const onProcess = (await engine.invoke('listFindings', { caseId, host: top.host, process: top.process, limit: 500 })).findings.map((f) => f.id);
    const onHost = (await engine.invoke('listFindings', { caseId, host: top.host, limit: 500 })).findings.map((f) => f.id);
    const note = await engine.invoke('addNote', { caseId, target: { kind: 'node', nodeId: processId(top.host, top.process) }, body: 'quetzal sighting' });
    await engine.invoke('setTags', { caseId, target: { kind: 'node', nodeId: hostId(top.host) }, tags: ['axolotl'] });
    try {
      expect((await ids('quetzal')).sort()).toEqual([...onProcess].sort());
      expect((await ids('axolotl')).sort()).toEqual([...onHost].sort());
    } finally {
      await engine.invoke('deleteNote', { caseId, id: note.id });
      await engine.invoke('setTags', { caseId, target: { kind: 'node', nodeId: hostId(top.host) }, tags: [] });
    }
  });

  it('leaves the analysis current: a note or a tag changes no score, so it does not make the findings stale', async () => {
    const before = withCaseDb(engine, caseId, (db) => db.prepare("SELECT value FROM meta WHERE key = 'revision'").pluck().get());
    const n = await engine.invoke('addNote', { caseId, target: dstTarget, body: 'no rerun' });
    await engine.invoke('updateNote', { caseId, id: n.id, body: 'no rerun, edited' });
    await engine.invoke('setTags', { caseId, target: findingTarget, tags: ['Beacon', 'confirmed', 'x'] });
    await engine.invoke('setTags', { caseId, target: findingTarget, tags: ['Beacon', 'confirmed'] });
    await engine.invoke('deleteNote', { caseId, id: n.id });
    expect(withCaseDb(engine, caseId, (db) => db.prepare("SELECT value FROM meta WHERE key = 'revision'").pluck().get())).toBe(before);
    expect((await engine.invoke('listFindings', { caseId, limit: 1 })).run?.stale).toBe(false);
  });

  it('refuses bad input with the field named and stores nothing', async () => {
    const count = () => withCaseDb(engine, caseId, (db) => db.prepare('SELECT (SELECT COUNT(*) FROM notes) || \'/\' || (SELECT COUNT(*) FROM tags)').pluck().get());
    const before = count();
    const cases: [Promise<unknown>, { code: string; field: string }, RegExp][] = [
      [engine.invoke('addNote', { caseId, target: dstTarget, body: 'x'.repeat(20_001) }), { code: 'INVALID_INPUT', field: 'body' }, /at most 20000 characters/],
      [engine.invoke('addNote', { caseId, target: dstTarget, body: ' \n\t ' }), { code: 'INVALID_INPUT', field: 'body' }, /not empty/],
      [engine.invoke('addNote', { caseId, target: { kind: 'node', nodeId: 'group:dst:asn:15169' }, body: 'x' }), { code: 'INVALID_INPUT', field: 'target.nodeId' }, /not a host, process or destination node id/],
      [engine.invoke('updateNote', { caseId, id: 424242, body: 'x' }), { code: 'NOT_FOUND', field: 'id' }, /no note 424242/],
      [engine.invoke('deleteNote', { caseId, id: 424242 }), { code: 'NOT_FOUND', field: 'id' }, /no note 424242/],
      [engine.invoke('setTags', { caseId, target: dstTarget, tags: ['ok', 'evil\u202Etxt'] }), { code: 'INVALID_INPUT', field: 'tags.1' }, /RIGHT-TO-LEFT OVERRIDE/],
      [engine.invoke('setTags', { caseId, target: dstTarget, tags: ['tab\there'] }), { code: 'INVALID_INPUT', field: 'tags.0' }, /control or invisible/],
      [engine.invoke('setTags', { caseId, target: dstTarget, tags: ['x'.repeat(65)] }), { code: 'INVALID_INPUT', field: 'tags.0' }, /at most 64 characters/],
      [engine.invoke('listNotes', { caseId: 'no-such-case' }), { code: 'NOT_FOUND', field: 'caseId' }, /./],
    ];
    for (const [call, payload, message] of cases) {
      const err = await remoteError(call);
      expect(err.payload).toMatchObject(payload);
      expect(err.message).toMatch(message);
    }
    expect(count()).toBe(before);
    expect((await engine.invoke('listNotes', { caseId, target: dstTarget })).tags[0]?.tags).toEqual(['C2', 'beacon', 'exfil']);
  });

  it('travels with the case file: a copy taken while Sightline runs, opened in another data home, has every note and tag', async () => {
    const other = h.engine({ home: h.tmp.make('other-machine-') });
    fs.mkdirSync(other.layout.casesDir, { recursive: true });
    // The .sqlite file alone, as a user copies it (no -wal beside it).
    fs.copyFileSync(caseFile(engine, caseId), path.join(other.layout.casesDir, 'carried.sqlite'));
    const here = await engine.invoke('listNotes', { caseId });
    const there = await other.invoke('listNotes', { caseId: 'carried' });
    expect(there).toEqual(here);
    expect(there.notes.map((n) => n.body)).toContain(HOSTILE);
    expect(await other.invoke('listTags', { caseId: 'carried' })).toEqual(await engine.invoke('listTags', { caseId }));
    // What reports read.
    withCaseDb(other, 'carried', (db) => {
      expect(notesFor(db, findingTarget)).toEqual({ notes: [expect.objectContaining({ body: expect.stringContaining('not theirs') })], tags: ['Beacon', 'confirmed'] });
      expect(allNotes(db).map((n) => n.body)).toEqual([HOSTILE, 'Beaconing every **60 s**; the owner says it is not theirs.']);
      // A report's finding: its own notes and its destination's, newest first; the tags of both, once each.
      expect(reportNotes(db).aboutFinding(top)).toMatchObject({ notes: [{ target: findingTarget }, { target: dstTarget, body: HOSTILE }], tags: ['Beacon', 'confirmed', 'C2', 'exfil'] });
    });
  });
});

describe("the engine's clock", () => {
  it('dates notes by it: the one clock engine-core gives the handlers', async () => {
    const at = Date.parse('2031-02-03T04:05:06.007Z');
    const e = h.engine({ clock: { now: () => at, sleep: async () => undefined } });
    const id = (await e.invoke('createCase', { name: 'Clocked' })).id;
    const note = await e.invoke('addNote', { caseId: id, target: { kind: 'node', nodeId: 'ip:203.0.113.9' }, body: 'dated' });
    expect([note.createdAt, note.updatedAt]).toEqual(['2031-02-03T04:05:06.007Z', '2031-02-03T04:05:06.007Z']);
  });
});

describe('schema 13 on older case files', () => {
  it('a schema-1 case file gains notes and tags when opened', async () => {
    const e = h.engine();
    fs.mkdirSync(e.layout.casesDir, { recursive: true });
    fs.copyFileSync(fixtures.caseV1, path.join(e.layout.casesDir, 'legacy.sqlite'));
    const note = await e.invoke('addNote', { caseId: 'legacy', target: { kind: 'node', nodeId: 'ip:198.51.100.7' }, body: 'old case, new note' });
    expect((await e.invoke('listNotes', { caseId: 'legacy', search: 'note' })).notes).toEqual([note]);
    expect(latestVersion(caseMigrations)).toBeGreaterThanOrEqual(13);
  });

  it('a schema-12 case with connections and findings keeps them and gains notes, searchable', async () => {
    const e = h.engine();
    const id = (await e.invoke('createCase', { name: 'Wound back' })).id;
    await e.invoke('importFiles', { caseId: id, sources: [e.files.source(fixtures.zeekTsv)] });
    await e.invoke('analyzeCase', { caseId: id });
    const findings = (await e.invoke('listFindings', { caseId: id })).total;
    h.closeEngine(e);
    // Back to schema 12 as the release before this one wrote it.
    const db = new Database(path.join(e.layout.casesDir, `${id}.sqlite`));
    db.exec('DROP TABLE notes_fts; DROP TABLE notes; DROP TABLE tags; PRAGMA user_version = 12;');
    db.close();
    const again = h.engine({ home: e.layout.root });
    await again.invoke('addNote', { caseId: id, target: { kind: 'node', nodeId: 'host:10.0.0.1' }, body: 'Migrated fine' });
    expect((await again.invoke('listNotes', { caseId: id, search: 'migrat' })).total).toBe(1);
    expect((await again.invoke('listFindings', { caseId: id })).total).toBe(findings);
    expect((await again.invoke('listFindings', { caseId: id, limit: 1 })).run?.stale).toBe(false);
  });

  it('a schema-14 case keeps every note and tag, searchable, when migration 15 drops the target in parts', async () => {
    const e = h.engine();
    const id = (await e.invoke('createCase', { name: 'Parts' })).id;
    h.closeEngine(e);
    // The notes and tags as schema 14 held them: migration 13's tables, the target also in parts.
    const file = path.join(e.layout.casesDir, `${id}.sqlite`);
    const db = new Database(file);
    db.exec('DROP TABLE notes_fts; DROP TABLE notes; DROP TABLE tags;');
    createNotesTables(db);
    const finding = { kind: 'finding' as const, host: 'WS09-\u202Eexe.txt', process: "=cmd|' /C calc'!A0", dst: '91.92.109.33', dport: null };
    const node = { kind: 'node' as const, nodeId: 'ip:91.92.109.33' };
    const insertNote = db.prepare('INSERT INTO notes (id, target, kind, node_id, host, image, dst_ip, dst_port, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    insertNote.run(7, targetKey(finding), 'finding', null, finding.host, finding.process, finding.dst, -1, HOSTILE, '2026-11-20T10:00:00.000Z', '2026-11-21T10:00:00.000Z');
    insertNote.run(9, targetKey(node), 'node', node.nodeId, null, null, null, null, 'Panel seen in **three** feeds', '2026-11-22T10:00:00.000Z', '2026-11-22T10:00:00.000Z');
    db.prepare('INSERT INTO tags (target, kind, node_id, host, image, dst_ip, dst_port, tag, tag_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(targetKey(finding), 'finding', null, finding.host, finding.process, finding.dst, -1, 'C2', 'c2', '2026-11-20T10:00:00.000Z');
    db.pragma('user_version = 14');
    db.close();

    const again = h.engine({ home: e.layout.root });
    const listed = await again.invoke('listNotes', { caseId: id });
    expect(listed.notes.map((n) => [n.id, n.target, n.body, n.createdAt, n.updatedAt])).toEqual([
      [9, node, 'Panel seen in **three** feeds', '2026-11-22T10:00:00.000Z', '2026-11-22T10:00:00.000Z'],
      [7, finding, HOSTILE, '2026-11-20T10:00:00.000Z', '2026-11-21T10:00:00.000Z'],
    ]);
    expect(listed.tags).toEqual([{ target: finding, tags: ['C2'] }]);
    // The word index still points at the same rows.
    expect((await again.invoke('listNotes', { caseId: id, search: 'three' })).notes.map((n) => n.id)).toEqual([9]);
    await again.invoke('updateNote', { caseId: id, id: 7, body: 'rewritten after the move' });
    expect((await again.invoke('listNotes', { caseId: id, search: 'rewritten' })).notes.map((n) => n.id)).toEqual([7]);
    await again.invoke('setTags', { caseId: id, target: finding, tags: ['c2', 'exfil'] });
    expect((await again.invoke('listNotes', { caseId: id, target: finding })).tags).toEqual([{ target: finding, tags: ['C2', 'exfil'] }]);
    withCaseDb(again, id, (read) => {
      expect(read.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(15);
      for (const table of ['notes', 'tags']) expect((read.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name)).not.toContain('dst_ip');
      expect(read.prepare("SELECT name FROM sqlite_master WHERE name = 'notes_finding'").get()).toBeUndefined();
    });
  });
});
