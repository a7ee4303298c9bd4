import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { Client } from '../../src/shared/client.js';
import { contract, operationNames } from '../../src/shared/contract.js';
import { EngineHarness, remoteError } from '../helpers/engine.js';
import { countZeekTsv, fixtures } from '../helpers/fixtures.js';
import { httpTransport, ipcTransport, type TransportUnderTest } from '../helpers/transports.js';

/**
 * The page (or anything that reaches the browser host or the IPC channel)
 * names no path on this machine: files are granted by the host, by id.
 */
const h = new EngineHarness();
afterAll(() => h.close());

/** Every property name anywhere in an operation's input, from its JSON Schema. */
function propertyNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) propertyNames(s, into);
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && value && typeof value === 'object') for (const name of Object.keys(value)) into.add(name);
      propertyNames(value, into);
    }
  }
  return into;
}

describe('the contract', () => {
  it('has no input that names a path, a folder or a URL', () => {
    const suspicious = /^(path|paths|file|files|dir|folder|out|output|url|baseUrl|home|location)$/i;
    // intelDecay's τ per indicator type: `url` there is the type of indicator, not an address.
    const allowed: Record<string, string[]> = { intelDecay: ['url'] };
    for (const op of operationNames) {
      const names = [...propertyNames(z.toJSONSchema(contract[op].input, { io: 'input', unrepresentable: 'any' }))];
      expect(names.filter((n) => suspicious.test(n) && !allowed[op]?.includes(n)), op).toEqual([]);
    }
  });
});

const transports: [string, (engine: Engine) => Promise<TransportUnderTest>][] = [
  ['the browser host', (engine) => httpTransport(engine, h.tmp)],
  ['IPC', async (engine) => ipcTransport(engine)],
];

