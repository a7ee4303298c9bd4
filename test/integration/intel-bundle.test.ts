import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { EngineHarness } from '../helpers/engine.js';
import { fixtures } from '../helpers/fixtures.js';
import { openDescriptorsOn } from '../helpers/open-files.js';
import { FORMULA_START, spreadsheetCells } from '../helpers/spreadsheet-cells.js';

const h = new EngineHarness();
afterEach(() => h.close());

const importPaths = (engine: Engine, paths: string[]) => engine.invoke('intelImport', { sources: paths.map((p) => engine.files.source(p)) });

async function seeded(): Promise<Engine> {
  const engine = h.engine();
  const proxies = path.join(h.tmp.make(), 'proxies.txt');
  fs.writeFileSync(proxies, '185.51.100.1\n');
  await importPaths(engine, [fixtures.tweetfeedCsv, fixtures.stixBundle, fixtures.mispFeed, proxies]);
  await engine.invoke('intelSetVerdict', { type: 'domain', value: 'scr33nc0nn3ctz00m.com', verdict: 'false-positive', note: 'vendor site' });
  await engine.invoke('intelSetAllowlisted', { type: 'ipv4', value: '185.51.100.1', allowlisted: true, note: 'our proxy' });
  return engine;
}

describe('offline bundle', () => {
  it('carries indicators, sightings, labels, verdicts and the allowlist to another machine, and importing twice changes nothing', async () => {
    const online = await seeded();
    const bundle = path.join(h.tmp.make(), 'intel.slb');
    const written = await online.invoke('intelExport', { format: 'bundle', target: online.files.target(bundle) });
    expect(written.sha256).toMatch(/^[0-9a-f]{64}$/);

    const airgapped = h.engine();
    const first = await importPaths(airgapped, [bundle]);
    expect(first.files[0]).toMatchObject({ status: 'imported', format: 'bundle', records: written.records });
    expect(await airgapped.invoke('intelStats', {})).toEqual(await online.invoke('intelStats', {}));
    const [fp] = await airgapped.invoke('intelLookup', { values: ['scr33nc0nn3ctz00m.com'] });
    expect(fp).toMatchObject({ verdict: 'false-positive', score: 0 });
    expect(await airgapped.invoke('intelSightings', { type: 'domain', value: 'scr33nc0nn3ctz00m.com' })).toContainEqual(
      expect.objectContaining({ author: 'patialavii', source: 'tweetfeed', postUrl: 'https://x.com/patialavii/status/2091008723959623721' }),
    );

    const before = await airgapped.invoke('intelStats', {});
    const second = await importPaths(airgapped, [bundle]);
    expect(second.files[0]).toMatchObject({ status: 'imported', newIndicators: 0, newSightings: 0 });
    expect(await airgapped.invoke('intelStats', {})).toEqual(before);
  });

  it('refuses a bundle altered in transit and stores nothing of it', async () => {
    const online = await seeded();
    const dir = h.tmp.make();
    const bundle = path.join(dir, 'intel.slb');
    await online.invoke('intelExport', { format: 'bundle', target: online.files.target(bundle) });
    const lines = zlib.gunzipSync(fs.readFileSync(bundle)).toString('utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('"t":"indicator"'));
    lines[i] = (lines[i] as string).replace(/"value":"[^"]+"/, '"value":"203.0.113.66"');
    const tampered = path.join(dir, 'tampered.slb');
    fs.writeFileSync(tampered, zlib.gzipSync(lines.join('\n')));
    const cut = path.join(dir, 'cut.slb');
    fs.writeFileSync(cut, zlib.gzipSync(lines.slice(0, 20).join('\n')));

    const target = h.engine();
    const { files } = await importPaths(target, [tampered, cut]);
    expect(files.map((f) => f.status)).toEqual(['failed', 'failed']);
    expect(files[0]?.error).toMatch(/"indicator" section does not match the manifest/);
    expect(files[1]?.error).toMatch(/no manifest/);
    expect((await target.invoke('intelStats', {})).indicators).toBe(0);
  });

  it('refuses a bundle that goes wrong at line 2 and is damaged further on; nothing is thrown afterwards and the file is closed (found by the fuzz harness)', async () => {
    // Lines that hardly compress (2 MB of gzip), so the damage lies past the first read of the file.
    const header = JSON.stringify({ t: 'header', format: 'sightline-intel-bundle', version: 1 });
    const body = [header, JSON.stringify({ t: 'bogus' }), ...Array.from({ length: 50_000 }, (_, i) => JSON.stringify({ t: 'indicator', i, v: crypto.randomBytes(40).toString('base64') }))].join('\n');
    const gz = zlib.gzipSync(body);
    expect(gz.length).toBeGreaterThan(2 << 20);
    const at = Math.floor(gz.length * 0.9);
    gz[at] = (gz[at] as number) ^ 0xff;
    const file = path.join(h.tmp.make(), 'damaged.slb');
    fs.writeFileSync(file, gz);
    const thrown: unknown[] = [];
    const onUncaught = (err: unknown) => void thrown.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const engine = h.engine();
      const { files } = await importPaths(engine, [file]);
      expect(files[0]).toMatchObject({ status: 'failed', error: 'unknown record type "bogus"', errorLine: 2 });
      // The gunzip the reader gave up on would fail here, after the import had returned.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(thrown).toEqual([]);
      expect(openDescriptorsOn(file)).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});

describe('a bundle whose checksums hold but whose values do not', () => {
  /** The bundle's lines with `edit` applied, its section and overall checksums made to match again. */
  function resigned(lines: string[], edit: (record: Record<string, unknown>) => void, t: string): string[] {
    const out = lines.filter((l) => l !== '').map((l) => {
      const r = JSON.parse(l) as Record<string, unknown>;
      if (r['t'] === t) edit(r);
      return r['t'] === t ? JSON.stringify(r) : l;
    });
    const manifest = JSON.parse(out.pop() as string) as { sections: Record<string, { records: number; sha256: string }>; sha256: string };
    const whole = crypto.createHash('sha256');
    for (const [section, want] of Object.entries(manifest.sections)) {
      const mine = out.filter((l) => (JSON.parse(l) as { t: string }).t === section);
      want.sha256 = crypto.createHash('sha256').update(mine.map((l) => `${l}\n`).join('')).digest('hex');
      want.records = mine.length;
    }
    for (const l of out) whole.update(`${l}\n`);
    manifest.sha256 = whole.digest('hex');
    return [...out, JSON.stringify(manifest)];
  }

  it('is refused, naming line and field, when a time, port or trust is out of bounds, and nothing of it is stored', async () => {
    const online = await seeded();
    const dir = h.tmp.make();
    const bundle = path.join(dir, 'intel.slb');
    await online.invoke('intelExport', { format: 'bundle', target: online.files.target(bundle) });
    const lines = zlib.gunzipSync(fs.readFileSync(bundle)).toString('utf8').split('\n');
    const hostile: [string, string, (r: Record<string, unknown>) => void][] = [
      ['sighting', 'seenAt', (r) => (r['seenAt'] = '+275760-09-13T00:00:00.000Z')],
      ['sighting', 'port', (r) => (r['port'] = 1e20)],
      ['indicator', 'lastSeen', (r) => (r['lastSeen'] = '0000-01-01T00:00:00.000Z')],
      ['source', 'trust', (r) => (r['trust'] = 1e308)],
    ];
    const files = hostile.map(([t, field, edit]) => {
      const file = path.join(dir, `${field}.slb`);
      fs.writeFileSync(file, zlib.gzipSync(resigned(lines, edit, t).join('\n')));
      return file;
    });
    // The untouched bundle, re-signed the same way, imports: the checksums are right.
    const control = path.join(dir, 'control.slb');
    fs.writeFileSync(control, zlib.gzipSync(resigned(lines, () => {}, 'source').join('\n')));
    const target = h.engine();
    const { files: results } = await importPaths(target, files);
    expect(results.map((f) => [f.status, f.error?.replace(/ \(.*$/, '')])).toEqual([
      ['failed', expect.stringMatching(/^"\+275760-09-13T00:00:00\.000Z" is not a time from 1970-01-01 up to 2100-01-01/)],
      ['failed', expect.stringMatching(/^"100000000000000000000" is not a port/)],
      ['failed', expect.stringMatching(/^"0000-01-01T00:00:00\.000Z" is not a time from 1970-01-01/)],
      ['failed', expect.stringMatching(/^"1e\+308" is not a trust from 0 to 1/)],
    ]);
    expect(results.map((f) => f.errorLine !== undefined)).toEqual([true, true, true, true]);
    expect((await target.invoke('intelStats', {})).indicators).toBe(0);
    expect((await importPaths(target, [control])).files[0]?.status).toBe('imported');
  });
});

describe('exports for other tools', () => {
  it('CSV defuses formulas, STIX and MISP exports import back with the same indicators', async () => {
    const engine = await seeded();
    const dir = h.tmp.make();
    const list = path.join(dir, 'evil.txt');
    fs.writeFileSync(list, '45.133.113.9\n');
    await importPaths(engine, [list]);
    // A hostile "domain" label cannot be stored as an indicator, but labels and URLs can carry formulas.
    const url = 'http://evil.example/=HYPERLINK("http://x")';
    const stixWithFormula = path.join(dir, 'f.json');
    // With `;` as a spreadsheet's list separator, an unquoted `x;=1+2` or `…/a;=cmd|calc!A0` splits into a formula cell.
    const semicolonUrl = 'https://evil.example/a;=cmd|calc!A0';
    const valid = new Date().toISOString();
    fs.writeFileSync(
      stixWithFormula,
      JSON.stringify({
        type: 'bundle',
        id: 'bundle--1',
        objects: [
          { type: 'indicator', id: 'indicator--1', pattern: `[url:value = '${url}']`, pattern_type: 'stix', valid_from: valid, labels: ['=cmd|calc'] },
          { type: 'indicator', id: 'indicator--2', pattern: `[url:value = '${semicolonUrl}']`, pattern_type: 'stix', valid_from: valid, labels: ['x;=1+2'] },
        ],
      }),
    );
    await importPaths(engine, [stixWithFormula]);

    const csv = path.join(dir, 'out.csv');
    await engine.invoke('intelExport', { format: 'csv', target: engine.files.target(csv), includeExpired: true });
    const text = fs.readFileSync(csv, 'utf8');
    // The UTF-8 BOM first, so Excel on Windows reads UTF-8; then the header.
    expect(text.startsWith('\uFEFFtype,')).toBe(true);
    expect(text.split('\r\n')[0]).toBe('\uFEFFtype,value,score,expired,first_seen,last_seen,sources,labels,verdict,post_url');
    expect(text).toContain(',"\'=cmd|calc",');
    expect(text).not.toMatch(/(^|,)=cmd/m);
    expect(text).toContain(`,"${semicolonUrl}",`);
    expect(text).toContain(',"x;=1+2",');
    for (const separator of [',', ';', '\t', '|']) {
      for (const line of text.split('\r\n')) for (const cell of spreadsheetCells(line, separator)) expect(cell).not.toMatch(FORMULA_START);
    }
    // The BOM does not hide the header from Sightline's own list reader: the export re-imports by its value column.
    const reader = h.engine();
    const { files: csvBack } = await importPaths(reader, [csv]);
    expect(csvBack[0]).toMatchObject({ status: 'imported', format: 'plain-list', invalid: 0, records: text.trim().split('\r\n').length - 1 });
    // The false positive and the allowlisted value are not exported.
    expect(text).not.toContain('\r\ndomain,scr33nc0nn3ctz00m.com,');
    expect(text).not.toContain('\r\nipv4,185.51.100.1,');

    const listed = await engine.invoke('intelIndicators', { includeExpired: false, limit: 1000 });
    // Allowlisted values are never exported.
    const active = { rows: listed.rows.filter((r) => r.value !== '185.51.100.1'), total: listed.total - 1 };
    expect(active.rows).toHaveLength(listed.rows.length - 1);
    for (const format of ['stix', 'misp'] as const) {
      const out = path.join(dir, `out-${format}.json`);
      const r = await engine.invoke('intelExport', { format, target: engine.files.target(out) });
      expect(r.records).toBe(active.total);
      const other = h.engine();
      const { files } = await importPaths(other, [out]);
      expect(files[0]).toMatchObject({ status: 'imported', newIndicators: active.total });
      const back = await other.invoke('intelIndicators', { limit: 1000 });
      expect(back.rows.map((x) => `${x.type}:${x.value}`).sort()).toEqual(active.rows.map((x) => `${x.type}:${x.value}`).sort());
    }
  });
});
