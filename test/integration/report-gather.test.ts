import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { createGeo, createServiceCatalogue } from '../../src/core/analysis/enrich/index.js';
import { defaultDecay } from '../../src/core/intel/decay.js';
import { gatherReport } from '../../src/core/report/gather.js';
import { reportWriter } from '../../src/core/report/writers.js';
import { DEFAULT_REPORT_MIN_SCORE, MAX_REPORT_FINDINGS, reportDocumentSchema, reportFormats, type ReportDocument, type ReportFormat, type ReportProgress } from '../../src/shared/report-types.js';
import { caseFile, EngineHarness, remoteError, withCaseDb } from '../helpers/engine.js';
import { fixtures } from '../helpers/fixtures.js';
import { HOSTILE, reportCase } from '../helpers/report-case.js';
import type { WeekManifest } from '../synthetic/index.js';

/**
 * The report document of the hostile report case, through the exportReport
 * job as JSON: which findings it selects, every section filled, the hostile
 * host, process path and post text kept as data, and the file written whole
 * or not at all.
 */

const h = new EngineHarness();
let engine: Engine;
let caseId = '';
let manifest: WeekManifest;
let doc: ReportDocument;
let gatherMs = 0;

async function report(input: Record<string, unknown> = {}): Promise<{ doc: ReportDocument; out: Awaited<ReturnType<Engine['invoke']>> & { sha256: string; records: number }; file: string }> {
  const file = path.join(h.tmp.make('report-'), 'report.json');
  const out = await engine.invoke('exportReport', { caseId, format: 'json', ...input, target: engine.files.target(file) });
  return { doc: reportDocumentSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))), out, file };
}

beforeAll(async () => {
  ({ engine, caseId, manifest } = await reportCase(h));
  const t = performance.now();
  doc = (await report({ title: 'Hostile week', analyst: 'Ann <b>Analyst</b>', tlp: 'red' })).doc;
  gatherMs = performance.now() - t;
}, 300_000);
afterAll(() => h.close());

const FINDING_COLUMNS = 'run_id, host, image, dst_ip, dst_port, score, severity, kinds, explanations, events, bytes_out, bytes_in, first_ts, last_ts';

/**
 * The report gathered in-process over a copy of the case that `plant` changes
 * (it returns the finding ids to report), with every SQL statement prepared
 * on the case recorded: how often the gathering reads what.
 */
async function gatherCopy(plant: (db: Database.Database) => number[]): Promise<{ gathered: ReportDocument; sql: string[]; ids: number[] }> {
  const copy = path.join(h.tmp.make('gather-copy-'), 'case.sqlite');
  const source = new Database(caseFile(engine, caseId), { readonly: true, fileMustExist: true });
  await source.backup(copy).finally(() => source.close());
  const db = new Database(copy);
  const home = new Database(engine.layout.homeDb, { readonly: true, fileMustExist: true });
  try {
    const ids = plant(db);
    const sql: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((text: string) => {
      sql.push(text);
      return prepare(text);
    }) as typeof db.prepare;
    const gathered = await gatherReport(db, home, { caseId, findingIds: ids }, {
      caseInfo: { id: caseId, name: 'copy', createdAt: null },
      version: 'test',
      now: () => Date.now(),
      scoreAt: () => ({ now: Date.now(), model: defaultDecay }),
      warninglists: () => undefined,
      geo: () => createGeo({ dataHome: engine.layout.root }),
      services: () => createServiceCatalogue({ warninglists: null }),
    });
    return { gathered, sql, ids };
  } finally {
    db.close();
    home.close();
  }
}

const hostile = () => {
  const f = doc.findings.find((x) => x.finding.host === HOSTILE.host);
  if (!f) throw new Error('the hostile finding is not in the report');
  return f;
};

