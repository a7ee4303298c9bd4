import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ViewCache } from '../../src/core/graph/view-cache.js';
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
});
