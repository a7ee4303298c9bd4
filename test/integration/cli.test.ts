import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCli, runCli } from '../helpers/cli.js';
import { EngineHarness } from '../helpers/engine.js';
import { copyWithLine, countSysmon, countZeekTsv, fileLines, fixtures, repoRoot, resourcesDir } from '../helpers/fixtures.js';
import { encodedCommandProcess, masqueradeProcess, writeHostileSysmon } from '../helpers/sysmon-hostile-gen.js';
import { outFile } from '../helpers/powershell.js';

const h = new EngineHarness();
let home: string;

beforeAll(() => buildCli(), 120_000);
beforeEach(() => {
  home = h.tmp.make('sightline-cli-home-');
});
afterEach(() => h.close());

const json = (text: string): unknown => JSON.parse(text);

describe('sightline CLI', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      expect(await runCli(home, [flag])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    }
  });

  it('import FILE --case X --json creates the case and reports counts as JSON', async () => {
    const r = await runCli(home, ['import', fixtures.sysmonWevtutil, '--case', 'Lab Case', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toEqual({
      case: { id: 'lab-case', name: 'Lab Case' },
      files: [{ file: fixtures.sysmonWevtutil, status: 'imported', format: 'sysmon-json', importId: 1, ...countSysmon(fixtures.sysmonWevtutil) }],
      // Only one side (endpoint events, no flows): nothing to join.
      join: { toleranceSeconds: 120, endpointEvents: countSysmon(fixtures.sysmonWevtutil).events, endpointMatched: 0, flowEvents: 0, flowMatched: 0, newlyMatched: 0, clockSkews: [], namedHosts: [] },
    });
    // Again into the same case, by name in any case: a duplicate, still success.
    const again = await runCli(home, ['import', fixtures.sysmonWevtutil, '--case', 'lab case', '--json']);
    expect(again.code).toBe(0);
    expect(json(again.stdout)).toMatchObject({ case: { id: 'lab-case' }, files: [{ status: 'duplicate' }] });
  });

  it('cases --json lists the cases with their counts', async () => {
    expect(json((await runCli(home, ['cases', '--json'])).stdout)).toEqual({ cases: [] });
    expect((await runCli(home, ['import', fixtures.zeekTsv, '--case', 'Zeek only'])).code).toBe(0);
    const r = await runCli(home, ['cases', '--json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toEqual({
      cases: [{ id: 'zeek-only', name: 'Zeek only', createdAt: expect.any(String), eventCount: countZeekTsv(fixtures.zeekTsv).events, importCount: 1 }],
    });
  });

  it('graph --case X --json gives the same edges as the engine', async () => {
    const imported = await runCli(home, ['import', fixtures.zeekTsv, fixtures.sysmonWevtutil, '--case', 'Graph', '--json']);
    expect(imported.code).toBe(0);
    const r = await runCli(home, ['graph', '--case', 'Graph', '--json']);
    expect(r.code).toBe(0);
    const cli = json(r.stdout) as { case: { id: string }; edges: unknown[]; nodes: unknown[] };
    expect(cli.case).toEqual({ id: 'graph', name: 'Graph' });
    // The same engine as the CLI's: its shipped warninglists mark known-benign destinations.
    const engine = h.engine({ home, resourcesDir, noDemo: true });
    const graph = await engine.invoke('getGraphView', { caseId: 'graph' });
    expect(graph.edges.source.length).toBeGreaterThan(0);
    expect(cli.edges).toEqual(graph.edges);
    expect(cli.nodes).toEqual(graph.nodes);
  });

  it('prints a readable graph without --json', async () => {
    await runCli(home, ['import', fixtures.zeekTsv, '--case', 'Readable']);
    const r = await runCli(home, ['graph', '--case', 'readable', '--search', '10.0.5.13']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Readable: \d+ nodes, \d+ edges\n/);
    expect(r.stdout).toMatch(/192\.168\.1\.41 -> 10\.0\.5\.13:[\d,]+ {2}\d+ events/);
  });

  it('quarantines a bad line, says where and why, and lists it with the quarantine command', async () => {
    const bad = path.join(h.tmp.make(), 'broken-conn.log');
    copyWithLine(fixtures.zeekTsv, bad, 30, (fileLines(fixtures.zeekTsv)[29] ?? '').replace(/\t192\.168\.1\.4\t/, '\t192.168.1.400\t'));
    const r = await runCli(home, ['import', bad, '--case', 'Broken']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 unreadable records quarantined');
    expect(r.stdout).toMatch(/line 30 \(id\.resp_h\): "192\.168\.1\.400" is not an IP address/);
    const q = await runCli(home, ['quarantine', '--case', 'Broken', '--json']);
    expect(q.code).toBe(0);
    expect(json(q.stdout)).toMatchObject({ total: 1, rows: [expect.objectContaining({ file: bad, line: 30, field: 'id.resp_h' })] });

    const list = await runCli(home, ['imports', '--case', 'Broken']);
    expect(list.stdout).toMatch(/^ID +FILE +FORMAT +CONNECTIONS/);
    expect(list.stdout).toMatch(new RegExp(`^1 +${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +zeek-conn-tsv +${countZeekTsv(fixtures.zeekTsv).events - 1} .* 1$`, 'm'));
    const removed = await runCli(home, ['imports', 'remove', '1', '--case', 'Broken', '--json']);
    expect(json(removed.stdout)).toEqual({ deleted: true, events: countZeekTsv(fixtures.zeekTsv).events - 1 });
    expect(json((await runCli(home, ['quarantine', '--case', 'Broken', '--json'])).stdout)).toMatchObject({ total: 0 });
    const again = await runCli(home, ['imports', 'remove', '1', '--case', 'Broken']);
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('has no import 1')]);
  });

  it('imports times relative to a capture start with a warning, quarantines a time past the bounds, and graphs the case', async () => {
    const log = path.join(h.tmp.make(), 'relative-conn.log');
    const row = (ts: string, dst: string) => `${ts}\tC${dst.length}\t10.0.0.1\t49152\t${dst}\t80\ttcp`;
    const rows = [row('22.335172', '10.0.0.2'), row('30.043784', '10.0.0.3'), row('9000000000000', '10.0.0.4'), row('1e308', '10.0.0.5')];
    fs.writeFileSync(log, `${['#separator \\x09', '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto', ...rows].join('\n')}\n`);
    const r = await runCli(home, ['import', log, '--case', 'Relative']);
    expect([r.code, r.stderr]).toEqual([0, expect.any(String)]);
    expect(r.stdout).toContain('2 connections, 2 unreadable records quarantined');
    expect(r.stdout).toContain('  warning: 2 of 2 records are dated before 1990-01-01: the times look relative to the capture start');
    expect(r.stdout).toContain('line 5 (ts): "9000000000000" is past 2100-01-01T00:00:00Z: Sightline stores times from 1970-01-01 up to 2100-01-01');
    expect(r.stdout).toContain('line 6 (ts): "1e308" is not a timestamp');
    const graph = await runCli(home, ['graph', '--case', 'Relative', '--json']);
    expect(graph.code).toBe(0);
    expect((json(graph.stdout) as { timeRange: unknown }).timeRange).toEqual({ first: '1970-01-01T00:00:22.335Z', last: '1970-01-01T00:00:30.044Z' });
    const again = await runCli(home, ['import', log, '--case', 'Relative 2', '--json']);
    expect((json(again.stdout) as { files: { warnings?: string[] }[] }).files[0]?.warnings).toEqual([
      '2 of 2 records are dated before 1990-01-01: the times look relative to the capture start (seconds since it began), not dates; they were imported as written',
    ]);
  });

  it('exits 1 on a file none of whose records can be read, naming the file and line on stderr, stores nothing and leaves no case it created', async () => {
    const bad = path.join(h.tmp.make(), 'broken-conn.log');
    const lines = fileLines(fixtures.zeekTsv).map((l) => (l.startsWith('#') ? l : l.split('\t').map((v, i) => (i === 2 ? '999.0.0.1' : v)).join('\t')));
    fs.writeFileSync(bad, `${lines.join('\n')}\n`);
    const r = await runCli(home, ['import', bad, '--case', 'Broken']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toMatch(/line \d+/);
    expect(r.stderr).toContain('Removed case "Broken" again: nothing was imported into it');
    expect(json((await runCli(home, ['cases', '--json'])).stdout)).toEqual({ cases: [] });
    expect(fs.readdirSync(path.join(home, 'cases')).filter((f) => f.endsWith('.sqlite'))).toEqual([]);

    // In JSON too; and a case that existed before (empty or not) stays.
    const viaJson = await runCli(home, ['import', bad, '--case', 'Broken', '--json']);
    expect([viaJson.code, (json(viaJson.stdout) as { caseRemoved?: boolean }).caseRemoved]).toEqual([1, true]);
    expect((await runCli(home, ['import', fixtures.zeekTsv, '--case', 'Existing'])).code).toBe(0);
    expect((await runCli(home, ['import', bad, '--case', 'Existing'])).stderr).not.toContain('Removed case');
    // A new case with one good file among bad ones keeps it.
    expect((await runCli(home, ['import', bad, fixtures.sysmonWevtutil, '--case', 'Mixed'])).code).toBe(1);
    const cases = json((await runCli(home, ['cases', '--json'])).stdout) as { cases: { name: string; importCount: number }[] };
    expect(cases.cases.map((c) => [c.name, c.importCount]).sort()).toEqual([['Existing', 1], ['Mixed', 1]]);
  });

  it('says in the plain-text summary how many connections an overlapping export left out, as --json does', async () => {
    const lines = fileLines(fixtures.zeekTsv);
    const header = lines.filter((l) => l.startsWith('#') && !l.startsWith('#close'));
    const rows = lines.filter((l) => !l.startsWith('#') && l !== '');
    const dir = h.tmp.make();
    const [a, b] = [path.join(dir, 'conn-a.log'), path.join(dir, 'conn-b.log')];
    fs.writeFileSync(a, [...header, ...rows.slice(0, 40)].join('\n'));
    fs.writeFileSync(b, [...header, ...rows.slice(30)].join('\n'));
    expect((await runCli(home, ['import', a, '--case', 'Overlap'])).code).toBe(0);
    const r = await runCli(home, ['import', b, '--case', 'Overlap']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`imported ${b} [zeek-conn-tsv]: ${rows.length - 40} connections, 10 connections already in the case left out (overlapping export)`);
  });

  it('prints the join summary after an import that stored something, not after one that failed', async () => {
    const demo = path.join(repoRoot, 'resources', 'demo');
    const first = await runCli(home, ['import', path.join(demo, 'zeek-conn.log'), path.join(demo, 'sysmon-lsass.json'), '--case', 'Joined']);
    expect(first.stdout).toMatch(/^joined within ±120 s: 105 of 140 endpoint connections matched a flow/m);
    const notes = path.join(h.tmp.make(), 'notes.txt');
    fs.writeFileSync(notes, 'nothing to import here\n');
    const failed = await runCli(home, ['import', notes, '--case', 'Joined']);
    expect([failed.code, failed.stdout]).toEqual([1, '']);
  });

  it('human output shows hidden characters as markers and cuts long values; --json keeps every value exact', async () => {
    // A file name that would set the terminal's title, an image hiding its extension, an escape sequence in a field.
    const file = path.join(h.tmp.make(), 'hostile\u001b]0;pwned\u0007.json');
    writeHostileSysmon(file, [masqueradeProcess(), encodedCommandProcess(32_768, 0)]);
    const escapeInEventId = `{"SourceName":"Microsoft-Windows-Sysmon","Hostname":"WS-FIN-07","EventID":"\\u001b[2J","Padding":"${'P'.repeat(400)}"}`;
    fs.appendFileSync(file, `${escapeInEventId}\n`);
    const imported = await runCli(home, ['import', file, '--case', 'Hostile']);
    expect(imported.code).toBe(0);
    const printed = [imported.stdout];
    expect(imported.stdout).toContain('imported ' + file.replace('\u001b', '⟨U+001B⟩').replace('\u0007', '⟨U+0007⟩'));
    expect(imported.stdout).toContain('(EventID): the event id "⟨U+001B⟩[2J" is not a number');

    const graph = await runCli(home, ['graph', '--case', 'Hostile']);
    printed.push(graph.stdout);
    expect(graph.stdout).toContain('invoice⟨U+202E⟩gpj.exe -> 198.51.100.66:443');
    const list = await runCli(home, ['imports', '--case', 'Hostile']);
    printed.push(list.stdout);
    expect(list.stdout).toContain('hostile⟨U+001B⟩]0;pwned⟨U+0007⟩.json');
    const quarantined = await runCli(home, ['quarantine', '--case', 'Hostile']);
    printed.push(quarantined.stdout);
    expect(quarantined.stdout).toContain('the event id "⟨U+001B⟩[2J" is not a number');
    // The raw line: cut, with its length and where to find all of it.
    expect(quarantined.stdout).toContain(`… (${escapeInEventId.length} characters; --json for all)`);
    // No control character but line feeds, no override: nothing a terminal would obey.
    for (const text of printed) expect([...text].filter((c) => (c < ' ' && c !== '\n') || c === '\u202E')).toEqual([]);

    const exact = json((await runCli(home, ['graph', '--case', 'Hostile', '--json'])).stdout) as { nodes: { label: string }[] };
    expect(exact.nodes.map((n) => n.label)).toContain('invoice\u202Egpj.exe');
    const rows = json((await runCli(home, ['quarantine', '--case', 'Hostile', '--json'])).stdout) as { rows: { raw: string }[] };
    expect(rows.rows[0]?.raw).toBe(escapeInEventId);
  });

  it('exits 1 for an unknown case, in text and JSON modes', async () => {
    const text = await runCli(home, ['graph', '--case', 'nope']);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('no case named "nope"');
    const asJson = await runCli(home, ['graph', '--case', 'nope', '--json']);
    expect(asJson.code).toBe(1);
    expect(json(asJson.stdout)).toEqual({ error: expect.objectContaining({ code: 'NOT_FOUND', field: 'case' }) });
  });

  it('exits 1 on usage errors', async () => {
    for (const args of [['frobnicate'], ['import', fixtures.zeekTsv], ['import', '--case', 'X'], ['--bogus-flag'], []]) {
      const r = await runCli(home, args);
      expect(r.code, args.join(' ')).toBe(1);
    }
  });
});

