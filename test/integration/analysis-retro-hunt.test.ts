import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../helpers/engine.js';
import { fixtures } from '../helpers/fixtures.js';
import { zeekTsvHeader } from '../helpers/zeek-gen.js';

const h = new EngineHarness();
afterAll(() => h.close());

/** One Zeek connection per address: 10.1.0.5 → each destination on 443, a minute apart, the day of the feed. */
function connLog(dir: string, destinations: string[]): string {
  const file = path.join(dir, 'conn.log');
  const start = Date.parse('2026-08-22T12:00:00Z') / 1000;
  const rows = destinations.map((dst, i) => [(start + i * 60).toFixed(6), `Cretro${i}`, '10.1.0.5', 50000 + i, dst, 443, 'tcp', '-', '1.5', '900', '4000', 'SF', '-', '-', '0', 'ShADadFf', '8', '1200', '8', '4300', '-'].join('\t'));
  fs.writeFileSync(file, `${zeekTsvHeader()}\n${rows.join('\n')}\n#close\t2026-08-23-00-00-00\n`);
  return file;
}

describe('retro-hunt: the IoC store changes after a case was analysed', () => {
  it('marks the findings stale, and the next analysis announces the new hit with the evidence that caused it', async () => {
    // The feed's own day, so its indicators are live.
    const now = Date.parse('2026-08-23T00:00:00Z');
    const engine = h.engine({ clock: { now: () => now, sleep: async () => undefined } });
    const caseId = (await engine.invoke('createCase', { name: 'retro' })).id;
    await engine.invoke('importFiles', { caseId, sources: [engine.files.source(connLog(h.tmp.make('retro-'), ['84.247.187.67', '93.184.216.34']))] });
    const first = await engine.invoke('analyzeCase', { caseId });
    expect(first.run).toMatchObject({ stale: false, newHits: [] });
    expect((await engine.invoke('listFindings', { caseId })).findings.filter((f) => f.kinds.includes('ioc'))).toEqual([]);

    await engine.invoke('intelImport', { sources: [engine.files.source(fixtures.tweetfeedCsv)] });
    const stale = await engine.invoke('listFindings', { caseId });
    expect(stale.run).toMatchObject({ stale: true, staleBecause: 'the IoC store changed since' });

    const second = await engine.invoke('analyzeCase', { caseId });
    expect(second.run.newHits).toEqual([{ host: '10.1.0.5', process: null, dst: '84.247.187.67', text: expect.stringContaining('84.247.187.67 is in the IoC store') }]);
    const [hit] = (await engine.invoke('listFindings', { caseId })).findings;
    expect(hit).toMatchObject({ dst: '84.247.187.67', kinds: ['ioc'] });

    // Analysed again with nothing new: nothing is announced twice.
    expect((await engine.invoke('analyzeCase', { caseId })).run.newHits).toEqual([]);
  });
});
