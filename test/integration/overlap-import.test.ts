import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness, withCaseDb } from '../helpers/engine.js';
import type { GraphView } from '../../src/shared/graph-view-types.js';
import { countZeekTsv, fileLines, fixtures } from '../helpers/fixtures.js';
import { viewEdges } from '../helpers/view-edges.js';

const h = new EngineHarness();
afterEach(() => h.close());

describe('exports that overlap in time', () => {
  it('stores each Zeek connection once when two exports share rows, and keeps the graph totals right', async () => {
    const lines = fileLines(fixtures.zeekTsv);
    const header = lines.filter((l) => l.startsWith('#') && !l.startsWith('#close'));
    const rows = lines.filter((l) => !l.startsWith('#') && l !== '');
    const dir = h.tmp.make();
    // Two hourly exports that share the middle third.
    const a = path.join(dir, 'conn-a.log');
    const b = path.join(dir, 'conn-b.log');
    const cutA = Math.round((rows.length * 2) / 3);
    const cutB = Math.round(rows.length / 3);
    fs.writeFileSync(a, [...header, ...rows.slice(0, cutA)].join('\n'));
    fs.writeFileSync(b, [...header, ...rows.slice(cutB)].join('\n'));

    const engine = h.engine();
    const caseId = (await engine.invoke('createCase', { name: 'overlap' })).id;
    const { files } = await engine.invoke('importFiles', { caseId, sources: [a, b].map((p) => engine.files.source(p)) });
    expect(files.map((f) => [f.status, f.events, f.overlapping ?? 0])).toEqual([
      ['imported', cutA, 0],
      ['imported', rows.length - cutA, cutA - cutB],
    ]);
    const total = countZeekTsv(fixtures.zeekTsv).events;
    expect(withCaseDb(engine, caseId, (db) => (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n)).toBe(total);

    // The same graph as one import of the whole log.
    const whole = h.engine();
    const wholeCase = (await whole.invoke('createCase', { name: 'whole' })).id;
    await whole.invoke('importFiles', { caseId: wholeCase, sources: [whole.files.source(fixtures.zeekTsv)] });
    const strip = (g: GraphView) => viewEdges(g).map((e) => [e.id, e.events, e.bytesOut, e.bytesIn, e.ports]).sort();
    const plain = { grouping: { destinations: 'none' }, maxDestinations: 20_000 } as const;
    const parts = strip(await engine.invoke('getGraphView', { caseId, ...plain }));
    expect(parts.length).toBeGreaterThan(3);
    expect(parts).toEqual(strip(await whole.invoke('getGraphView', { caseId: wholeCase, ...plain })));
  });

  it('reports an export wholly contained in the case as a duplicate and stores nothing of it', async () => {
    const lines = fileLines(fixtures.zeekTsv);
    const part = path.join(h.tmp.make(), 'conn-part.log');
    fs.writeFileSync(part, [...lines.filter((l) => l.startsWith('#') && !l.startsWith('#close')), ...lines.filter((l) => !l.startsWith('#')).slice(10, 40)].join('\n'));
    const engine = h.engine();
    const caseId = (await engine.invoke('createCase', { name: 'contained' })).id;
    await engine.invoke('importFiles', { caseId, sources: [engine.files.source(fixtures.zeekTsv)] });
    const { files } = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(part)] });
    expect(files[0]).toMatchObject({ status: 'duplicate', overlapping: 30, error: expect.stringContaining('already in the case') });
    expect((await engine.invoke('listImports', { caseId })).map((i) => i.file)).toEqual([fixtures.zeekTsv]);
  });
});
