import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jobLockFile } from '../../src/core/db/job-lock.js';
import type { Engine } from '../../src/core/engine.js';
import type { ImportProgress } from '../../src/shared/types.js';
import { countRows, EngineHarness, remoteError } from '../helpers/engine.js';
import { countSysmon, countZeekTsv, fixtures } from '../helpers/fixtures.js';
import { holdInOtherProcess, type HeldLock } from '../helpers/hold-lock.js';

// The engine as the desktop app and `sightline serve` run it, while another process
// (a `sightline` command) writes to the same data home.
const h = new EngineHarness();
const held: HeldLock[] = [];
afterEach(async () => {
  await Promise.all(held.splice(0).map((l) => l.release()));
  h.close();
});

async function hold(file: string, options: { journalInMemory?: boolean } = {}): Promise<HeldLock> {
  const lock = await holdInOtherProcess(file, options);
  held.push(lock);
  return lock;
}
const release = async (lock: HeldLock) => {
  held.splice(held.indexOf(lock), 1);
  await lock.release();
};
const zeek = (engine: Engine) => [engine.files.source(fixtures.zeekTsv)];
const sysmon = (engine: Engine) => [engine.files.source(fixtures.sysmonWevtutil)];

/** Counts timer ticks: a host blocked in a synchronous wait would not tick. */
function ticker(): { ticks(): number; stop(): void } {
  let n = 0;
  const t = setInterval(() => n++, 50);
  return { ticks: () => n, stop: () => clearInterval(t) };
}

describe('an import while another process writes to the case', () => {
  it('waits without blocking the host, reports the wait as progress, keeps reads answering, and imports when the other is done', async () => {
    const engine = h.engine();
    const c = await engine.invoke('createCase', { name: 'Shared' });
    const lock = await hold(jobLockFile(path.join(engine.layout.casesDir, `${c.id}.sqlite`)), { journalInMemory: true });
    const progress: ImportProgress[] = [];
    const clock = ticker();
    const job = engine.invoke('importFiles', { caseId: c.id, sources: zeek(engine) }, { onProgress: (p) => progress.push(p) });
    await new Promise((r) => setTimeout(r, 1500));
    clock.stop();
    expect(clock.ticks()).toBeGreaterThan(10);
    const waits = progress.filter((p) => p.waitingSeconds !== undefined);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits[0]).toEqual({ file: fixtures.zeekTsv, fileIndex: 0, fileCount: 1, bytesRead: 0, bytesTotal: 0, rows: 0, quarantined: 0, rowsPerSecond: 0, etaSeconds: null, waitingSeconds: 0 });
    expect(Math.max(...waits.map((p) => p.waitingSeconds ?? 0))).toBeGreaterThanOrEqual(1);
    // Reads go on meanwhile.
    expect(await engine.invoke('listCases', {})).toEqual([expect.objectContaining({ id: c.id, eventCount: 0 })]);
    expect((await engine.invoke('getGraphView', { caseId: c.id })).nodes).toEqual([]);

    await release(lock);
    const result = await job;
    expect(result.files).toEqual([expect.objectContaining({ status: 'imported', events: countZeekTsv(fixtures.zeekTsv).events })]);
    expect(countRows(engine, c.id, 'events')).toBe(countZeekTsv(fixtures.zeekTsv).events);
  });

  it('gives up with BUSY past the engine’s write wait, and stores nothing', async () => {
    const engine = h.engine({ writeWaitSeconds: 0.5 });
    const c = await engine.invoke('createCase', { name: 'Held' });
    await hold(jobLockFile(path.join(engine.layout.casesDir, `${c.id}.sqlite`)), { journalInMemory: true });
    const err = await remoteError(engine.invoke('importFiles', { caseId: c.id, sources: zeek(engine) }));
    expect(err.payload).toEqual({
      code: 'BUSY',
      message: 'case "Held" is busy: another Sightline window or command has been writing to it for over 1 s; try again when it has finished',
      file: path.join(engine.layout.casesDir, `${c.id}.sqlite`),
    });
    expect(countRows(engine, c.id, 'events')).toBe(0);
    // deleteImport takes the same turn.
    expect((await remoteError(engine.invoke('deleteImport', { caseId: c.id, importId: 1 }))).code).toBe('BUSY');
  });

  it('is cancelled at once while waiting, with nothing changed', async () => {
    const engine = h.engine();
    const c = await engine.invoke('createCase', { name: 'Held' });
    await hold(jobLockFile(path.join(engine.layout.casesDir, `${c.id}.sqlite`)), { journalInMemory: true });
    const controller = new AbortController();
    const job = remoteError(engine.invoke('importFiles', { caseId: c.id, sources: zeek(engine) }, { signal: controller.signal }));
    await new Promise((r) => setTimeout(r, 400));
    const cancelledAt = Date.now();
    controller.abort();
    const err = await job;
    expect(Date.now() - cancelledAt).toBeLessThan(1000);
    expect(err.payload).toMatchObject({ code: 'CANCELLED', message: 'cancelled while waiting to write to case "Held"; nothing was changed' });
    expect(countRows(engine, c.id, 'imports')).toBe(0);
  });
});

describe('jobs of one process on one case', () => {
  it('run one after the other; the later one reports that it waits', async () => {
    const engine = h.engine();
    const c = await engine.invoke('createCase', { name: 'Queue' });
    const second: ImportProgress[] = [];
    const [a, b] = await Promise.all([
      engine.invoke('importFiles', { caseId: c.id, sources: zeek(engine) }),
      engine.invoke('importFiles', { caseId: c.id, sources: sysmon(engine) }, { onProgress: (p) => second.push(p) }),
    ]);
    expect(a.files[0]?.status).toBe('imported');
    expect(b.files[0]?.status).toBe('imported');
    expect(second[0]).toMatchObject({ file: fixtures.sysmonWevtutil, waitingSeconds: 0 });
    // Its own progress only after the wait: the first job was done by then.
    expect(second.findIndex((p) => p.waitingSeconds === undefined)).toBeGreaterThan(0);
    expect(b.join.endpointEvents).toBe(countSysmon(fixtures.sysmonWevtutil).events);
    expect(b.join.flowEvents).toBe(countZeekTsv(fixtures.zeekTsv).events);
  });
});

describe('small changes to the home database while another process writes to it', () => {
  it('wait for it (the host keeps running) instead of failing after the 2 s busy timeout', async () => {
    const engine = h.engine();
    const lock = await hold(engine.layout.homeDb);
    const clock = ticker();
    const added = engine.invoke('intelAddSource', { kind: 'x-account', username: 'patient_feed' });
    const verdict = engine.invoke('intelSetVerdict', { type: 'ipv4', value: '45.95.0.1', verdict: 'confirmed' });
    await new Promise((r) => setTimeout(r, 2500));
    clock.stop();
    expect(clock.ticks()).toBeGreaterThan(20);
    await release(lock);
    expect(await added).toMatchObject({ name: 'x:@patient_feed' });
    expect(await verdict).toMatchObject({ value: '45.95.0.1', verdict: 'confirmed' });
  });

  it('opening a case does not wait to remember it as the last one opened', async () => {
    const engine = h.engine();
    const c = await engine.invoke('createCase', { name: 'Open me' });
    await hold(engine.layout.homeDb);
    const started = Date.now();
    expect(await engine.invoke('openCase', { caseId: c.id })).toMatchObject({ id: c.id });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