describe('the default selection', () => {
  it('takes every finding at or above 0.7, highest first, and says so', async () => {
    const all = await engine.invoke('listFindings', { caseId, minScore: 0, limit: 10_000 });
    const expected = all.findings.filter((f) => f.score >= DEFAULT_REPORT_MIN_SCORE).map((f) => f.id);
    expect(expected.length).toBeGreaterThan(3);
    expect(expected.length).toBeLessThan(all.total);
    expect(doc.findings.map((f) => f.finding.id)).toEqual(expected);
    expect(doc.selection).toEqual({ minScore: DEFAULT_REPORT_MIN_SCORE, findingIds: null, sections: ['summary', 'findings', 'graph', 'appendix'] });
    expect([doc.schema, doc.version, doc.title, doc.analyst, doc.tlp, doc.case.id]).toEqual(['sightline-report', 1, 'Hostile week', 'Ann <b>Analyst</b>', 'red', caseId]);
    console.log(`gathered and wrote ${doc.findings.length} findings of the week in ${gatherMs.toFixed(0)} ms`);
  });

  it('sums them up: counts by severity, hosts, processes, destinations, span', () => {
    const s = doc.summary;
    expect(s.findings).toBe(doc.findings.length);
    expect(Object.values(s.bySeverity).reduce((a, b) => a + b, 0)).toBe(s.findings);
    expect(s.bySeverity.high).toBe(doc.findings.filter((f) => f.finding.severity === 'high').length);
    expect(s.hosts).toContain(HOSTILE.host);
    expect(s.processes).toContain(HOSTILE.image);
    expect(s.destinations).toContain(HOSTILE.ip);
    expect(new Set(s.hosts).size).toBe(s.hosts.length);
    expect(s.span?.first).toBe(doc.findings.map((f) => f.finding.firstSeen).sort()[0]);
    expect(s.span?.last).toBe(doc.findings.map((f) => f.finding.lastSeen).sort().at(-1));
  });
});

