import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { EmptyFileError, FileUnreadableError } from '../../src/core/errors/index.js';
import { classifyColumn, normalizeHeaderName, suggestColumns } from '../../src/core/telemetry/column-guess.js';
import { previewFile } from '../../src/core/telemetry/preview-file.js';
import { filePreviewSchema } from '../../src/shared/types.js';
import { fileLines, fixtures, repoRoot } from '../helpers/fixtures.js';
import { rejected } from '../helpers/sink.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const tmp = new TempDirs();
afterEach(() => tmp.cleanup());

const csvDir = path.join(repoRoot, 'test', 'fixtures', 'csv');
const flowsDir = path.join(repoRoot, 'test', 'fixtures', 'flows');
const siem = path.join(csvDir, 'siem-alerts-epoch-ms.csv');
const locale = path.join(csvDir, 'locale-semicolon-dmy.csv');

/** previewFile, checked against the contract's output schema on the way. */
async function preview(file: string, opts: Partial<Parameters<typeof previewFile>[2]> = {}) {
  const p = await previewFile(file, path.basename(file), { rows: 20, ...opts });
  expect(filePreviewSchema.parse(p)).toEqual(p);
  return p;
}

describe('previewFile on a SIEM alert export', () => {
  it('has no recognised format and says why, splits the rows, and proposes a full mapping from the header names', async () => {
    const p = await preview(siem);
    expect(p.file).toBe('siem-alerts-epoch-ms.csv');
    expect(p.format).toBeNull();
    expect(p.problem).toMatch(/not a supported telemetry format/);
    expect(p.delimiter).toBe(',');
    expect(p.columns).toEqual(['timestamp', 'src_ip', 'src_port', 'dest_ip', 'dest_port', 'transport', 'host', 'user', 'process_name', 'bytes_out', 'bytes_in', 'signature', 'severity', 'action']);
    expect(p.rows).toHaveLength(4);
    expect(p.rows[3]?.[11]).toBe('Exfiltration suspected:\nlarge upload to rare host');
    expect(p.columnTypes).toEqual(['time', 'ip', 'port', 'ip', 'port', 'text', 'text', 'text', 'text', 'number', 'port', 'text', 'text', 'text']);
    expect(p.suggested).toEqual({
      delimiter: ',',
      header: true,
      timeFormat: 'epoch-ms',
      columns: {
        time: 'timestamp',
        srcIp: 'src_ip',
        srcPort: 'src_port',
        dstIp: 'dest_ip',
        dstPort: 'dest_port',
        proto: 'transport',
        host: 'host',
        user: 'user',
        process: 'process_name',
        bytesOut: 'bytes_out',
        bytesIn: 'bytes_in',
        signature: 'signature',
        severity: 'severity',
        action: 'action',
      },
    });
    expect(p.timeFormats).toEqual(['epoch-ms']);
  });

  it('returns only the rows asked for', async () => {
    const p = await preview(siem, { rows: 2 });
    expect(p.rows.map((r) => r[0])).toEqual(['1785839952046', '1785839953112']);
  });

  it('reads a gzipped copy the same way', async () => {
    const gz = tmp.file('siem.csv.gz', zlib.gzipSync(fs.readFileSync(siem)));
    const p = await previewFile(gz, 'siem.csv.gz', { rows: 20 });
    const plain = await previewFile(siem, 'siem.csv.gz', { rows: 20 });
    expect(p).toEqual(plain);
  });
});

describe('previewFile on a locale export with names it does not know', () => {
  it('detects the semicolon and proposes time and addresses from the value types', async () => {
    const p = await preview(locale, { rows: 3 });
    expect(p.delimiter).toBe(';');
    expect(p.columns).toEqual(['Zeitpunkt', 'Quelle', 'Ziel', 'Zielport', 'Protokoll', 'Aktion']);
    expect(p.columnTypes).toEqual(['time', 'ip', 'ip', 'port', 'text', 'text']);
    expect(p.suggested.columns).toEqual({ time: 'Zeitpunkt', srcIp: 'Quelle', dstIp: 'Ziel' });
    expect(p.timeFormats).toEqual(['dmy']);
    expect(p.suggested.timeFormat).toBe('dmy');
  });

  it('proposes no time format when a sampled value is no date (31/02)', async () => {
    const p = await preview(locale);
    expect(p.rows).toHaveLength(4);
    expect(p.columnTypes[0]).toBe('text');
    expect(p.timeFormats).toEqual([]);
    expect(p.suggested.timeFormat).toBe('auto');
  });

  it('follows the delimiter and header the user forces', async () => {
    const p = await preview(locale, { delimiter: ',', header: false, rows: 2 });
    expect(p.delimiter).toBe(',');
    expect(p.columns).toEqual(['column 1']);
    expect(p.rows).toEqual([['Zeitpunkt;Quelle;Ziel;Zielport;Protokoll;Aktion'], ['30/12/2026 08:15:00;192.168.178.20;203.0.113.10;443;TCP;erlaubt']]);
  });
});

