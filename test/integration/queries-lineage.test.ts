import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionLineage, listImageHashes, processLineage } from '../../src/core/analysis/queries/index.js';
import { caseMigrations, openDatabase } from '../../src/core/db/index.js';
import { deleteImport } from '../../src/core/telemetry/delete-import.js';
import { importFile } from '../../src/core/telemetry/import-file.js';
import { fixtures } from '../helpers/fixtures.js';
import { sysmonLines } from '../helpers/sysmon-lines.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const tmp = new TempDirs();
const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  tmp.cleanup();
});

function freshCase(): Database.Database {
  const db = openDatabase(path.join(tmp.make('sightline-lineage-'), 'case.sqlite'), caseMigrations, 'lineage case');
  open.push(db);
  return db;
}

const eventId = (db: Database.Database, where: string, ...params: unknown[]) =>
  (db.prepare(`SELECT id FROM events WHERE ${where} ORDER BY ts LIMIT 1`).get(...params) as { id: number } | undefined)?.id ?? -1;

describe('lineage on the real OTRF bitsadmin export (Sysmon events 1, 3 and 11)', () => {
  it('joins the BITS service\'s connection to its process creation by ProcessGuid and says who started it', async () => {
    const db = freshCase();
    const result = await importFile(db, fixtures.sysmonBitsadmin);
    expect(result).toMatchObject({ status: 'imported', events: 8, processes: 2, fileCreations: 6 });
    // Event 3 writes C:\windows\System32\svchost.exe, event 1 C:\Windows\System32\svchost.exe: the GUID joins them.
    const id = eventId(db, 'dst_ip = ?', '151.101.208.133');
    const lineage = connectionLineage(db, id);
    expect(lineage).toMatchObject({
      joinedBy: 'guid',
      image: 'C:\\Windows\\System32\\svchost.exe',
      parents: [],
      parentsCut: false,
      fileWrite: null,
      sentence: 'svchost.exe was started by services.exe at 06:36',
      judgements: [],
    });
    expect(lineage?.process).toMatchObject({
      processGuid: '{39e4a257-79fb-5f92-7217-000000000700}',
      commandLine: 'C:\\windows\\System32\\svchost.exe -k netsvcs -p -s BITS',
      integrityLevel: 'System',
      parentProcessGuid: '{39e4a257-f131-5f8b-0b00-000000000700}',
      hashes: {
        hashes: [
          { type: 'sha1', value: '75c5a97f521f760e32a4a9639a653eed862e9c61' },
          { type: 'md5', value: '9520a99e77d6196d0d09833146424113' },
          { type: 'sha256', value: 'dd191a5b23df92e12a8852291f9fb5ed594b76a28a5a464418442584afd1e048' },
          { type: 'imphash', value: '247b9220e5d9b720a82b2c8b5069ad69' },
        ],
        unreadable: [],
      },
    });
    // System's connections (pid 4) have no process creation and no file write: nothing to tell.
    expect(connectionLineage(db, eventId(db, 'image = ?', 'System'))).toBeNull();
    expect(listImageHashes(db).map((h) => `${h.image} ${h.type}`)).toEqual([
      'C:\\Windows\\System32\\bitsadmin.exe sha1',
      'C:\\Windows\\System32\\bitsadmin.exe md5',
      'C:\\Windows\\System32\\bitsadmin.exe sha256',
      'C:\\Windows\\System32\\bitsadmin.exe imphash',
      'C:\\Windows\\System32\\svchost.exe sha1',
      'C:\\Windows\\System32\\svchost.exe md5',
      'C:\\Windows\\System32\\svchost.exe sha256',
      'C:\\Windows\\System32\\svchost.exe imphash',
    ]);
  });

  it('removes the file creations with their import', async () => {
    const db = freshCase();
    const { importId } = await importFile(db, fixtures.sysmonBitsadmin);
    expect(db.prepare('SELECT file_creations FROM imports').pluck().get()).toBe(6);
    deleteImport(db, importId as number);
    expect(db.prepare('SELECT COUNT(*) FROM file_creations').pluck().get()).toBe(0);
  });
});

const HOST = 'WS06';
const { start, write, connect } = sysmonLines(HOST, '2026-11-18');

const USERINIT = 'C:\\Windows\\System32\\userinit.exe';
const EXPLORER = 'C:\\Windows\\explorer.exe';
const WORD = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE';
const DROPPED = 'C:\\Users\\ann\\AppData\\Roaming\\Microsoft\\Windows\\svch0st.exe';
const HASHES = 'MD5=0123456789ABCDEF0123456789ABCDEF,SHA256=ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789,IMPHASH=nothex';

async function plantedCase(lines: string[]): Promise<Database.Database> {
  const db = freshCase();
  const file = tmp.file('sysmon.json', `${lines.join('\n')}\n`);
  expect(await importFile(db, file)).toMatchObject({ status: 'imported', quarantined: 0 });
  return db;
}

