import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { buildCli } from '../helpers/cli.js';
import { caseFile, countRows, EngineHarness, remoteError } from '../helpers/engine.js';
import { countZeekTsv, fixtures, repoRoot, resourcesDir } from '../helpers/fixtures.js';
import { writeZeekTsv } from '../helpers/zeek-gen.js';

const h = new EngineHarness();
afterEach(() => h.close());
// The job worker built from the same sources: deleting runs there and must close the serving thread's connection too.
beforeAll(() => buildCli(), 180_000);
const workerFile = () => pathToFileURL(path.join(repoRoot, 'dist', 'bundle', 'job-worker.js'));

const engines: [string, () => Engine][] = [
  ['on the serving thread', () => h.engine({ jobWorkerFile: undefined })],
  ['in the job worker', () => h.engine({ jobWorkerFile: workerFile() })],
];

describe.each(engines)('deleteCase %s', (_, makeEngine) => {
  it('removes the case file and its side files, unlists it, forgets it as the last case, and leaves another case as it was', async () => {
    const engine = makeEngine();
    const gone = (await engine.invoke('createCase', { name: 'Gone' })).id;
    const kept = (await engine.invoke('createCase', { name: 'Kept' })).id;
    for (const id of [gone, kept]) await engine.invoke('importFiles', { caseId: id, sources: [engine.files.source(fixtures.zeekTsv)] });
    // Both threads hold a connection to it: the serving thread's reads, the worker's graph.
    await engine.invoke('getGraphView', { caseId: gone });
    await engine.invoke('openCase', { caseId: gone });
    expect((await engine.invoke('getStartCase', {})).caseId).toBe(gone);

    expect(await engine.invoke('deleteCase', { caseId: gone })).toEqual({ deleted: true });

    const dir = engine.layout.casesDir;
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(`${gone}.sqlite`) && !f.endsWith('.lock'))).toEqual([]);
    expect((await engine.invoke('listCases', {})).map((c) => c.id)).toEqual([kept]);
    expect((await engine.invoke('getStartCase', {})).caseId).toBeNull();
    expect((await remoteError(engine.invoke('getGraphView', { caseId: gone }))).payload.code).toBe('NOT_FOUND');
    expect((await remoteError(engine.invoke('listImports', { caseId: gone }))).payload.code).toBe('NOT_FOUND');
    expect(countRows(engine, kept, 'events')).toBe(countZeekTsv(fixtures.zeekTsv).events);
    expect((await engine.invoke('openCase', { caseId: kept })).importCount).toBe(1);

    // The name is free again, and the new case starts empty (no answer of the old one kept for it).
    const again = await engine.invoke('createCase', { name: 'Gone' });
    expect(again).toMatchObject({ id: gone, eventCount: 0, importCount: 0 });
    expect((await engine.invoke('getGraphView', { caseId: gone })).nodes).toEqual([]);
    expect((await remoteError(engine.invoke('deleteCase', { caseId: 'no-such-case' }))).payload.code).toBe('NOT_FOUND');
  });

  it('waits for an import running into the case, which finishes whole, then deletes it', async () => {
    const engine = makeEngine();
    const id = (await engine.invoke('createCase', { name: 'Busy' })).id;
    const big = path.join(h.tmp.make('big-'), 'conn.log');
    writeZeekTsv(big, 30_000, 3);
    let started!: () => void;
    const importing = new Promise<void>((resolve) => (started = resolve));
    const order: string[] = [];
    const imported = engine
      .invoke('importFiles', { caseId: id, sources: [engine.files.source(big)] }, { jobId: 'import', onProgress: () => started() })
      .then((r) => (order.push('import'), r));
    await importing;
    const deleted = engine.invoke('deleteCase', { caseId: id }).then((r) => (order.push('delete'), r));
    expect((await imported).files[0]).toMatchObject({ status: 'imported', events: 30_000 });
    expect(await deleted).toEqual({ deleted: true });
    expect(order).toEqual(['import', 'delete']);
    expect(fs.existsSync(caseFile(engine, id))).toBe(false);
  });

  it('with ifEmpty leaves a case that holds an import, and removes one that holds none', async () => {
    const engine = makeEngine();
    const full = (await engine.invoke('createCase', { name: 'Full' })).id;
    await engine.invoke('importFiles', { caseId: full, sources: [engine.files.source(fixtures.zeekTsv)] });
    const empty = (await engine.invoke('createCase', { name: 'Empty' })).id;
    expect(await engine.invoke('deleteCase', { caseId: full, ifEmpty: true })).toEqual({ deleted: false });
    expect(await engine.invoke('deleteCase', { caseId: empty, ifEmpty: true })).toEqual({ deleted: true });
    expect((await engine.invoke('listCases', {})).map((c) => c.id)).toEqual([full]);
  });
});

describe('deleteCase of the demo case', () => {
  it('deletes it when asked, and the data home does not build it again', async () => {
    const engine = h.engine({ resourcesDir });
    const demo = (await engine.invoke('getStartCase', {})).caseId as string;
    expect(demo).not.toBeNull();
    expect(await engine.invoke('deleteCase', { caseId: demo })).toEqual({ deleted: true });
    expect(await engine.invoke('listCases', {})).toEqual([]);
    expect((await engine.invoke('getStartCase', {})).caseId).toBeNull();

    const home = engine.layout.root;
    h.closeEngine(engine);
    const later = h.engine({ home, resourcesDir });
    expect((await later.invoke('getAppInfo', {})).preparing).toBeNull();
    expect((await later.invoke('getStartCase', {})).caseId).toBeNull();
    expect(await later.invoke('listCases', {})).toEqual([]);
  });
});

describe('a case deleted by another process', () => {
  it('is no longer read or written through the connection this one had open; created again, it is the new one', async () => {
    const app = h.engine({ jobWorkerFile: undefined });
    const id = (await app.invoke('createCase', { name: 'Shared' })).id;
    await app.invoke('importFiles', { caseId: id, sources: [app.files.source(fixtures.zeekTsv)] });
    expect(await app.invoke('listImports', { caseId: id })).toHaveLength(1);

    // `sightline cases delete` in a terminal: another engine on the same data home.
    const terminal = h.engine({ home: app.layout.root, jobWorkerFile: undefined });
    expect(await terminal.invoke('deleteCase', { caseId: id })).toEqual({ deleted: true });

    expect((await remoteError(app.invoke('listImports', { caseId: id }))).payload.code).toBe('NOT_FOUND');
    const note = app.invoke('addNote', { caseId: id, target: { kind: 'node', nodeId: 'host:x' }, body: 'lost?' });
    expect((await remoteError(note)).payload.code).toBe('NOT_FOUND');

    await terminal.invoke('createCase', { name: 'Shared' });
    expect(await app.invoke('listImports', { caseId: id })).toEqual([]);
    expect((await app.invoke('listNotes', { caseId: id })).total).toBe(0);
  });
});