describe('previewFile on files without a header', () => {
  it('sees the first row is data, names columns by position and proposes positions', async () => {
    const file = tmp.file('noheader.tsv', '2026-01-02T03:04:05Z\t10.0.0.1\t51000\t203.0.113.5\t443\n2026-01-02T03:04:06Z\t10.0.0.1\t51001\t203.0.113.6\t80\n');
    const p = await preview(file);
    expect(p.suggested.header).toBe(false);
    expect(p.delimiter).toBe('\t');
    expect(p.columns).toEqual(['column 1', 'column 2', 'column 3', 'column 4', 'column 5']);
    expect(p.rows).toHaveLength(2);
    expect(p.suggested.columns).toEqual({ time: 0, srcIp: 1, dstIp: 3 });
    expect(p.timeFormats[0]).toBe('iso');
  });
});

describe('previewFile on recognised formats', () => {
  it('shows Zeek TSV as raw lines without columns', async () => {
    const p = await preview(fixtures.zeekTsv, { rows: 3 });
    expect(p).toMatchObject({ format: 'zeek-conn-tsv', problem: null, delimiter: null, columns: [], columnTypes: [], timeFormats: [] });
    expect(p.rows).toEqual(fileLines(fixtures.zeekTsv).slice(0, 3).map((l) => [l]));
  });

  it('shows nfdump CSV as a table, with a mapping from its own column names', async () => {
    const p = await preview(path.join(flowsDir, 'nfdump-with-summary.csv'));
    expect(p.format).toBe('nfdump-csv');
    expect(p.columns).toHaveLength(48);
    expect(p.suggested.columns).toMatchObject({ time: 'ts', srcIp: 'sa', dstIp: 'da', srcPort: 'sp', proto: 'pr', duration: 'td', bytesOut: 'ibyt', bytesIn: 'obyt', pktsOut: 'ipkt', pktsIn: 'opkt' });
  });

  it('shows Argus TAB files split on TAB', async () => {
    const p = await preview(path.join(flowsDir, 'argus-stratosphere-tab.binetflow'));
    expect(p.format).toBe('argus-binetflow');
    expect(p.delimiter).toBe('\t');
    expect(p.columns.slice(0, 4)).toEqual(['StartTime', 'Dur', 'Proto', 'SrcAddr']);
  });
});

describe('previewFile on bad input', () => {
  it('lets an empty or missing file fail as such', async () => {
    expect(await rejected(previewFile(tmp.file('empty.csv', ''), 'empty.csv', { rows: 5 }))).toBeInstanceOf(EmptyFileError);
    expect(await rejected(previewFile(path.join(tmp.make(), 'nope.csv'), 'nope.csv', { rows: 5 }))).toBeInstanceOf(FileUnreadableError);
  });

  it('stays small on a runaway quote, a very wide row and very long cells', async () => {
    const wide = Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',');
    const file = tmp.file('hostile.csv', `${wide}\n${'x'.repeat(100_000)},"${'y\n'.repeat(20_000)}`);
    const p = await preview(file);
    expect(p.columns).toHaveLength(500);
    expect(p.rows.length).toBeLessThanOrEqual(1);
    expect(JSON.stringify(p).length).toBeLessThan(100_000);
  });
});

describe('column-guess', () => {
  it('classifies values, leaving unset ones out', () => {
    expect(classifyColumn(['10.0.0.1', '-', '2001:db8::1'])).toBe('ip');
    expect(classifyColumn(['443', '', '65535'])).toBe('port');
    expect(classifyColumn(['70000', '1.5'])).toBe('number');
    expect(classifyColumn(['1700000000', '1700000100'])).toBe('time');
    expect(classifyColumn(['tcp', '6'])).toBe('text');
    expect(classifyColumn(['', '-'])).toBe('empty');
  });

  it('normalises header names and trusts values over names', () => {
    expect(normalizeHeaderName('Source IP')).toBe('sourceip');
    expect(normalizeHeaderName('@timestamp')).toBe('timestamp');
    expect(normalizeHeaderName('id.orig_h')).toBe('idorigh');
    expect(suggestColumns(['@timestamp', 'source.ip', 'destination.ip', 'process.executable', 'rule.name'], ['time', 'ip', 'ip', 'text', 'text'])).toEqual({
      time: '@timestamp',
      srcIp: 'source.ip',
      dstIp: 'destination.ip',
      process: 'process.executable',
      signature: 'rule.name',
    });
    // "source" holds log names here, not addresses: the IP columns are taken by type.
    expect(suggestColumns(['source', 'a', 'b', 'when'], ['text', 'ip', 'ip', 'time'])).toEqual({ time: 'when', srcIp: 'a', dstIp: 'b' });
    // An empty or repeated header name is proposed by position.
    expect(suggestColumns(['', 'dst', 'dst'], ['time', 'ip', 'ip'])).toEqual({ time: 0, dstIp: 'dst', srcIp: 2 });
  });
});
