import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { EvtxFile } from '@ts-evtx/core';
import { afterEach, describe, expect, it } from 'vitest';
import { caseMigrations, openDatabase } from '../../src/core/db/index.js';
import { importFile } from '../../src/core/telemetry/import-file.js';
import type { TelemetryFormat } from '../../src/shared/types.js';
import { corpusDir, fileLines, fixtures, fromRepo } from '../helpers/fixtures.js';
import { TempDirs } from '../helpers/temp-dirs.js';

/**
 * Every Sysmon file of the shared corpus (and the derived fixtures) through
 * the real import: counts must match a count made from the source itself,
 * with no reader involved. EID 3 → events, EID 1 → processes, EID 22 with an
 * address answer → dns, 11 → file creations, everything else ignored; data rows = imported +
 * quarantined + ignored.
 */

const tmp = new TempDirs();
afterEach(() => tmp.cleanup());

interface SourceCount {
  events: number;
  processes: number;
  fileCreations: number;
  dns: number;
  ignored: number;
  rows: number;
  /** Distinct addresses per EID 22 record, summed: the dns_answers rows. */
  answers: number;
}

/** Distinct addresses of a QueryResults value; a lookup with none names nothing and counts as ignored. */
function answers(queryResults: string | undefined): number {
  const ips = (queryResults ?? '').split(';').map((a) => a.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')).filter((a) => net.isIP(a) !== 0);
  return new Set(ips.map((a) => a.toLowerCase())).size;
}

function tally(records: Iterable<{ sysmon: boolean; id: number; queryResults?: string }>): SourceCount {
  const c: SourceCount = { events: 0, processes: 0, fileCreations: 0, dns: 0, ignored: 0, rows: 0, answers: 0 };
  for (const r of records) {
    c.rows++;
    if (r.sysmon && r.id === 3) c.events++;
    else if (r.sysmon && r.id === 1) c.processes++;
    else if (r.sysmon && r.id === 11) c.fileCreations++;
    else if (r.sysmon && r.id === 22 && answers(r.queryResults) > 0) {
      c.dns++;
      c.answers += answers(r.queryResults);
    } else c.ignored++;
  }
  return c;
}

/** Flat Sysmon JSON lines, read with JSON.parse only. */
function countJson(file: string): SourceCount {
  return tally(
    fileLines(file)
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const o = JSON.parse(l) as Record<string, unknown>;
        const source = String(o['SourceName'] ?? o['ProviderName'] ?? o['Channel'] ?? '');
        return { sysmon: source.startsWith('Microsoft-Windows-Sysmon'), id: Number(o['EventID']), queryResults: o['QueryResults'] as string | undefined };
      }),
  );
}

/** EVTX: the library's whole-file walk, event id, provider and QueryResults taken from its XML by pattern. */
async function countEvtx(file: string): Promise<SourceCount> {
  const evtx = await EvtxFile.open(file);
  return tally(
    [...evtx.records()].map((r) => {
      const xml = r.renderXml();
      return {
        sysmon: /<Provider Name=["']Microsoft-Windows-Sysmon["']/.test(xml),
        id: Number(/<EventID[^>]*>\s*(\d+)\s*</.exec(xml)?.[1]),
        queryResults: /<Data Name=["']QueryResults["']>([^<]*)</.exec(xml)?.[1],
      };
    }),
  );
}

function filesUnder(dir: string, match: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && match.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

async function importIntoFreshCase(file: string) {
  const db = openDatabase(path.join(tmp.make('sightline-conformance-'), 'case.sqlite'), caseMigrations, 'conformance case');
  try {
    const result = await importFile(db, file);
    const rows = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      result,
      stored: { events: rows('events'), processes: rows('processes'), fileCreations: rows('file_creations'), answers: rows('dns_answers'), quarantine: rows('quarantine') },
    };
  } finally {
    db.close();
  }
}

async function expectConforms(file: string, format: TelemetryFormat, expected: SourceCount): Promise<void> {
  const { result, stored } = await importIntoFreshCase(file);
  const { events, processes, fileCreations, dns } = expected;
  expect(result).toMatchObject({ status: 'imported', format, events, processes, fileCreations, dns, alerts: 0, quarantined: 0 });
  expect(result.events + result.processes + result.fileCreations + result.dns + result.quarantined + result.ignored).toBe(expected.rows);
  expect(stored).toEqual({ events, processes, fileCreations, answers: expected.answers, quarantine: 0 });
}

const jsonFiles = filesUnder(path.join(corpusDir, 'redistributable', 'sysmon_json'), /\.json$/);
const evtxFiles = filesUnder(path.join(corpusDir, 'reference-only', 'sysmon_evtx'), /\.evtx$/i);
if (jsonFiles.length === 0) console.warn(`conformance-sysmon: no Sysmon JSON under ${fromRepo(corpusDir)}/redistributable/sysmon_json; those checks are skipped`);
if (evtxFiles.length === 0) console.warn(`conformance-sysmon: no EVTX under ${fromRepo(corpusDir)}/reference-only/sysmon_evtx; those checks are skipped`);

describe.skipIf(jsonFiles.length === 0)(`Sysmon JSON of the corpus (${fromRepo(corpusDir)}/redistributable/sysmon_json)`, () => {
  it.each(jsonFiles)('%s', async (file) => {
    const expected = countJson(file);
    expect(expected.events + expected.processes + expected.dns).toBeGreaterThan(0);
    await expectConforms(file, 'sysmon-json', expected);
  });
});

describe.skipIf(evtxFiles.length === 0)(`Sysmon EVTX of the corpus, read in place (${fromRepo(corpusDir)}/reference-only/sysmon_evtx)`, () => {
  it.each(evtxFiles)('%s', async (file) => {
    await expectConforms(file, 'sysmon-evtx', await countEvtx(file));
  });
});

describe('the derived fixtures hold the OTRF events in every Sysmon format', () => {
  const dir = path.dirname(fixtures.sysmonWevtutil);
  const otrf = countJson(fixtures.sysmonWevtutil);

  it.each([
    ['wevtutil-eid1-3-22.xml', 'sysmon-xml'],
    ['get-winevent-eid1-3-22.xml', 'sysmon-xml'],
    ['winlogbeat-sysmon-module.ndjson', 'sysmon-ecs-json'],
    ['splunk-sysmon.csv', 'sysmon-csv'],
    ['kibana-discover.csv', 'sysmon-csv'],
  ] as const)('%s is detected as %s and imports the same records', async (name, format) => {
    await expectConforms(path.join(dir, name), format, otrf);
  });

  it('imports the first 40 events from Elasticsearch hits', async () => {
    const first40 = tally(
      fileLines(fixtures.sysmonWevtutil)
        .slice(0, 40)
        .map((l) => {
          const o = JSON.parse(l) as Record<string, unknown>;
          return { sysmon: true, id: Number(o['EventID']), queryResults: o['QueryResults'] as string | undefined };
        }),
    );
    await expectConforms(path.join(dir, 'winlogbeat7-hits.ndjson'), 'sysmon-ecs-json', first40);
  });
});
