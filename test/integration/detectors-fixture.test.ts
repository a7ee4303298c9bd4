import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaseWindow } from '../../src/core/analysis/baseline.js';
import { queryAlerts } from '../../src/core/analysis/detectors/alerts/index.js';
import { queryVolume } from '../../src/core/analysis/detectors/volume/index.js';
import { queryNewAndRare, queryPrevalence } from '../../src/core/analysis/detectors/new-and-rare/index.js';
import { readCaseObservables } from '../../src/core/intel/match/index.js';
import { runDetectors, unitLabel } from '../helpers/detectors.js';
import { caseFile, EngineHarness, withCaseDb } from '../helpers/engine.js';
import { repoRoot } from '../helpers/fixtures.js';

// The small case of test/fixtures/detectors (its generator says what is planted and what is a decoy).
const h = new EngineHarness();
let file = '';
let run: ReturnType<typeof runDetectors>;

beforeAll(async () => {
  const engine = h.engine();
  const caseId = (await engine.invoke('createCase', { name: 'detectors' })).id;
  const dir = path.join(repoRoot, 'test', 'fixtures', 'detectors');
  const r = await engine.invoke('importFiles', { caseId, sources: ['sysmon.json.gz', 'conn.log.gz', 'dns.log', 'eve.json'].map((f) => engine.files.source(path.join(dir, f))) });
  expect(r.files.map((f) => [f.status, f.quarantined])).toEqual(Array(4).fill(['imported', 0]));
  file = caseFile(engine, caseId);
  run = runDetectors(file);
});
afterAll(() => {
  run?.close();
  h.close();
});

const top = (kind: Parameters<typeof run.byKind>[0]) => run.byKind(kind).map(unitLabel);

