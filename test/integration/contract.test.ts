import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { Client } from '../../src/shared/client.js';
import { contract, operationNames, type OperationName } from '../../src/shared/contract.js';
import { ipcChannels } from '../../src/shared/ipc-channels.js';
import { importProgressSchema, telemetryFormats, type ImportProgress } from '../../src/shared/types.js';
import { EngineHarness, remoteError } from '../helpers/engine.js';
import { countZeekJson, countZeekTsv, fixtures } from '../helpers/fixtures.js';
import { httpTransport, ipcTransport, type TransportUnderTest } from '../helpers/transports.js';
import { writeZeekTsv } from '../helpers/zeek-gen.js';

interface Setup {
  engine: Engine;
  /** A case holding the Zeek TSV fixture. */
  caseId: string;
  /** An empty case to import into. */
  emptyCaseId: string;
  /** A note on a destination of caseId, written by prepare(). */
  noteId: number;
}

interface ValidCall {
  input(s: Setup): unknown;
  check(output: never, s: Setup): void;
}

let names = 0;
/**
 * One valid call per operation. Every name in operationNames must have an
 * entry: the "valid call" test fails for an operation that has none, so a new
 * operation cannot skip the contract test.
 */
const validCalls: Record<OperationName, ValidCall> = {
  getAppInfo: { input: () => ({}), check: (o: { formats: string[]; preparing: string | null }) => expect(o).toMatchObject({ formats: [...telemetryFormats], preparing: null }) },
  // No demo in this home: the last case opened (by an earlier call), or none yet.
  getStartCase: { input: () => ({}), check: (o: { caseId: string | null }, s) => expect([null, s.caseId, s.emptyCaseId]).toContain(o.caseId) },
  listCases: { input: () => ({}), check: (o: { id: string }[], s) => expect(o.map((c) => c.id)).toEqual(expect.arrayContaining([s.caseId, s.emptyCaseId])) },
  createCase: { input: () => ({ name: `Contract case ${++names}` }), check: (o: { name: string; eventCount: number }) => expect(o).toMatchObject({ name: `Contract case ${names}`, eventCount: 0 }) },
  openCase: { input: (s) => ({ caseId: s.caseId }), check: (o: { id: string; eventCount: number }, s) => expect(o).toMatchObject({ id: s.caseId, eventCount: countZeekTsv(fixtures.zeekTsv).events }) },
  importFiles: {
    input: (s) => ({ caseId: s.emptyCaseId, sources: [s.engine.files.source(fixtures.zeekJson)] }),
    check: (o: { files: { status: string; events: number }[] }) => expect(o.files).toEqual([expect.objectContaining({ status: 'imported', events: countZeekJson(fixtures.zeekJson).events })]),
  },
  releaseFiles: {
    input: (s) => ({ fileIds: [s.engine.files.source(fixtures.zeekTsv).fileId, 'f'.repeat(32)] }),
    check: (o: unknown) => expect(o).toEqual({ released: 1 }),
  },
  cancelJob: { input: () => ({ jobId: 'no-such-job' }), check: (o: unknown) => expect(o).toEqual({ cancelled: false }) },
  previewFile: {
    input: (s) => ({ source: s.engine.files.source(fixtures.zeekTsv), rows: 2 }),
    check: (o: { format: string | null; rows: unknown[] }) => expect([o.format, o.rows.length]).toEqual(['zeek-conn-tsv', 2]),
  },
  // The case holds an import: with ifEmpty it stays (deleting is tested in cases-delete.test.ts).
  deleteCase: { input: (s) => ({ caseId: s.caseId, ifEmpty: true }), check: (o: unknown) => expect(o).toEqual({ deleted: false }) },
  deleteImport: { input: (s) => ({ caseId: s.emptyCaseId, importId: 999 }), check: (o: unknown) => expect(o).toEqual({ deleted: false, events: 0 }) },
  listQuarantine: { input: (s) => ({ caseId: s.caseId }), check: (o: { total: number; rows: unknown[] }) => expect(o).toEqual({ total: 0, rows: [] }) },
  listMappingProfiles: { input: () => ({}), check: (o: unknown[]) => expect(Array.isArray(o)).toBe(true) },
  saveMappingProfile: {
    input: () => ({ name: `SIEM ${++names}`, mapping: { columns: { time: 'Time', srcIp: 'Source', dstIp: 'Destination' } } }),
    check: (o: { name: string; mapping: { timeFormat: string } }) => expect([o.name, o.mapping.timeFormat]).toEqual([`SIEM ${names}`, 'auto']),
  },
  deleteMappingProfile: { input: () => ({ name: 'no such profile' }), check: (o: unknown) => expect(o).toEqual({ deleted: false }) },
  listImports: { input: (s) => ({ caseId: s.caseId }), check: (o: { file: string }[]) => expect(o.map((i) => i.file)).toEqual([fixtures.zeekTsv]) },
  getGraphView: {
    input: (s) => ({ caseId: s.caseId, search: '10.0.5.13' }),
    check: (o: { nodes: { id: string }[]; edges: { source: number[] } }) => expect([o.nodes.map((n) => n.id), o.edges.source.length > 0]).toEqual([expect.arrayContaining(['ip:10.0.5.13']), true]),
  },
  getTimeline: {
    input: (s) => ({ caseId: s.caseId, nodeId: 'ip:10.0.5.13', bins: 10 }),
    check: (o: { counts: number[] }) => expect([o.counts.length > 0 && o.counts.length <= 10, o.counts.reduce((a, b) => a + b, 0) > 0]).toEqual([true, true]),
  },
  getEntityDetails: { input: (s) => ({ caseId: s.caseId, nodeId: 'ip:10.0.5.13', limit: 3 }), check: (o: { connections: unknown[]; node: { id: string } }) => expect([o.node.id, o.connections.length]).toEqual(['ip:10.0.5.13', 3]) },
  listNodeLinks: {
    input: (s) => ({ caseId: s.caseId, nodeId: 'ip:10.0.5.13', links: 'sources', limit: 2 }),
    check: (o: { total: number; rows: { destination: string | null }[] }) => expect([o.total > 0, o.rows.length > 0, o.rows.every((r) => r.destination === '10.0.5.13')]).toEqual([true, true, true]),
  },
  intelWhereSeen: {
    input: () => ({ type: 'ipv4', value: '10.0.5.13' }),
    check: (o: { casesSearched: number; cases: { nodes: { nodeId: string }[] }[] }) => expect([o.casesSearched >= 1, o.cases.flatMap((c) => c.nodes.map((n) => n.nodeId))]).toEqual([true, ['ip:10.0.5.13']]),
  },
  intelImport: {
    input: (s) => ({ sources: [s.engine.files.source(fixtures.tweetfeedCsv)] }),
    check: (o: { files: { status: string; records: number }[] }) => expect(o.files).toEqual([expect.objectContaining({ status: 'imported', records: 59 })]),
  },
  intelExport: {
    input: (s) => ({ format: 'bundle', target: s.engine.files.target(path.join(h.tmp.make(), 'contract.slb')) }),
    check: (o: { format: string; records: number; sha256: string | null; download: unknown }) => expect([o.format, o.records > 59, o.sha256?.length, o.download]).toEqual(['bundle', true, 64, null]),
  },
  intelSync: { input: () => ({}), check: (o: { sources: { state: string }[] }) => expect(o.sources.every((x) => x.state === 'no-token')).toBe(true) },
  intelAddSource: { input: () => ({ kind: 'x-account', username: `feed_${++names}` }), check: (o: { name: string; kind: string }) => expect([o.name, o.kind]).toEqual([`x:@feed_${names}`, 'x-account']) },
  intelSetSource: { input: () => ({ name: 'stix:TweetFeed', trust: 0.9 }), check: (o: { trust: number }) => expect(o.trust).toBe(0.9) },
  intelSetXToken: { input: () => ({ token: null }), check: (o: { stored: boolean }) => expect(o.stored).toBe(false) },
  intelDecay: { input: () => ({}), check: (o: { tauDays: { ipv4: number }; delta: number }) => expect(o.tauDays.ipv4).toBeGreaterThan(0) },
  intelLookup: {
    input: () => ({ values: ['cvqgs36nhw-wtrkblpw-3i2d0e-cvq79c.pages.dev', 'not an indicator'] }),
    check: (o: { found: boolean; type: string | null }[]) => expect(o.map((r) => [r.type, r.found])).toEqual([['domain', true], [null, false]]),
  },
  intelStats: { input: () => ({}), check: (o: { indicators: number }) => expect(o.indicators).toBeGreaterThanOrEqual(59) },
  intelSources: { input: () => ({}), check: (o: { name: string }[]) => expect(o.map((x) => x.name)).toContain('stix:TweetFeed') },
  intelIndicators: { input: () => ({ type: 'domain', limit: 5 }), check: (o: { total: number; rows: { type: string }[] }) => expect([o.rows.length, o.rows.every((r) => r.type === 'domain')]).toEqual([5, true]) },
  intelSightings: {
    input: () => ({ type: 'domain', value: 'cvqgs36nhw-wtrkblpw-3i2d0e-cvq79c.pages.dev' }),
    check: (o: { postUrl: string | null }[]) => expect(o.map((x) => x.postUrl)).toContain('https://x.com/scanmalware/status/2090995771168481618'),
  },
  intelSetVerdict: {
    input: () => ({ type: 'domain', value: 'cvqgs36nhw-wtrkblpw-3i2d0e-cvq79c.pages.dev', verdict: 'confirmed' }),
    check: (o: { verdict: string | null }) => expect(o.verdict).toBe('confirmed'),
  },
  intelSetAllowlisted: {
    input: () => ({ type: 'ipv4', value: '8.8.8.8', allowlisted: true }),
    check: (o: { allowlisted: boolean; score: number }) => expect([o.allowlisted, o.score]).toEqual([true, 0]),
  },
  analyzeCase: {
    input: (s) => ({ caseId: s.caseId }),
    check: (o: { run: { state: string; units: number; stale: boolean }; findings: number }) => expect([o.run.state, o.run.units > 0, o.run.stale, o.findings >= 0]).toEqual(['done', true, false, true]),
  },
  exportReport: {
    // After analyzeCase (the tables run in the contract's order): a report needs an analysis.
    input: (s) => ({ caseId: s.caseId, format: 'json', minScore: 0, target: s.engine.files.target(path.join(h.tmp.make(), 'report.json')) }),
    check: (o: { format: string; records: number; sha256: string; download: unknown }) => expect([o.format, o.records >= 0, o.sha256.length, o.download]).toEqual(['json', true, 64, null]),
  },
  listFindings: {
    input: (s) => ({ caseId: s.caseId, limit: 5 }),
    check: (o: { findings: unknown[]; total: number }) => expect(o.findings.length).toBe(Math.min(5, o.total)),
  },
  setCaseVerdict: { input: (s) => ({ caseId: s.emptyCaseId, dst: '10.0.5.13', verdict: 'benign' }), check: (o: unknown) => expect(o).toEqual({ verdicts: 1 }) },
  listAllowlistRules: { input: (s) => ({ caseId: s.caseId }), check: (o: unknown[]) => expect(Array.isArray(o)).toBe(true) },
  addAllowlistRule: {
    input: (s) => ({ caseId: s.emptyCaseId, rule: { kind: 'cidr', value: '10.0.0.0/8', note: 'backup network' } }),
    check: (o: unknown) => expect(o).toMatchObject({ kind: 'cidr', value: '10.0.0.0/8', process: null, note: 'backup network' }),
  },
  removeAllowlistRule: { input: (s) => ({ caseId: s.emptyCaseId, id: 999 }), check: (o: unknown) => expect(o).toEqual({ removed: false }) },
  listNotes: {
    input: (s) => ({ caseId: s.caseId, search: 'contract' }),
    check: (o: { notes: { id: number }[]; total: number }, s) => expect([o.notes.map((n) => n.id), o.total]).toEqual([[s.noteId], 1]),
  },
  addNote: {
    input: (s) => ({ caseId: s.caseId, target: { kind: 'finding', host: 'ws-1', process: null, dst: '10.0.5.13', dport: 443 }, body: '**second** note' }),
    check: (o: { body: string; createdAt: string; updatedAt: string }) => expect([o.body, o.createdAt === o.updatedAt]).toEqual(['**second** note', true]),
  },
  updateNote: { input: (s) => ({ caseId: s.caseId, id: s.noteId, body: 'edited' }), check: (o: { id: number; body: string }, s) => expect(o).toMatchObject({ id: s.noteId, body: 'edited' }) },
  deleteNote: { input: (s) => ({ caseId: s.caseId, id: s.noteId }), check: (o: unknown, s) => expect(o).toEqual({ deleted: s.noteId }) },
  setTags: {
    input: (s) => ({ caseId: s.caseId, target: { kind: 'node', nodeId: 'ip:10.0.5.13' }, tags: ['C2', ' beacon ', 'c2'] }),
    check: (o: { tags: string[] }) => expect(o.tags).toEqual(['C2', 'beacon']),
  },
  listTags: { input: (s) => ({ caseId: s.caseId }), check: (o: unknown) => expect(o).toEqual([{ tag: 'beacon', targets: 1 }, { tag: 'C2', targets: 1 }]) },
};

