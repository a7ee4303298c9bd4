import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CASE_NAME } from '../../src/core/cases/demo-case.js';
import { telemetryFormats } from '../../src/shared/types.js';
import { countSysmon, countZeekTsv, fixtures, resourcesDir } from '../helpers/fixtures.js';
import { caseFile, EngineHarness, remoteError } from '../helpers/engine.js';
import path from 'node:path';

const h = new EngineHarness();
afterEach(() => h.close());

describe('Engine cases', () => {
  it('creates cases with ids from their names, lists them newest first and opens them', async () => {
    const engine = h.engine();
    expect(await engine.invoke('listCases', {})).toEqual([]);
    const a = await engine.invoke('createCase', { name: 'Phishing wave, March' });
    expect(a).toMatchObject({ id: 'phishing-wave-march', name: 'Phishing wave, March', eventCount: 0, importCount: 0 });
    expect(Number.isNaN(Date.parse(a.createdAt))).toBe(false);
    expect(fs.existsSync(caseFile(engine, a.id))).toBe(true);
    await new Promise((r) => setTimeout(r, 5));
    const b = await engine.invoke('createCase', { name: '  Lateral movement  ' });
    expect(b.name).toBe('Lateral movement');
    expect((await engine.invoke('listCases', {})).map((c) => c.id)).toEqual([b.id, a.id]);
    expect(await engine.invoke('openCase', { caseId: a.id })).toEqual(a);
  });

  it('gives a second case with the same slug a numbered id, and refuses a duplicate name', async () => {
    const engine = h.engine();
    await engine.invoke('createCase', { name: 'APT 29' });
    expect((await engine.invoke('createCase', { name: 'apt-29' })).id).toBe('apt-29-2');
    const err = await remoteError(engine.invoke('createCase', { name: 'APT 29' }));
    expect(err.payload).toMatchObject({ code: 'INVALID_INPUT', field: 'name' });
    expect(await engine.invoke('listCases', {})).toHaveLength(2);
  });

  it('refuses a name that differs from an existing one only in letter case (the CLI finds cases that way)', async () => {
    const engine = h.engine();
    await engine.invoke('createCase', { name: 'Lab Case' });
    const err = await remoteError(engine.invoke('createCase', { name: 'LAB case' }));
    expect(err.payload).toEqual({ code: 'INVALID_INPUT', message: 'a case named "LAB case" already exists', field: 'name' });
    expect(await engine.invoke('listCases', {})).toHaveLength(1);
  });

  it('never lists a case still being created, and sweeps what a creation that died left behind', async () => {
    const engine = h.engine();
    const dir = engine.layout.casesDir;
    // A creation in progress in another process, and one whose process died an hour ago (with its WAL).
    const fresh = path.join(dir, '.creating-00000000-0000-4000-8000-000000000001.sqlite');
    const dead = path.join(dir, '.creating-00000000-0000-4000-8000-000000000002.sqlite');
    for (const f of [fresh, dead, `${dead}-wal`]) fs.writeFileSync(f, '');
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const f of [dead, `${dead}-wal`]) fs.utimesSync(f, hourAgo, hourAgo);
    expect(await engine.invoke('listCases', {})).toEqual([]);
    const c = await engine.invoke('createCase', { name: 'After' });
    expect(await engine.invoke('listCases', {})).toEqual([expect.objectContaining({ id: c.id, name: 'After', eventCount: 0 })]);
    // Its own staging file went into place; the fresh one is left to its process, the dead one is gone.
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.creating-'))).toEqual([path.basename(fresh)]);
  });

  it('rejects an empty or over-long name as INVALID_INPUT', async () => {
    const engine = h.engine();
    expect((await remoteError(engine.invoke('createCase', { name: '   ' }))).code).toBe('INVALID_INPUT');
    expect((await remoteError(engine.invoke('createCase', { name: 'x'.repeat(121) }))).code).toBe('INVALID_INPUT');
  });

  it('answers NOT_FOUND for every operation on an unknown case', async () => {
    const engine = h.engine();
    const caseId = 'no-such-case';
    const calls = [
      engine.invoke('openCase', { caseId }),
      engine.invoke('listImports', { caseId }),
      engine.invoke('getGraphView', { caseId }),
      engine.invoke('getEntityDetails', { caseId, nodeId: 'host:x' }),
      engine.invoke('importFiles', { caseId, sources: [engine.files.source(fixtures.zeekTsv)] }),
    ];
    for (const call of calls) {
      const err = await remoteError(call);
      expect(err.payload).toMatchObject({ code: 'NOT_FOUND', field: 'caseId' });
      expect(err.message).toContain(caseId);
    }
    expect(fs.existsSync(caseFile(engine, caseId))).toBe(false);
  });

  it('remembers the last opened case as the start case', async () => {
    const engine = h.engine();
    expect(await engine.invoke('getStartCase', {})).toEqual({ caseId: null });
    const c = await engine.invoke('createCase', { name: 'Remember me' });
    await engine.invoke('openCase', { caseId: c.id });
    expect(await engine.invoke('getStartCase', {})).toEqual({ caseId: c.id });
    expect(await engine.invoke('getAppInfo', {})).toMatchObject({ dataHome: engine.layout.root, formats: [...telemetryFormats], preparing: null });
    // A fresh engine on the same home remembers it too.
    const again = h.engine({ home: engine.layout.root });
    expect((await again.invoke('getStartCase', {})).caseId).toBe(c.id);
  });
});