describe.each(transports)('over %s', (_name, make) => {
  let engine: Engine;
  let t: TransportUnderTest;
  let client: Client;
  let caseId: string;
  let secretFile: string;
  let victim: string;
  beforeAll(async () => {
    engine = h.engine();
    t = await make(engine);
    client = t.client;
    caseId = (await engine.invoke('createCase', { name: 'grants' })).id;
    // What an attacker wants: the owner-only token file, a file it should not overwrite.
    secretFile = path.join(engine.layout.root, 'x-bearer-token');
    fs.writeFileSync(secretFile, 'SECRET-BEARER-TOKEN\n', { mode: 0o600 });
    victim = path.join(h.tmp.make(), 'victim.csv');
    fs.writeFileSync(victim, 'KEEP ME\n');
  });
  afterAll(() => t.close());

  const hostile = (p: string) => [
    () => client.previewFile({ source: { kind: 'path', path: p } } as never),
    () => client.importFiles({ caseId, sources: [{ kind: 'path', path: p }] } as never),
    () => client.importFiles({ caseId, sources: [{ kind: 'upload', uploadId: 'a'.repeat(32), name: p }] } as never),
    () => client.intelImport({ sources: [{ kind: 'path', path: p }] } as never),
    () => client.intelImport({ sources: [{ fileId: 'a'.repeat(32), path: p }] } as never),
  ];

  it('refuses every way of naming a file to read, and reads nothing', async () => {
    for (const p of [secretFile, '/etc/passwd', '/proc/self/environ', '../../x-bearer-token']) {
      for (const attempt of hostile(p)) {
        const err = await remoteError(attempt());
        expect(err.code).toBe('INVALID_INPUT');
        expect(JSON.stringify(err.payload)).not.toMatch(/SECRET-BEARER|root:|SIGHTLINE_|PATH=/);
      }
    }
    expect((await engine.invoke('listImports', { caseId })).length).toBe(0);
    expect((await engine.invoke('intelStats', {})).indicators).toBe(0);
  });

  it('refuses to write where the caller says, and overwrites nothing', async () => {
    for (const input of [{ format: 'csv', path: victim }, { format: 'stix', target: { path: victim } }, { format: 'bundle', target: { kind: 'path', path: victim } }]) {
      expect((await remoteError(client.intelExport(input as never))).code).toBe('INVALID_INPUT');
    }
    expect(fs.readFileSync(victim, 'utf8')).toBe('KEEP ME\n');
  });

  it('accepts only ids the host handed out, each for what it was granted', async () => {
    const unknown = await remoteError(client.previewFile({ source: { fileId: 'b'.repeat(32) } }));
    expect(unknown.payload).toMatchObject({ code: 'NOT_FOUND', field: 'fileId' });
    const notImported = await client.importFiles({ caseId, sources: [{ fileId: 'c'.repeat(32) }] });
    expect(notImported.files[0]).toMatchObject({ status: 'failed', errorField: 'fileId' });
    // A save target cannot be read, and a file granted for reading cannot be written.
    const target = engine.files.target(victim);
    expect((await remoteError(client.previewFile({ source: target }))).code).toBe('NOT_FOUND');
    expect((await remoteError(client.intelExport({ format: 'csv', target: engine.files.source(victim) }))).code).toBe('NOT_FOUND');
    expect(fs.readFileSync(victim, 'utf8')).toBe('KEEP ME\n');
    // What the host granted works.
    const { files } = await client.importFiles({ caseId, sources: [engine.files.source(fixtures.zeekTsv)] });
    expect(files[0]).toMatchObject({ status: 'imported', events: countZeekTsv(fixtures.zeekTsv).events });
  });

  it('takes no test-only service address from callers', async () => {
    for (const input of [
      { kind: 'mastodon', account: 'a@mastodon.example', baseUrl: 'http://127.0.0.1:9' },
      { kind: 'bluesky', handle: 'a.bsky.social', baseUrl: 'http://127.0.0.1:9' },
      { kind: 'x-account', username: 'someone', baseUrl: 'http://127.0.0.1:9' },
    ]) {
      expect((await remoteError(client.intelAddSource(input as never))).code).toBe('INVALID_INPUT');
    }
    expect(await engine.invoke('intelSources', {})).toEqual([]);
  });

  it('exports without a target into a one-time download', async () => {
    await engine.invoke('intelImport', { sources: [engine.files.source(fixtures.tweetfeedCsv)] });
    const r = await client.intelExport({ format: 'csv' });
    expect(r.download).toMatchObject({ fileId: expect.stringMatching(/^[a-f0-9]{32}$/), name: expect.stringMatching(/^sightline-intel-\d{4}-\d\d-\d\d\.csv$/) });
    expect(r.download?.bytes).toBeGreaterThan(100);
    expect(fs.readdirSync(engine.layout.downloadsDir)).toEqual([r.download?.fileId]);
    expect(engine.files.release(r.download?.fileId ?? '')).toBe(true);
    expect(fs.readdirSync(engine.layout.downloadsDir)).toEqual([]);
  });
});

describe('the desktop: files the user picked or dropped', () => {
  it('grants picked files by the path the preload read, and refuses what a user never picks', async () => {
    const engine = h.engine();
    const t = ipcTransport(engine);
    try {
      const [ref] = await t.bridge.grantFiles([new File(['ignored'], fixtures.zeekTsv)]);
      expect(ref).toEqual({ fileId: expect.stringMatching(/^[a-f0-9]{32}$/), name: 'lsass-conn.log', bytes: fs.statSync(fixtures.zeekTsv).size });
      const caseId = (await engine.invoke('createCase', { name: 'picked' })).id;
      const { files } = await t.client.importFiles({ caseId, sources: [{ fileId: ref?.fileId ?? '' }] });
      expect(files[0]).toMatchObject({ file: 'lsass-conn.log', status: 'imported' });
      // Desktop grants outlive an import: the same file can be imported into another case.
      expect((await t.client.previewFile({ source: { fileId: ref?.fileId ?? '' } })).format).toBe('zeek-conn-tsv');

      const token = path.join(engine.layout.root, 'x-bearer-token');
      fs.writeFileSync(token, 'SECRET\n', { mode: 0o600 });
      for (const [p, why] of [
        ['', /no path/],
        ['relative/file.log', /no path/],
        [token, /data folder/],
        [path.join(engine.layout.casesDir, `${caseId}.sqlite`), /data folder/],
        ['/proc/self/environ', /system file/],
        ['/dev/zero', /not a regular file|system file/],
        ['/no/such/file.log', /cannot be read/],
      ] as const) {
        await expect(t.bridge.grantFiles([new File([''], p)]), p).rejects.toThrow(why);
      }
    } finally {
      await t.close();
    }
  });
});