/** One input per operation that the contract's schema refuses (wrong types, out-of-range values). */
const invalidInputs: Record<OperationName, (s: Setup) => unknown> = {
  getAppInfo: () => 42,
  getStartCase: () => [],
  listCases: () => 'everything',
  createCase: () => ({ name: 42 }),
  openCase: () => ({ caseId: 'Not A Case Id!' }),
  importFiles: (s) => ({ caseId: s.caseId, sources: [{ kind: 'path', path: '/etc/passwd' }] }),
  previewFile: () => ({ source: { kind: 'path', path: '/etc/passwd' } }),
  releaseFiles: () => ({ fileIds: ['../../etc/passwd'] }),
  deleteCase: (s) => ({ caseId: s.caseId, ifEmpty: 'yes' }),
  deleteImport: (s) => ({ caseId: s.caseId, importId: 'first' }),
  listQuarantine: (s) => ({ caseId: s.caseId, limit: 0 }),
  listMappingProfiles: () => 'all',
  saveMappingProfile: () => ({ name: 'x', mapping: { columns: { time: 'Time' } } }),
  deleteMappingProfile: () => ({ name: '' }),
  cancelJob: () => ({ jobId: 7 }),
  listImports: () => ({ caseId: null }),
  getGraphView: (s) => ({ caseId: s.caseId, grouping: { destinations: 'by-colour' } }),
  getTimeline: (s) => ({ caseId: s.caseId, bins: 0 }),
  getEntityDetails: (s) => ({ caseId: s.caseId, nodeId: 'host:x', limit: 0 }),
  listNodeLinks: (s) => ({ caseId: s.caseId, nodeId: 'host:x', links: 'neighbours' }),
  intelWhereSeen: () => ({ type: 'ip', value: '1.2.3.4' }),
  intelImport: () => ({ sources: [{ kind: 'path', path: '/etc/passwd' }] }),
  intelExport: () => ({ format: 'csv', path: '/tmp/x' }),
  intelSync: () => ({ maxWaitSeconds: -1 }),
  intelAddSource: () => ({ kind: 'x-account', username: 'not a name!' }),
  intelSetSource: () => ({ name: '' }),
  intelSetXToken: () => ({ token: 'short' }),
  intelDecay: () => ({ set: { delta: 0 } }),
  intelLookup: () => ({ values: [] }),
  intelStats: () => 42,
  intelSources: () => [1],
  intelIndicators: () => ({ limit: 5000 }),
  intelSightings: () => ({ type: 'ip', value: '1.2.3.4' }),
  intelSetVerdict: () => ({ type: 'ipv4', value: '1.2.3.4', verdict: 'bad' }),
  intelSetAllowlisted: () => ({ type: 'ipv4', value: '1.2.3.4' }),
  analyzeCase: () => ({ caseId: 'Bad Case!' }),
  exportReport: (s) => ({ caseId: s.caseId, format: 'docx' }),
  listFindings: (s) => ({ caseId: s.caseId, minScore: 2 }),
  setCaseVerdict: (s) => ({ caseId: s.caseId, verdict: 'benign' }),
  listAllowlistRules: () => ({}),
  addAllowlistRule: (s) => ({ caseId: s.caseId, rule: { kind: 'ip', value: '10.0.0.1' } }),
  removeAllowlistRule: (s) => ({ caseId: s.caseId, id: 'first' }),
  listNotes: (s) => ({ caseId: s.caseId, search: 'x'.repeat(201) }),
  addNote: (s) => ({ caseId: s.caseId, target: { kind: 'node', nodeId: 'ip:10.0.5.13' }, body: '   ' }),
  updateNote: (s) => ({ caseId: s.caseId, id: 1, body: 'x'.repeat(20_001) }),
  deleteNote: (s) => ({ caseId: s.caseId, id: 'first' }),
  setTags: (s) => ({ caseId: s.caseId, target: { kind: 'node', nodeId: 'ip:10.0.5.13' }, tags: ['bad\u0007tag'] }),
  listTags: () => ({ caseId: 42 }),
};