describe('Engine demo case', () => {
  it('is started by the first getAppInfo from resources/demo (which says so and does not wait), and not built again after its file is deleted', async () => {
    const engine = h.engine({ resourcesDir });
    expect((await engine.invoke('getAppInfo', {})).preparing).toBe('demo-case');
    const { caseId } = await engine.invoke('getStartCase', {});
    expect(caseId).not.toBeNull();
    expect((await engine.invoke('getAppInfo', {})).preparing).toBeNull();
    const demoId = caseId as string;
    const expectedEvents = countZeekTsv(path.join(resourcesDir, 'demo', 'zeek-conn.log')).events + countSysmon(path.join(resourcesDir, 'demo', 'sysmon-lsass.json')).events;
    expect(await engine.invoke('listCases', {})).toEqual([expect.objectContaining({ id: demoId, name: DEMO_CASE_NAME, eventCount: expectedEvents, importCount: 2 })]);
    const imports = await engine.invoke('listImports', { caseId: demoId });
    expect(imports.map((i) => [path.basename(i.file), i.format])).toEqual([
      ['sysmon-lsass.json', 'sysmon-json'],
      ['zeek-conn.log', 'zeek-conn-tsv'],
    ]);
    // Asking again does not build a second one.
    expect((await engine.invoke('getStartCase', {})).caseId).toBe(demoId);
    expect(await engine.invoke('listCases', {})).toHaveLength(1);

    const home = engine.layout.root;
    h.closeEngine(engine);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${path.join(home, 'cases', demoId)}.sqlite${suffix}`, { force: true });

    const later = h.engine({ home, resourcesDir });
    expect((await later.invoke('getAppInfo', {})).preparing).toBeNull();
    expect((await later.invoke('getStartCase', {})).caseId).toBeNull();
    expect(await later.invoke('listCases', {})).toEqual([]);
  });

  it('recovers from a demo build that was interrupted (demo case file exists, demo_case_id not recorded)', async () => {
    const first = h.engine({ noDemo: true });
    await first.invoke('createCase', { name: DEMO_CASE_NAME });
    const home = first.layout.root;
    h.closeEngine(first);

    const later = h.engine({ home, resourcesDir });
    const { caseId } = await later.invoke('getStartCase', {});
    const cases = await later.invoke('listCases', {});
    expect(cases).toHaveLength(1);
    expect(caseId).toBe(cases[0]?.id);
    expect(cases[0]?.importCount).toBe(2);
  });

  it('is not built with noDemo', async () => {
    const engine = h.engine({ resourcesDir, noDemo: true });
    expect(await engine.invoke('getAppInfo', {})).toMatchObject({ preparing: null });
    expect((await engine.invoke('getStartCase', {})).caseId).toBeNull();
    expect(await engine.invoke('listCases', {})).toEqual([]);
  });

  it('that failed to build is tried again by the next call, not kept as every later answer', async () => {
    const broken = h.tmp.make('resources-');
    fs.mkdirSync(path.join(broken, 'demo'));
    const log = path.join(broken, 'demo', 'zeek-conn.log');
    fs.writeFileSync(log, 'not a zeek log\n');
    const engine = h.engine({ resourcesDir: broken });
    expect((await engine.invoke('getAppInfo', {})).preparing).toBe('demo-case');
    const first = await remoteError(engine.invoke('getStartCase', {}));
    expect(first.payload.message).toMatch(/the demo case could not be built: not a supported telemetry format/);
    // Mended (say, a file that was still being written): the next call builds it.
    fs.copyFileSync(path.join(resourcesDir, 'demo', 'zeek-conn.log'), log);
    expect((await engine.invoke('getAppInfo', {})).preparing).toBe('demo-case');
    const { caseId } = await engine.invoke('getStartCase', {});
    expect(caseId).not.toBeNull();
    expect(await engine.invoke('openCase', { caseId: caseId as string })).toMatchObject({ eventCount: countZeekTsv(log).events });
  });
});
