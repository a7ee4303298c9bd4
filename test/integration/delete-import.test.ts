import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { EngineHarness, withCaseDb } from '../helpers/engine.js';
import { resourcesDir } from '../helpers/fixtures.js';
import { viewEdges } from '../helpers/view-edges.js';
import { writeZeekTsv } from '../helpers/zeek-gen.js';

const h = new EngineHarness();
afterEach(() => h.close());

const zeek = path.join(resourcesDir, 'demo', 'zeek-conn.log');
const sysmon = path.join(resourcesDir, 'demo', 'sysmon-lsass.json');

async function caseOf(engine: Engine, name: string, files: string[]): Promise<string> {
  const caseId = (await engine.invoke('createCase', { name })).id;
  if (files.length > 0) await engine.invoke('importFiles', { caseId, sources: files.map((p) => engine.files.source(p)) });
  return caseId;
}

/** The graph, every destination on its own, as comparable rows. */
async function graphRows(engine: Engine, caseId: string): Promise<string[]> {
  const g = await engine.invoke('getGraphView', { caseId, grouping: { destinations: 'none' }, maxDestinations: 20_000 });
  return [...g.nodes.map((n) => `${n.id} ${n.events}`), ...viewEdges(g).map((e) => `${e.id} ${e.events} ${e.bytesOut} ${e.bytesIn} ${e.ports}`)].sort();
}

describe('removing an import', () => {
  it('takes a joined Sysmon import out again: the case is the Zeek-only case, names and joins undone', async () => {
    const engine = h.engine();
    const zeekOnly = await caseOf(engine, 'zeek only', [zeek]);
    const both = await caseOf(engine, 'both', [zeek, sysmon]);
    const sysmonImport = (await engine.invoke('listImports', { caseId: both })).find((i) => i.format === 'sysmon-json');
    expect(await engine.invoke('deleteImport', { caseId: both, importId: sysmonImport?.id ?? 0 })).toEqual({ deleted: true, events: 140 });
    expect(await graphRows(engine, both)).toEqual(await graphRows(engine, zeekOnly));
    expect((await engine.invoke('listImports', { caseId: both })).map((i) => i.format)).toEqual(['zeek-conn-tsv']);
    withCaseDb(engine, both, (db) => {
      expect(db.prepare('SELECT COUNT(*) AS n FROM events WHERE peer_id IS NOT NULL').get()).toEqual({ n: 0 });
      for (const table of ['processes', 'dns_answers']) expect(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    });
  });

  it('takes the Zeek import out: Sysmon events lose the bytes they had from it, the case is the Sysmon-only case', async () => {
    const engine = h.engine();
    const sysmonOnly = await caseOf(engine, 'sysmon only', [sysmon]);
    const both = await caseOf(engine, 'both', [zeek, sysmon]);
    const zeekImport = (await engine.invoke('listImports', { caseId: both })).find((i) => i.format === 'zeek-conn-tsv');
    expect(await engine.invoke('deleteImport', { caseId: both, importId: zeekImport?.id ?? 0 })).toEqual({ deleted: true, events: 112 });
    expect(await graphRows(engine, both)).toEqual(await graphRows(engine, sysmonOnly));
    withCaseDb(engine, both, (db) => expect(db.prepare('SELECT COUNT(*) AS n FROM events WHERE bytes_out IS NOT NULL OR peer_id IS NOT NULL').get()).toEqual({ n: 0 }));
    // And back in: joined as before.
    const again = await engine.invoke('importFiles', { caseId: both, sources: [engine.files.source(zeek)] });
    expect(again.join).toMatchObject({ endpointMatched: 105, newlyMatched: 105 });
  });

  it('cancelling a job also removes the files it had finished, so the case is as it was', async () => {
    const engine = h.engine();
    const caseId = await caseOf(engine, 'cancel', [sysmon]);
    const before = await graphRows(engine, caseId);
    const big = path.join(h.tmp.make(), 'big-conn.log');
    writeZeekTsv(big, 200_000, 7);
    const jobId = 'cancel-the-job';
    const { files } = await engine.invoke(
      'importFiles',
      { caseId, sources: [zeek, big].map((p) => engine.files.source(p)) },
      {
        jobId,
        onProgress: (p) => {
          if ((p as { fileIndex: number }).fileIndex === 1) engine.jobs.cancel(jobId);
        },
      },
    );
    expect(files.map((f) => f.status)).toEqual(['cancelled', 'cancelled']);
    expect(files[0]?.error).toMatch(/removed again/);
    expect((await engine.invoke('listImports', { caseId })).map((i) => i.format)).toEqual(['sysmon-json']);
    expect(await graphRows(engine, caseId)).toEqual(before);
  });

  it('says so when there is no such import', async () => {
    const engine = h.engine();
    const caseId = await caseOf(engine, 'none', []);
    expect(await engine.invoke('deleteImport', { caseId, importId: 7 })).toEqual({ deleted: false, events: 0 });
  });
});