describe('a finding as reported', () => {
  it('keeps the hostile host, process path, command line and post text as data', () => {
    const f = hostile();
    expect(f.finding.process).toBe(HOSTILE.image);
    expect(f.finding.host).toContain('\u202E');
    // The sentence is prose: the override in the host name shows as a marker there, as in the explanations.
    expect(f.sentence.startsWith("WS09-⟨U+202E⟩exe.txt's ")).toBe(true);
    expect(f.sentence).toContain(`→ ${HOSTILE.ip}: `);
    expect(f.sentence).toContain(HOSTILE.script);
    expect(f.process?.path).toBe(HOSTILE.image);
    expect(f.process?.commandLine).toContain(HOSTILE.script);
    const hit = f.destination?.reputation.hits.find((x) => x.value === HOSTILE.ip);
    expect(hit?.citations).toEqual([expect.objectContaining({ source: 'stix:Hostile Feed', author: HOSTILE.author, postedAt: HOSTILE.postedAt, text: HOSTILE.postText, link: HOSTILE.postUrl })]);
    expect(hit?.citations[0]?.text).toContain(HOSTILE.script);
    expect(hit?.citations[0]?.text).toContain(HOSTILE.img);
    // Scored as of the connection, from the post known the day before.
    expect(hit?.atConnection?.score).toBeGreaterThan(0);
    expect(hit?.reportedAfter).toBeNull();
  });

  it('carries the chain: lineage (who wrote the binary, its parent), its hash hit with the post, the combination', () => {
    const f = hostile();
    expect(f.lineage?.written).toMatchObject({ by: HOSTILE.dropper, file: HOSTILE.image });
    expect(f.lineage?.parents.map((p) => p.image)).toEqual([HOSTILE.dropper]);
    expect(f.lineage?.beyond).toBe(HOSTILE.parentImage);
    const hash = f.process?.hashes.find((x) => x.type === 'sha256');
    expect(hash?.value.toLowerCase()).toBe(HOSTILE.sha256);
    expect(hash?.reputation?.hits[0]?.citations[0]?.text).toBe(HOSTILE.postText);
    expect(f.combination?.steps.map((s) => s.kind)).toEqual(expect.arrayContaining(['ioc', 'hash']));
    expect(f.combination?.total).toBeCloseTo(f.finding.score, 3);
  });

  it("draws the unit's connections: timeline and bytes per day of the finding's events, intervals for a beacon", () => {
    const sum = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);
    const f = hostile();
    expect(sum(f.charts.timeline?.counts ?? [])).toBe(HOSTILE.connections);
    expect(sum(f.charts.bytesPerDay?.connections ?? [])).toBe(HOSTILE.connections);
    expect(f.charts.bytesPerDay?.days).toEqual([HOSTILE.day]);
    expect(f.charts.intervals).toBeNull();
    // Every connection of the unit is one of a unit with a finding.
    expect(f.charts.timeline?.findings).toEqual(f.charts.timeline?.counts);
    const beacon = manifest.incidents.find((i) => i.id === 'beacon');
    const b = doc.findings.find((x) => x.finding.dst === beacon?.destination.ip && x.finding.host === beacon?.host);
    expect(b?.finding.kinds).toContain('beacon');
    expect(sum(b?.charts.timeline?.counts ?? [])).toBe(b?.finding.events);
    expect(b?.charts.intervals?.medianSeconds).toBeGreaterThan(570);
    expect(b?.charts.intervals?.medianSeconds).toBeLessThan(630);
    expect(b?.charts.intervals?.units).toBe(1);
    expect(b?.destination?.names).toContain(beacon?.destination.hostname);
  });

  it('draws each finding over its own unit: the timeline holds the connections its bytes per day count', () => {
    const sum = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);
    expect(doc.findings.length).toBeGreaterThan(3);
    for (const f of doc.findings) expect([f.finding.id, sum(f.charts.timeline?.counts ?? [])]).toEqual([f.finding.id, sum(f.charts.bytesPerDay?.connections ?? [])]);
  });

  it("bins a host's connections to a destination (an edge host → destination) as the case holds them", async () => {
    const findings = (await engine.invoke('listFindings', { caseId, minScore: 0, limit: 10_000 })).findings;
    const pairs = [...new Map(findings.map((f) => [`${f.host}\u0000${f.dst}`, f])).values()].slice(0, 12);
    expect(pairs.length).toBeGreaterThan(5);
    for (const f of pairs) {
      const t = await engine.invoke('getTimeline', { caseId, nodeId: `host:${f.host}->ip:${f.dst}` });
      const expected = withCaseDb(engine, caseId, (db) =>
        db.prepare('SELECT COUNT(*) FROM events WHERE host = ? AND dst_ip = ? AND NOT (image IS NULL AND peer_id IS NOT NULL)').pluck().get(f.host, f.dst),
      );
      expect(t.counts.reduce((a, b) => a + b, 0)).toBe(expected);
      // Connections of units with a finding: at least this finding's, never more than all.
      expect(t.findings.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(f.events);
      expect(t.findings.every((n, i) => n <= (t.counts[i] as number))).toBe(true);
    }
  });

  it("carries the analyst's notes and tags on the finding as written, and the case's other notes", () => {
    const f = hostile();
    expect(f.notes.map((n) => n.body)).toEqual([HOSTILE.note]);
    expect(f.notes[0]?.target).toEqual({ kind: 'finding', host: HOSTILE.host, process: HOSTILE.image, dst: HOSTILE.ip, dport: null });
    expect(f.tags).toEqual([...HOSTILE.tags]);
    expect(doc.notes.map((n) => n.body)).toEqual([HOSTILE.hostNote]);
    expect(doc.findings.filter((x) => x !== f).every((x) => x.notes.length === 0)).toBe(true);
  });

  it('carries the verdict as the analyst set it: the note as typed, when, and on what', () => {
    const f = hostile();
    expect(f.finding.verdict).toBe('malicious');
    expect(f.verdict).toEqual({ verdict: 'malicious', note: HOSTILE.verdictNote, setAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), on: { host: HOSTILE.host, process: HOSTILE.image, dst: HOSTILE.ip } });
    expect(doc.findings.filter((x) => x !== f).every((x) => x.verdict === null && x.finding.verdict === null)).toBe(true);
  });

  it("reads the notes, tags, verdicts and the run's settings once, and a unit's charts once however many of its findings (one per port) are reported", async () => {
    const { gathered, sql, ids } = await gatherCopy((db) => {
      // The hostile unit with a second finding, about one port, beside the one about every port.
      const own = db.prepare('SELECT id FROM findings WHERE host = ? AND dst_ip = ?').pluck().get(HOSTILE.host, HOSTILE.ip) as number;
      const port = Number(db.prepare(`INSERT INTO findings (${FINDING_COLUMNS}) SELECT ${FINDING_COLUMNS.replace('dst_port', '?')} FROM findings WHERE id = ?`).run(HOSTILE.port, own).lastInsertRowid);
      return [own, port, doc.findings.find((f) => f.finding.dst !== HOSTILE.ip)?.finding.id as number];
    });
    const times = (pattern: RegExp) => sql.filter((s) => pattern.test(s)).length;
    expect(gathered.findings.map((f) => f.finding.id).sort()).toEqual([...ids].sort());
    expect([times(/FROM notes\b/), times(/FROM tags\b/), times(/FROM case_verdicts\b/), times(/SELECT settings FROM analysis_runs/)]).toEqual([1, 1, 1, 1]);
    // Two units: two timelines and two days' charts of a host's connections (the destinations' own, in their details, are over dst_ip alone).
    expect(times(/MIN\(ts\) AS lo[\s\S]*host = \?/)).toBe(2);
    expect(times(/ts \/ 86400000 AS d[\s\S]*host = \?/)).toBe(2);
    const [a, b] = gathered.findings.filter((f) => f.finding.dst === HOSTILE.ip);
    expect(a?.charts).toEqual(b?.charts);
    expect(a?.verdict?.note).toBe(HOSTILE.verdictNote);
    expect(b?.verdict).toEqual(a?.verdict);
  });

  it("draws a sensor flow's finding over its flows only, not the host's processes' connections to the same destination", async () => {
    const flow = (await engine.invoke('listFindings', { caseId, minScore: 0, limit: 10_000 })).findings.find((f) => f.process === null);
    if (!flow) throw new Error('the week has no finding without a process');
    const { gathered } = await gatherCopy((db) => {
      // A process on the same host reaching the same destination: its connection is not the flow finding's.
      db.prepare(
        "INSERT INTO events (import_id, line, ts, host, image, src_ip, dst_ip, dst_port, initiated) SELECT import_id, line, ts, host, 'C:\\Tools\\other.exe', src_ip, dst_ip, dst_port, 1 FROM events WHERE host = ? AND image IS NULL AND dst_ip = ? LIMIT 1",
      ).run(flow.host, flow.dst);
      return [flow.id];
    });
    const charts = gathered.findings[0]?.charts;
    const sum = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);
    expect(sum(charts?.bytesPerDay?.connections ?? [])).toBeGreaterThan(0);
    expect(sum(charts?.timeline?.counts ?? [])).toBe(sum(charts?.bytesPerDay?.connections ?? []));
  });

  it('reads a destination shared by several findings once: the same details in each', () => {
    const byDst = new Map<string, string>();
    for (const f of doc.findings) {
      const seen = JSON.stringify(f.destination);
      const before = byDst.get(f.finding.dst);
      if (before !== undefined) expect(seen).toBe(before);
      byDst.set(f.finding.dst, seen);
    }
    expect(doc.findings.every((f) => f.destination !== null)).toBe(true);
  });
});

