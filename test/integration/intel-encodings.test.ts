import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { EngineHarness } from '../helpers/engine.js';
import { fixtures, repoRoot } from '../helpers/fixtures.js';
import { outFile } from '../helpers/powershell.js';

// Intel files come from Windows tools too: PowerShell 5.1 writes UTF-16LE with a BOM. Every text
// format reads the same in UTF-16 (LE, BE) and gzipped as in UTF-8; a TweetFeed row that cannot be
// read costs that row only.
const h = new EngineHarness();
afterEach(() => h.close());

const importPaths = (engine: Engine, paths: string[]) => engine.invoke('intelImport', { sources: paths.map((p) => engine.files.source(p)) });

const ipRows = fs
  .readFileSync(fixtures.tweetfeedCsv, 'utf8')
  .split('\n')
  .filter((l) => l.split(',')[2] === 'ip')
  .map((l) => l.split(',')[3]);

const intelTexts: [string, string][] = [
  ['tweetfeed-csv', fs.readFileSync(fixtures.tweetfeedCsv, 'utf8')],
  ['stix21', fs.readFileSync(fixtures.stixBundle, 'utf8')],
  ['misp-event', fs.readFileSync(path.join(fixtures.mispFeed, '181b5be4-a1f6-53a4-8436-4d4cd3e272a3.json'), 'utf8')],
  ['plain-list', `# C2 addresses\n${ipRows.join('\n')}\nnot-an-indicator\n`],
  ['x-api-json', fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'intel', 'x', 'api', 'timeline-page.json'), 'utf8')],
];

describe('intel files in UTF-16 and gzipped', () => {
  for (const [format, text] of intelTexts) {
    it(`${format}: UTF-16LE and BE with BOM, gzipped or not, import as the UTF-8 file does`, async () => {
      const variants: Record<string, Buffer> = {
        'utf-8': Buffer.from(text),
        'utf-16le': outFile(text),
        'utf-16be': outFile(text, 'BigEndianUnicode'),
        'utf-16le.gz': zlib.gzipSync(outFile(text)),
        'utf-8.gz': zlib.gzipSync(Buffer.from(text)),
      };
      const seen: Record<string, unknown> = {};
      for (const [name, bytes] of Object.entries(variants)) {
        // The same file name everywhere: a plain list's source is named after it.
        const file = path.join(h.tmp.make(), 'feed.txt');
        fs.writeFileSync(file, bytes);
        const engine = h.engine();
        const { files } = await importPaths(engine, [file]);
        expect(files[0], name).toMatchObject({ status: 'imported', format });
        seen[name] = { ...files[0], file: null, stats: await engine.invoke('intelStats', {}) };
      }
      for (const name of Object.keys(variants)) expect(seen[name], name).toEqual(seen['utf-8']);
    });
  }

  it('refuses UTF-16 without a BOM at line 1, naming the file', async () => {
    const file = path.join(h.tmp.make(), 'list.txt');
    fs.writeFileSync(file, Buffer.from(`${ipRows.join('\n')}\n`, 'utf16le'));
    const { files } = await importPaths(h.engine(), [file]);
    expect(files[0]).toMatchObject({ file, status: 'failed', errorLine: 1, error: expect.stringMatching(/^the file looks like UTF-16LE text without a byte-order mark/) });
  });

  it('names the line of bytes that are not UTF-8 in a JSON feed', async () => {
    const lines = fs.readFileSync(fixtures.stixBundle).toString('latin1').split('\n');
    const at = lines.length >> 1;
    lines[at] += '\xe9';
    const file = path.join(h.tmp.make(), 'bundle.json');
    fs.writeFileSync(file, Buffer.from(lines.join('\n'), 'latin1'));
    const { files } = await importPaths(h.engine(), [file]);
    expect(files[0]).toMatchObject({ file, status: 'failed', errorLine: at + 1, error: expect.stringMatching(/^the file is not UTF-8 text/) });
  });
});

describe('a TweetFeed CSV with rows that cannot be read', () => {
  const good = fs.readFileSync(fixtures.tweetfeedCsv, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const bad: [string, string | undefined, RegExp][] = [
    ['2026-08-22 04:00:00,someone,email,bad@example.com,,https://x.com/someone/status/1', 'type', /unknown indicator type "email"/],
    ['2026-08-22 04:00:01,someone,ip,,,https://x.com/someone/status/2', 'value', /"" is not a valid ip/],
    ['yesterday,someone,domain,evil.example.net,,https://x.com/someone/status/3', 'date', /"yesterday" is not a date/],
    ['2026-08-22 04:00:03,someone,sha256,zzzz-not-a-hash,,https://x.com/someone/status/4', 'value', /"zzzz-not-a-hash" is not a valid sha256/],
    ['2026-08-22 04:00:04,someone,ip', undefined, /expected 6 comma-separated fields/],
  ];

  it('leaves out each bad row, counted as invalid with its line, field and reason, and imports the others', async () => {
    // The bad rows among the good ones, after the first (which identifies the format).
    const lines = [good[0] as string, ...bad.map((b) => b[0]), ...good.slice(1)];
    const file = path.join(h.tmp.make(), 'tweetfeed.csv');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const engine = h.engine();
    const { files } = await importPaths(engine, [file]);
    expect(files[0]).toMatchObject({ status: 'imported', format: 'tweetfeed-csv', records: good.length, invalid: bad.length });
    expect(files[0]?.invalidLines).toEqual(
      bad.map(([, field, reason], i) => ({ line: i + 2, ...(field ? { field } : {}), reason: expect.stringMatching(reason) })),
    );
    const reference = h.engine();
    const clean = path.join(h.tmp.make(), 'tweetfeed.csv');
    fs.writeFileSync(clean, `${good.join('\n')}\n`);
    await importPaths(reference, [clean]);
    expect(await engine.invoke('intelStats', {})).toEqual(await reference.invoke('intelStats', {}));
  });

  it('fails a file none of whose rows can be read, naming the first bad line, and stores nothing', async () => {
    const file = path.join(h.tmp.make(), 'tweetfeed.csv');
    fs.writeFileSync(file, `${good[0]?.replace(',domain,', ',email,')}\n${bad.map((b) => b[0]).join('\n')}\n`);
    const engine = h.engine();
    const { files } = await engine.invoke('intelImport', { sources: [engine.files.source(file)], format: 'tweetfeed-csv' });
    expect(files[0]).toMatchObject({ status: 'failed', errorLine: 1, errorField: 'type', error: expect.stringMatching(/^no indicators found: none of its 6 lines is one; first problem: unknown indicator type "email"/) });
    expect((await engine.invoke('intelStats', {})).indicators).toBe(0);
  });
});
