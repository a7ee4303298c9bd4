import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { canonicalQuery, ViewCache } from '../../src/core/graph/view-cache.js';
import { caseFile, EngineHarness } from '../helpers/engine.js';
import { fixtures } from '../helpers/fixtures.js';

const h = new EngineHarness();
afterAll(() => h.close());

describe('graph answers kept while the case is unchanged', () => {
  it('answers again from the cache, and anew after an import, a verdict or an analysis', async () => {
    const engine = h.engine();
    const caseId = (await engine.invoke('createCase', { name: 'Cache case' })).id;
    await engine.invoke('importFiles', { caseId, sources: [engine.files.source(fixtures.zeekTsv)] });
    const db = new Database(caseFile(engine, caseId));
    try {
      const cache = new ViewCache();
      let computed = 0;
      const ask = (query: unknown) => cache.get(db, 'view', query, () => ({ n: ++computed }));
      expect(ask({ a: 1 })).toEqual({ n: 1 });
      expect(ask({ a: 1 })).toEqual({ n: 1 });
      expect(ask({ a: 2 })).toEqual({ n: 2 });
      // A verdict (like an import or an allowlist rule) bumps the case's revision.
      await engine.invoke('setCaseVerdict', { caseId, dst: '192.168.1.4', verdict: 'benign' });
      expect(ask({ a: 1 })).toEqual({ n: 3 });
      await engine.invoke('analyzeCase', { caseId });
      expect(ask({ a: 1 })).toEqual({ n: 4 });
      expect(ask({ a: 1 })).toEqual({ n: 4 });
      // Another analysis of the unchanged case is another run (a verdict re-scores at the next run, with no new revision then).
      await engine.invoke('analyzeCase', { caseId });
      expect(ask({ a: 1 })).toEqual({ n: 5 });
    } finally {
      db.close();
    }
    // Through the engine: what the next import adds is drawn.
    const before = await engine.invoke('getGraphView', { caseId });
    await engine.invoke('importFiles', { caseId, sources: [engine.files.source(fixtures.sysmonWevtutil)] });
    const after = await engine.invoke('getGraphView', { caseId });
    expect(after.totals.events).toBeGreaterThan(before.totals.events);
    expect(after.nodes.some((n) => n.kind === 'process')).toBe(true);
  });

  it('keeps the opening view and timeline in the case file at each analysis, and reads them after a restart', async () => {
    const home = h.tmp.make('sightline-home-');
    const first = h.engine({ home });
    const caseId = (await first.invoke('createCase', { name: 'Stored views' })).id;
    await first.invoke('importFiles', { caseId, sources: [first.files.source(fixtures.zeekTsv)] });
    await first.invoke('analyzeCase', { caseId });
    const computed = await first.invoke('getGraphView', { caseId });
    const timeline = await first.invoke('getTimeline', { caseId, includeInternal: true, bins: 200 });
    h.closeEngine(first);

    const stored = (op: string) => {
      const db = new Database(caseFile(first, caseId), { readonly: true });
      try {
        const row = db.prepare('SELECT key, body FROM stored_answers WHERE op = ?').get(op) as { key: string; body: Buffer };
        return { key: row.key, value: JSON.parse(zlib.gunzipSync(row.body).toString('utf8')) as Record<string, unknown> };
      } finally {
        db.close();
      }
    };
    // What the analysis stored is what the engine computes for the query the UI opens with.
    expect(stored('view').value).toEqual(computed);
    expect(stored('timeline').value).toEqual(timeline);

    // Planted in the stored row under the same key: a restarted engine answers from it, not by grouping again.
    const plant = (op: string, body: Buffer) => {
      const db = new Database(caseFile(first, caseId));
      try {
        db.prepare('UPDATE stored_answers SET body = ? WHERE op = ?').run(body, op);
      } finally {
        db.close();
      }
    };
    const planted = { ...computed, totals: { ...computed.totals, events: 424_242 } };
    plant('view', zlib.gzipSync(JSON.stringify(planted)));
    const second = h.engine({ home });
    // The UI's own query (empty filters given explicitly) meets the stored default.
    expect((await second.invoke('getGraphView', { caseId, search: '', hosts: [], includeInternal: true, expand: [] })).totals.events).toBe(424_242);
    h.closeEngine(second);

    // A row that is not a view (damaged, or a hostile file from elsewhere) is ignored: the view is grouped anew.
    plant('view', zlib.gzipSync(JSON.stringify({ nodes: 'not a list' })));
    const third = h.engine({ home });
    expect(await third.invoke('getGraphView', { caseId })).toEqual(computed);
    h.closeEngine(third);
    plant('view', Buffer.from('not gzip'));
    const damaged = h.engine({ home });
    expect(await damaged.invoke('getGraphView', { caseId })).toEqual(computed);
    h.closeEngine(damaged);
    plant('view', zlib.gzipSync(JSON.stringify(planted)));
    // After a verdict the key no longer matches (another revision): not read.
    const fourth = h.engine({ home });
    await fourth.invoke('setCaseVerdict', { caseId, dst: '192.168.1.4', verdict: 'benign' });
    expect((await fourth.invoke('getGraphView', { caseId })).totals.events).toBe(computed.totals.events);
  });

  it('keys a question without the case id, empty filters or key order', () => {
    expect(canonicalQuery({ caseId: 'a', search: '', hosts: [], grouping: { hosts: 'none', destinations: 'auto' } })).toBe(
      canonicalQuery({ grouping: { destinations: 'auto', hosts: 'none' }, caseId: 'b' }),
    );
    expect(canonicalQuery({ search: 'x' })).not.toBe(canonicalQuery({}));
  });
});