describe('the appendix', () => {
  it('lists the inputs by name with SHA-256, format and counts, the join, the IoC sources and the analysis parameters', async () => {
    const a = doc.appendix;
    const imports = await engine.invoke('listImports', { caseId });
    expect(a.inputs.map((i) => i.sha256)).toEqual(imports.map((i) => i.sha256));
    expect(a.inputs.map((i) => i.file)).toEqual(imports.map((i) => path.basename(i.file)));
    expect(a.inputs.every((i) => /^[0-9a-f]{64}$/.test(i.sha256) && !i.file.includes('/'))).toBe(true);
    expect(a.inputs.find((i) => i.file === 'hostile-sysmon.json')).toMatchObject({ format: 'sysmon-json', events: HOSTILE.connections, processes: 2, fileCreations: 1, quarantined: 0 });
    expect(a.join.endpointEvents).toBeGreaterThan(0);
    expect(a.join.flowMatched).toBeGreaterThan(0);
    expect(a.intelSources.map((s) => s.name)).toEqual(expect.arrayContaining(['stix:Hostile Feed']));
    expect(a.intelSources.find((s) => s.name === 'stix:Hostile Feed')?.indicators).toBe(2);
    expect(a.analysis).toMatchObject({ stale: false, staleBecause: null, window: expect.objectContaining({ start: expect.any(String) }) });
    expect((a.analysis?.parameters as { combine?: unknown }).combine).toBeDefined();
    expect(doc.sightlineVersion).toBe('dev');
  });
});