const call = (client: Client, op: OperationName, input: unknown, options?: object) =>
  (client[op] as (i: unknown, o?: object) => Promise<unknown>)(input, options);

const h = new EngineHarness();
let bigFile: string;
beforeAll(() => {
  bigFile = path.join(h.tmp.make(), 'big-conn.log');
  writeZeekTsv(bigFile, 50_000, 7);
});
afterAll(() => h.close());

async function prepare(engine: Engine): Promise<Setup> {
  const caseId = (await engine.invoke('createCase', { name: 'Contract fixture' })).id;
  const emptyCaseId = (await engine.invoke('createCase', { name: 'Contract import target' })).id;
  await engine.invoke('importFiles', { caseId, sources: [engine.files.source(fixtures.zeekTsv)] });
  await engine.invoke('intelImport', { sources: [engine.files.source(fixtures.stixBundle)] });
  const note = await engine.invoke('addNote', { caseId, target: { kind: 'node', nodeId: 'ip:10.0.5.13' }, body: 'written by the contract test' });
  return { engine, caseId, emptyCaseId, noteId: note.id };
}

const transports: [string, (engine: Engine) => Promise<TransportUnderTest>][] = [
  ['HTTP', (engine) => httpTransport(engine, h.tmp)],
  ['IPC', async (engine) => ipcTransport(engine)],
];

