import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness, remoteError } from '../helpers/engine.js';
import { fixtures } from '../helpers/fixtures.js';

const h = new EngineHarness();
afterEach(() => h.close());

const mapping = { columns: { time: 'Event Time', srcIp: 'Source IP', dstIp: 'Destination IP' }, timeFormat: 'dmy' as const };

describe('import options', () => {
  it('refuses a time zone Intl does not know, naming the field, before touching the case', async () => {
    const engine = h.engine();
    const caseId = (await engine.invoke('createCase', { name: 'tz' })).id;
    const err = await remoteError(engine.invoke('importFiles', { caseId, sources: [engine.files.source(fixtures.zeekTsv)], timezone: 'Mars/Olympus' }));
    expect(err.payload).toMatchObject({ code: 'INVALID_INPUT', field: 'timezone', message: expect.stringContaining('Mars/Olympus') });
    expect(await engine.invoke('listImports', { caseId })).toEqual([]);
  });

  it('refuses csv-mapped without a mapping, and a mapping with another format', async () => {
    const engine = h.engine();
    const caseId = (await engine.invoke('createCase', { name: 'map' })).id;
    const sources = [engine.files.source(fixtures.zeekTsv)];
    expect((await remoteError(engine.invoke('importFiles', { caseId, sources, format: 'csv-mapped' }))).payload).toMatchObject({ code: 'INVALID_INPUT', field: 'mapping' });
    expect((await remoteError(engine.invoke('importFiles', { caseId, sources, format: 'zeek-conn-tsv', mapping }))).payload).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'format',
    });
  });

  it('reads every file as the --format given, and a wrong one fails the file rather than importing nothing quietly', async () => {
    const engine = h.engine();
    const caseId = (await engine.invoke('createCase', { name: 'fmt' })).id;
    const { files } = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(fixtures.zeekJson)], format: 'sysmon-json' });
    expect(files[0]?.status).toBe('failed');
    expect(files[0]?.error).toMatch(/sysmon-json|no network connections/);
  });

  it('keeps mapping profiles in the data home, across restarts, replaced by name', async () => {
    const home = h.tmp.make();
    const first = h.engine({ home });
    await first.invoke('saveMappingProfile', { name: 'Splunk firewall', mapping, timezone: 'Europe/Berlin' });
    await first.invoke('saveMappingProfile', { name: 'EDR', mapping: { ...mapping, timeFormat: 'epoch-ms' } });
    await first.invoke('saveMappingProfile', { name: 'Splunk firewall', mapping: { ...mapping, defaultHost: 'FW01' }, timezone: 'UTC' });
    h.closeEngine(first);
    const second = h.engine({ home });
    const profiles = await second.invoke('listMappingProfiles', {});
    expect(profiles.map((p) => [p.name, p.timezone, p.mapping.defaultHost ?? null, p.mapping.timeFormat])).toEqual([
      ['EDR', undefined, null, 'epoch-ms'],
      ['Splunk firewall', 'UTC', 'FW01', 'dmy'],
    ]);
    expect(await second.invoke('deleteMappingProfile', { name: 'EDR' })).toEqual({ deleted: true });
    expect((await second.invoke('listMappingProfiles', {})).map((p) => p.name)).toEqual(['Splunk firewall']);
  });
});