describe('lineage rules', () => {
  const chain = [
    start('08:02:00.000', '{G0}', USERINIT, '{GW}', 'C:\\Windows\\System32\\winlogon.exe'),
    start('08:02:05.000', '{G1}', EXPLORER, '{G0}', USERINIT),
    start('09:10:00.000', '{G2}', WORD, '{G1}', EXPLORER),
    // Written in upper case: Windows paths match without regard to case.
    write('09:14:07.000', '{G2}', WORD, DROPPED.toUpperCase()),
    start('09:16:30.000', '{G3}', DROPPED, '{G1}', EXPLORER, { Hashes: HASHES }),
    // A later write and a later start of the same path must not be taken for the ones before.
    write('09:40:00.000', '{G1}', EXPLORER, DROPPED),
    start('10:00:00.000', '{G4}', DROPPED, '{G1}', EXPLORER),
    connect('09:20:00.000', '{G3}', DROPPED),
    connect('09:25:00.000', null, DROPPED.toLowerCase()),
  ];

  it('joins by GUID: the image, its parents as far as the case has them, and who wrote its file before it started', async () => {
    const db = await plantedCase(chain);
    const lineage = connectionLineage(db, eventId(db, "ts = ?", Date.UTC(2026, 10, 18, 9, 20)));
    expect(lineage?.joinedBy).toBe('guid');
    expect(lineage?.sentence).toBe('svch0st.exe was written by WINWORD.EXE at 09:14 and started by explorer.exe at 09:16, itself started by userinit.exe, itself started by winlogon.exe');
    expect(lineage?.process).toMatchObject({ processGuid: '{G3}', ts: Date.UTC(2026, 10, 18, 9, 16, 30) });
    expect(lineage?.parents.map((p) => p.processGuid)).toEqual(['{G1}', '{G0}']);
    expect(lineage?.fileWrite).toMatchObject({ image: WORD, processGuid: '{G2}', ts: Date.UTC(2026, 10, 18, 9, 14, 7), targetFilename: DROPPED.toUpperCase(), writer: { processGuid: '{G2}', parentImage: EXPLORER } });
    expect(lineage?.process?.hashes).toEqual({
      hashes: [
        { type: 'md5', value: '0123456789abcdef0123456789abcdef' },
        { type: 'sha256', value: 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789' },
      ],
      unreadable: ['IMPHASH=nothex'],
    });
    expect(lineage?.judgements.map((j) => j.kind)).toEqual(expect.arrayContaining(['lookalike-name', 'user-writable-folder']));
  });

  it('falls back to host and image (the latest start before the connection) when the connection has no GUID, and says so', async () => {
    const db = await plantedCase(chain);
    const lineage = connectionLineage(db, eventId(db, 'ts = ?', Date.UTC(2026, 10, 18, 9, 25)));
    expect(lineage).toMatchObject({ joinedBy: 'image', process: { processGuid: '{G3}' }, fileWrite: { image: WORD } });
    // Asked about a time before any start, the first start after it is taken.
    expect(processLineage(db, { host: HOST, image: DROPPED, at: Date.UTC(2026, 10, 18, 9, 0) })?.process?.processGuid).toBe('{G3}');
    // The second start (10:00) was written by explorer at 09:40.
    expect(processLineage(db, { host: HOST, processGuid: '{G4}' })?.sentence).toBe('svch0st.exe was written by explorer.exe at 09:40 and started by explorer.exe at 10:00, itself started by userinit.exe, itself started by winlogon.exe');
    // A GUID the case lacks falls back to the image.
    expect(processLineage(db, { host: HOST, processGuid: '{nope}', image: DROPPED, at: Date.UTC(2026, 10, 18, 9, 30) })).toMatchObject({ joinedBy: 'image', process: { processGuid: '{G3}' } });
  });

  it('tells who wrote a program the case has no process creation of, and nothing about one it knows nothing of', async () => {
    const db = await plantedCase([write('09:14:07.000', '{G2}', WORD, 'C:\\Users\\ann\\Downloads\\tool.exe'), connect('09:20:00.000', '{G9}', 'C:\\Users\\ann\\Downloads\\tool.exe')]);
    const lineage = connectionLineage(db, eventId(db, '1'));
    expect(lineage).toMatchObject({ joinedBy: 'image', process: null, parents: [], sentence: 'tool.exe was written by WINWORD.EXE at 09:14' });
    expect(lineage?.judgements.map((j) => j.kind)).toContain('user-writable-folder');
    expect(processLineage(db, { host: HOST, image: 'C:\\elsewhere.exe' })).toBeNull();
    expect(processLineage(db, { host: 'OTHER', image: 'C:\\Users\\ann\\Downloads\\tool.exe' })).toBeNull();
  });

  it('stops at a loop of parent GUIDs (hostile data) and at maxParents', async () => {
    const db = await plantedCase([start('09:00:00.000', '{A}', 'C:\\a.exe', '{B}', 'C:\\b.exe'), start('09:00:01.000', '{B}', 'C:\\b.exe', '{A}', 'C:\\a.exe')]);
    const looped = processLineage(db, { host: HOST, processGuid: '{A}' });
    expect(looped).toMatchObject({ parentsCut: true });
    expect(looped?.parents.map((p) => p.processGuid)).toEqual(['{B}']);
    const short = processLineage(db, { host: HOST, processGuid: '{A}' }, { lineage: { maxParents: 0 } });
    expect(short).toMatchObject({ parents: [], parentsCut: true });
  });

  it('keeps hostile names as text and marks hidden characters in the sentence', async () => {
    const rlo = 'C:\\Users\\ann\\Downloads\\invoice\u202Efdp.exe';
    const db = await plantedCase([write('09:14:07.000', '{G2}', '<img src=x onerror=alert(1)>.exe', rlo), start('09:16:00.000', '{G3}', rlo, '{G1}', EXPLORER)]);
    const lineage = processLineage(db, { host: HOST, processGuid: '{G3}' });
    expect(lineage?.process?.image).toBe(rlo);
    expect(lineage?.sentence).toBe('invoice⟨U+202E⟩fdp.exe was written by <img src=x onerror=alert(1)>.exe at 09:14 and started by explorer.exe at 09:16');
  });
});