describe.each(transports)('every operation over %s', (_name, make) => {
  let t: TransportUnderTest;
  let engine: Engine;
  let setup: Setup;
  beforeAll(async () => {
    engine = h.engine();
    setup = await prepare(engine);
    t = await make(engine);
  });
  afterAll(() => t.close());

  it('the tables cover exactly the operations of the contract', () => {
    expect(Object.keys(validCalls).sort()).toEqual([...operationNames].sort());
    expect(Object.keys(invalidInputs).sort()).toEqual([...operationNames].sort());
  });

  it.each(operationNames)('%s: a valid call succeeds with an on-contract result', async (op) => {
    const entry = validCalls[op] as ValidCall | undefined;
    expect(entry, `operation ${op} has no entry in validCalls: add one`).toBeDefined();
    if (!entry) return;
    const output = await call(t.client, op, entry.input(setup));
    expect(contract[op].output.safeParse(output).success).toBe(true);
    entry.check(output as never, setup);
  });

  it.each(operationNames)('%s: invalid input is refused as INVALID_INPUT', async (op) => {
    const make = invalidInputs[op] as ((s: Setup) => unknown) | undefined;
    expect(make, `operation ${op} has no entry in invalidInputs: add one`).toBeDefined();
    if (!make) return;
    const err = await remoteError(call(t.client, op, make(setup)));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.payload.issues?.length).toBeGreaterThan(0);
  });

  it('an unknown case is NOT_FOUND', async () => {
    expect((await remoteError(t.client.getGraphView({ caseId: 'missing-case' }))).payload).toMatchObject({ code: 'NOT_FOUND', field: 'caseId' });
  });

  it('delivers importFiles progress events, then the result', async () => {
    const caseId = (await engine.invoke('createCase', { name: 'Progress case' })).id;
    const progress: ImportProgress[] = [];
    const result = await t.client.importFiles({ caseId, sources: [engine.files.source(bigFile)] }, { onProgress: (p) => progress.push(p) });
    expect(result.files[0]).toMatchObject({ status: 'imported', events: 50_000 });
    expect(progress.length).toBeGreaterThanOrEqual(2);
    for (const p of progress) expect(importProgressSchema.parse(p)).toMatchObject({ file: bigFile, fileIndex: 0, fileCount: 1, bytesTotal: fs.statSync(bigFile).size });
    expect(progress[0]?.bytesRead).toBeLessThan(fs.statSync(bigFile).size);
    expect(progress.at(-1)).toMatchObject({ bytesRead: fs.statSync(bigFile).size, rows: 50_000 });
    const rows = progress.map((p) => p.rows);
    expect([...rows].sort((a, b) => a - b)).toEqual(rows);
  });

  it('cancels importFiles when the caller aborts, storing nothing of the file', async () => {
    const caseId = (await engine.invoke('createCase', { name: 'Aborted case' })).id;
    const abort = new AbortController();
    const outcome = await t.client
      .importFiles({ caseId, sources: [engine.files.source(bigFile)] }, { signal: abort.signal, onProgress: () => abort.abort() })
      .then((r) => r.files[0]?.status, (err: unknown) => (err as { code?: string }).code);
    // Both transports cancel the job engine-side and get its result back.
    expect(outcome).toBe('cancelled');
    // Imports into one case run one after another, so this one starts once the aborted one has settled.
    const next = await t.client.importFiles({ caseId, sources: [engine.files.source(fixtures.zeekTsv)] });
    expect(next.files[0]?.status).toBe('imported');
    expect(await t.client.openCase({ caseId })).toMatchObject({ eventCount: countZeekTsv(fixtures.zeekTsv).events, importCount: 1 });
  });
});