describe('choosing findings', () => {
  it('takes the ids asked for, and names the ones the latest analysis does not have', async () => {
    const ids = [doc.findings[2]?.finding.id as number, doc.findings[0]?.finding.id as number];
    const { doc: picked, out } = await report({ findingIds: ids });
    expect(picked.findings.map((f) => f.finding.id)).toEqual([ids[1], ids[0]]);
    expect(picked.selection.findingIds).toEqual(ids);
    expect(out.records).toBe(2);
    const err = await remoteError(engine.invoke('exportReport', { caseId, format: 'json', findingIds: [ids[0] as number, 999_999, 888_888] }));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(/no finding 999999, 888888 in the latest analysis/);
  });

  it('refuses a case never analysed, and a selection larger than a report takes', async () => {
    const fresh = (await engine.invoke('createCase', { name: 'never analysed' })).id;
    await engine.invoke('importFiles', { caseId: fresh, sources: [engine.files.source(fixtures.zeekTsv)] });
    const never = await remoteError(engine.invoke('exportReport', { caseId: fresh, format: 'json' }));
    expect([never.code, never.message]).toEqual(['INVALID_INPUT', expect.stringMatching(/not been analysed yet/)]);
    // More findings than a report takes, planted in the case file.
    const db = new Database(caseFile(engine, fresh));
    const run = Number(db.prepare("INSERT INTO analysis_runs (started_at, finished_at, case_revision, intel_revision, settings, state, units, findings) VALUES ('2026-11-20T00:00:00Z', NULL, 0, 0, '{}', 'done', 1, 0)").run().lastInsertRowid);
    const add = db.prepare("INSERT INTO findings (run_id, host, image, dst_ip, dst_port, score, severity, kinds, explanations, events, bytes_out, bytes_in, first_ts, last_ts) VALUES (?, 'h', '', ?, 443, 0.8, 'low', '[]', '[]', 1, 0, 0, 0, 0)");
    db.transaction(() => {
      for (let i = 0; i <= MAX_REPORT_FINDINGS; i++) add.run(run, `198.51.${i >> 8}.${i & 255}`);
    })();
    db.close();
    const many = await remoteError(engine.invoke('exportReport', { caseId: fresh, format: 'json' }));
    expect([many.code, many.payload.field, many.message]).toEqual(['INVALID_INPUT', 'minScore', `${MAX_REPORT_FINDINGS + 1} findings score 0.7 or more, more than the ${MAX_REPORT_FINDINGS} a report takes: raise the minimum score or name the findings`]);
  });

  it('adds a finding the analyst called malicious whatever its score', async () => {
    const low = (await engine.invoke('listFindings', { caseId, minScore: 0, limit: 10_000 })).findings.find((f) => f.score < DEFAULT_REPORT_MIN_SCORE && f.process !== null);
    if (!low) throw new Error('the week has no low finding');
    await engine.invoke('setCaseVerdict', { caseId, host: low.host, process: low.process ?? undefined, dst: low.dst, verdict: 'malicious' });
    const { doc: after } = await report();
    expect(after.findings.map((f) => f.finding.id)).toContain(low.id);
    expect(after.findings.find((f) => f.finding.id === low.id)?.finding.verdict).toBe('malicious');
    // Set since the analysis, without a note: the verdict as it stands now.
    expect(after.findings.find((f) => f.finding.id === low.id)?.verdict).toMatchObject({ verdict: 'malicious', note: null, on: { host: low.host, process: low.process, dst: low.dst } });
    expect(after.findings.length).toBe(doc.findings.length + 1);
    // The verdict changed the case since the analysis: the appendix says the findings may be out of date.
    expect(after.appendix.analysis?.stale).toBe(true);
  });
});

describe('the file', () => {
  it('is the document as JSON with the SHA-256 the job returns; without a target, a download', async () => {
    const { out, file } = await report({ minScore: 0.9 });
    expect(out.sha256).toBe(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
    expect(out).toMatchObject({ file, format: 'json', download: null });
    const d = await engine.invoke('exportReport', { caseId, format: 'json', minScore: 0.9 });
    expect(d.download?.name).toMatch(/^sightline-report-report-case-\d{4}-\d{2}-\d{2}\.json$/);
    const taken = engine.files.takeDownload(d.download?.fileId ?? '');
    const chunks: Buffer[] = [];
    for await (const chunk of taken?.stream ?? []) chunks.push(chunk as Buffer);
    taken?.done();
    expect(crypto.createHash('sha256').update(Buffer.concat(chunks)).digest('hex')).toBe(d.sha256);
  });

  it.each(['gathering', 'writing'] as const)('cancelled while %s, leaves no file', async (step) => {
    const dir = h.tmp.make('cancel-');
    const file = path.join(dir, 'report.json');
    const abort = new AbortController();
    const steps: string[] = [];
    const err = await remoteError(
      engine.invoke('exportReport', { caseId, format: 'json', target: engine.files.target(file) }, {
        signal: abort.signal,
        onProgress: (p: ReportProgress) => {
          steps.push(p.step);
          if (p.step === step) abort.abort();
        },
      }),
    );
    expect(err.code).toBe('CANCELLED');
    expect(steps).toContain(step);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  // Until every writer is in this build: a format without one is refused by name (skipped once all are there).
  const missing = (Object.keys(reportFormats) as ReportFormat[]).find((f) => {
    try {
      reportWriter(f);
      return false;
    } catch {
      return true;
    }
  });
  it.skipIf(missing === undefined)('refuses a format this build cannot write yet, naming it', async () => {
    const format = missing as ReportFormat;
    const err = await remoteError(engine.invoke('exportReport', { caseId, format }));
    expect([err.code, err.payload.field, err.message]).toEqual(['INVALID_INPUT', 'format', `the ${reportFormats[format].label} report is not available yet in this build of Sightline`]);
  });
});