describe('the detectors over the fixture case (imported with the real importer)', () => {
  it('chooses Monday as the baseline of four days, and no window for a case without connections', async () => {
    const db = new Database(file, { readonly: true });
    expect(new Date(readCaseWindow(db)?.baselineEnd ?? 0).toISOString()).toBe('2026-03-03T00:00:00.000Z');
    db.close();
    const engine = h.engine();
    const empty = (await engine.invoke('createCase', { name: 'empty' })).id;
    expect(withCaseDb(engine, empty, (d) => readCaseWindow(d))).toBeNull();
  });

  it('volume: PowerShell\'s 1.5 GB day on PC3 first, Dropbox.exe\'s steady 5 MB a day not at all', () => {
    expect(top('volume')[0]).toBe('PC3 powershell.exe 162.125.66.15');
    expect(run.byKind('volume')[0]?.evidence.text).toMatch(/^host PC3 sent 1\.5 GB on 2026-03-05, 100 % of it in this connection's unit/);
    expect(top('volume').some((u) => u.includes('Dropbox.exe'))).toBe(false);
    const large = run.byKind('volume').filter((u) => u.evidence.facts.measure === 'large-transfer');
    expect(large.map(unitLabel)).toEqual(['PC1 agent.exe 20.50.73.9']);
    expect(large[0]?.evidence.text).toMatch(/^one connection sent 60 MB at 2026-03-04 16:00 UTC, [\d,]+ times its unit's usual 600 B and the host's [\d.]+ (B|KB) a connection/);
  });

  it('burst: 200 connections from PowerShell to the file server, not chrome\'s 40 at the top of every hour', () => {
    expect(top('burst')).toEqual(['PC4 powershell.exe 10.1.0.5']);
    expect(run.byKind('burst')[0]?.evidence.text).toMatch(/^\d+ connections within 5 min from 2026-03-04 02:0\d UTC, against a usual 1 per 5 min/);
  });

  it('new and rare: rundll32 to 91.215.85.142 first, "1 of 4 hosts"; the agent every host runs never', () => {
    expect(top('new-destination')[0]).toBe('PC2 rundll32.exe 91.215.85.142');
    expect(top('rare-destination')[0]).toBe('PC2 rundll32.exe 91.215.85.142');
    expect(run.byKind('rare-destination')[0]?.evidence.text).toMatch(/^1 of 4 hosts reached this destination/);
    expect(run.all.some((u) => u.dstIp === '20.50.73.9' && u.evidence.kind !== 'volume')).toBe(false);
    const db = new Database(file, { readonly: true });
    const window = readCaseWindow(db);
    if (!window) throw new Error('no window');
    // The same answer from the names the analysis run already holds.
    const held = new Map(readCaseObservables(db).addresses.map((a) => [a.ip, a.names]));
    const again = queryNewAndRare({ db, window, signal: new AbortController().signal, progress: () => {} }, undefined, (ip) => held.get(ip) ?? []);
    expect(again.map((u) => `${unitLabel(u)} ${u.evidence.kind} ${u.evidence.score}`).sort()).toEqual(
      run.all.filter((u) => u.evidence.kind === 'new-destination' || u.evidence.kind === 'rare-destination').map((u) => `${unitLabel(u)} ${u.evidence.kind} ${u.evidence.score}`).sort(),
    );
    const prevalence = queryPrevalence({ db });
    expect(prevalence.caseHosts).toBe(4);
    expect(prevalence.destinations.get('20.50.73.9')?.hosts).toBe(4);
    expect(prevalence.destinations.get('91.215.85.142')?.hosts).toBe(1);
    db.close();
  });

  it('new country and AS: RU (AS200593) first; chrome\'s new Akamai AS below reporting', () => {
    expect(top('new-country')).toEqual(['PC2 rundll32.exe 91.215.85.142']);
    expect(run.byKind('new-country')[0]?.evidence.text).toBe('first connection to RU (AS200593 PROSPERO OOO) on day 3 of 4 (2026-03-04); no host went there before, new-country score 0.90');
    expect(top('new-as')[0]).toBe('PC2 rundll32.exe 91.215.85.142');
    expect(top('new-as').some((u) => u.includes('chrome.exe'))).toBe(false);
  });

  it('unusual port: rundll32 on 4782 after a profile of 443 first, with its port; chrome on 8443 below it', () => {
    const ports = run.byKind('unusual-port');
    expect(unitLabel(ports[0] as (typeof ports)[0])).toBe('PC2 rundll32.exe 91.215.85.142');
    expect(ports[0]?.evidence.dstPort).toBe(4782);
    const chrome = ports.find((u) => u.evidence.dstPort === 8443);
    expect(chrome?.evidence.score).toBeLessThan(ports[0]?.evidence.score ?? 0);
  });

  it('service misuse: PowerShell uploading to Dropbox and WINWORD to the Telegram Bot API; Dropbox.exe, Telegram Desktop and chrome to dropbox.com not', () => {
    expect(top('service-misuse')).toEqual(['PC3 powershell.exe 162.125.66.15', 'PC4 WINWORD.EXE 149.154.167.220']);
    expect(run.byKind('service-misuse')[1]?.evidence.text).toBe('Telegram Bot API (messenger) via api.telegram.org, never used by WINWORD.EXE before; 3 connections, 1.2 KB out, service-misuse score 0.90');
  });

  it('alerts: the Quasar alert on rundll32\'s unit; the unmatched ones by address, hostile signature shown safely', () => {
    expect(top('alert')).toEqual(['PC2 rundll32.exe 91.215.85.142', '45.9.20.5  10.1.0.13', 'PC4  198.51.100.7']);
    expect(run.byKind('alert')[2]?.evidence.text).toContain('⟨U+202E⟩txt.exe');
  });

  it('alerts: a sensor flow stands for its endpoint event when the host\'s clock kept the event out of the alert\'s reach', async () => {
    const copy = path.join(h.tmp.make('skewed-'), 'case.sqlite');
    const source = new Database(file, { readonly: true });
    await source.backup(copy);
    source.close();
    const db = new Database(copy);
    // The host logged its side of the connections ten minutes late: only the sensor's flows still hold the alert's time.
    db.prepare("UPDATE events SET ts = ts + 600000 WHERE image IS NOT NULL AND dst_ip = '91.215.85.142'").run();
    const window = readCaseWindow(db);
    if (!window) throw new Error('no window');
    const quasar = queryAlerts({ db, window, signal: new AbortController().signal, progress: () => {} }).filter((u) => u.evidence.text.includes('Quasar'));
    expect(quasar.map((u) => [unitLabel(u), u.evidence.facts.matched])).toEqual([['PC2 rundll32.exe 91.215.85.142', true]]);
    db.close();
  });

  it('reports progress up to 1 and stops when cancelled', () => {
    expect(run.progress.at(-1)).toBe(1);
    const db = new Database(file, { readonly: true });
    const window = readCaseWindow(db);
    if (!window) throw new Error('no window');
    const controller = new AbortController();
    controller.abort();
    expect(() => queryVolume({ db, window, signal: controller.signal, progress: () => {} })).toThrow(/cancelled/);
    db.close();
  });
});