describe('sightline intel export to a path it cannot write', () => {
  it('exits 1 with a user error naming the path and why (missing folder, a folder, a file as folder), text and JSON, and leaves nothing behind', async () => {
    expect((await runCli(home, ['intel', 'import', fixtures.tweetfeedCsv])).code).toBe(0);
    const dir = h.tmp.make();
    const plain = path.join(dir, 'plain.txt');
    fs.writeFileSync(plain, 'x');
    const cases: [string[], string, string][] = [
      [['--format', 'csv', '--out', path.join(dir, 'missing', 'x.csv')], path.join(dir, 'missing', 'x.csv'), `the folder ${path.join(dir, 'missing')} does not exist`],
      [['--bundle', path.join(dir, 'missing', 'x.slb')], path.join(dir, 'missing', 'x.slb'), `the folder ${path.join(dir, 'missing')} does not exist`],
      [['--format', 'stix', '--out', dir], dir, 'it is a folder (name a file in it)'],
      [['--bundle', dir], dir, 'it is a folder (name a file in it)'],
      [['--format', 'misp', '--out', path.join(plain, 'x.json')], path.join(plain, 'x.json'), `${plain} is not a folder`],
    ];
    for (const [args, file, why] of cases) {
      const text = await runCli(home, ['intel', 'export', ...args]);
      expect([text.code, text.stdout, text.stderr], args.join(' ')).toEqual([1, '', `sightline: ${file}: cannot write the file: ${why}\n`]);
      const asJson = await runCli(home, ['intel', 'export', ...args, '--json']);
      expect(asJson.code, args.join(' ')).toBe(1);
      expect(json(asJson.stdout)).toEqual({ error: { code: 'FILE_UNWRITABLE', message: `cannot write the file: ${why}`, file } });
    }
    expect(fs.readdirSync(dir)).toEqual(['plain.txt']);
    // The same export to a path that can be written works.
    const ok = await runCli(home, ['intel', 'export', '--format', 'csv', '--out', path.join(dir, 'ok.csv'), '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'ok.csv'), 'utf8')).toMatch(/^\uFEFFtype,value,score/);
  });

  it('exits 1 when the data folder cannot be created (--home under a file), naming it', async () => {
    const plain = path.join(h.tmp.make(), 'plain.txt');
    fs.writeFileSync(plain, 'x');
    const r = await runCli(home, ['--home', path.join(plain, 'home'), 'cases']);
    expect([r.code, r.stderr]).toEqual([1, `sightline: ${path.join(plain, 'home')}: cannot create the folder: ${plain} is not a folder\n`]);
  });
});

describe('sightline intel import of files from Windows tools and with bad rows', () => {
  it('reads a UTF-16LE TweetFeed CSV, leaves out its bad rows and says which (text and JSON)', async () => {
    const rows = fileLines(fixtures.tweetfeedCsv).filter((l) => l.trim() !== '');
    const bad = '2026-08-22 04:00:01,someone,ip,,,https://x.com/someone/status/2';
    const file = path.join(h.tmp.make(), 'tweetfeed.csv');
    fs.writeFileSync(file, outFile([rows[0], bad, ...rows.slice(1)].join('\n')));
    const text = await runCli(home, ['intel', 'import', file]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^imported .*tweetfeed\\.csv \\[tweetfeed-csv\\]: ${rows.length} records, .*, 1 lines not indicators$`, 'm'));
    expect(text.stderr).toBe(`sightline: ${file}, line 2, field value: "" is not a valid ip (left out)\n`);
    const asJson = await runCli(h.tmp.make(), ['intel', 'import', file, '--json'], {});
    expect(json(asJson.stdout)).toEqual({ files: [expect.objectContaining({ status: 'imported', records: rows.length, invalid: 1, invalidLines: [{ line: 2, field: 'value', reason: '"" is not a valid ip' }] })] });
  });
});