describe('IPC wiring', () => {
  it('registers its channels, unregisters them and unsubscribes progress listeners', async () => {
    const engine = h.engine();
    const t = ipcTransport(engine);
    expect(t.ipc.channels().sort()).toEqual([ipcChannels.cancel, ipcChannels.invoke, ipcChannels.grantFiles, ipcChannels.chooseSaveTarget].sort());
    const caseId = (await engine.invoke('createCase', { name: 'Listeners' })).id;
    await t.client.importFiles({ caseId, sources: [engine.files.source(fixtures.zeekTsv)] }, { onProgress: () => {} });
    expect(t.ipc.listenerCount(ipcChannels.progress)).toBe(0);
    await t.close();
    expect(t.ipc.channels()).toEqual([]);
  });

  it('refuses calls from an untrusted frame, and from a frame it cannot identify', async () => {
    const t = ipcTransport(h.engine(), 'https://evil.example/');
    expect((await remoteError(t.client.listCases({}))).code).toBe('UNAUTHORIZED');
    const unknown = ipcTransport(h.engine(), null);
    expect((await remoteError(unknown.client.listCases({}))).code).toBe('UNAUTHORIZED');
    await expect(unknown.bridge.grantFiles([new File(['x'], fixtures.zeekTsv)])).rejects.toThrow(/untrusted frame/);
    const trusted = ipcTransport(h.engine(), 'sightline://app/index.html');
    expect(await trusted.client.listCases({})).toEqual([]);
  });
});
