import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportDocumentSchema } from '../../src/shared/report-types.js';
import { buildCli, runCli } from '../helpers/cli.js';
import { EngineHarness } from '../helpers/engine.js';
import { HOST, MASQUERADE_IMAGE, masqueradeProcess, writeHostileSysmon } from '../helpers/sysmon-hostile-gen.js';

/** `sightline report`: the file, --json, the choice of findings, and exit 1 for every mistake the user can make. */

const h = new EngineHarness();
let home = '';
let out = '';
let findingId = 0;

beforeAll(async () => {
  buildCli();
  home = h.tmp.make('sightline-cli-report-');
  out = h.tmp.make('report-out-');
  const file = writeHostileSysmon(path.join(h.tmp.make('report-in-'), 'sysmon.json'), [masqueradeProcess()]);
  expect((await runCli(home, ['import', file, '--case', 'Hostile'])).code).toBe(0);
  const analysed = await runCli(home, ['analyze', '--case', 'Hostile', '--json']);
  findingId = (JSON.parse(analysed.stdout) as { findings: { id: number }[] }).findings[0]?.id ?? -1;
}, 180_000);
afterAll(() => h.close());

describe('sightline report', () => {
  it('writes the JSON report and prints its path, format, findings and SHA-256 with --json', async () => {
    const file = path.join(out, 'all.json');
    const r = await runCli(home, ['report', '--case', 'Hostile', '--format', 'json', '--out', file, '--min-score', '0', '--title', 'Hand-over', '--analyst', 'Ann', '--tlp', 'GREEN', '--json']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const printed = JSON.parse(r.stdout) as { path: string; format: string; records: number; sha256: string };
    expect(printed).toEqual({ path: file, format: 'json', records: 1, sha256: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') });
    const doc = reportDocumentSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    expect([doc.title, doc.analyst, doc.tlp, doc.case.name, doc.selection.minScore]).toEqual(['Hand-over', 'Ann', 'green', 'Hostile', 0]);
    expect(doc.findings[0]?.finding).toMatchObject({ id: findingId, host: HOST, process: MASQUERADE_IMAGE });
    expect(doc.sightlineVersion).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version);
    // A hand-over document: the usual mode, not owner-only as intel exports are.
    expect(fs.statSync(file).mode & 0o777).toBe(0o666 & ~process.umask());
  });

  it.each([
    ['csv', (text: string) => text.startsWith('\uFEFFid,score,severity,verdict,host,process,')],
    ['connections', (text: string) => text.startsWith('\uFEFFtime,host,user,process,pid,')],
    ['stix', (text: string) => (JSON.parse(text) as { type: string }).type === 'bundle'],
    ['misp', (text: string) => typeof (JSON.parse(text) as { Event?: { info?: string } }).Event?.info === 'string'],
  ])('writes the %s report (exit 0, --json)', async (format, looksRight) => {
    const file = path.join(out, `all.${format}`);
    const r = await runCli(home, ['report', '--case', 'Hostile', '--format', format, '--out', file, '--min-score', '0', '--json']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const printed = JSON.parse(r.stdout) as { path: string; format: string; records: number; sha256: string };
    expect(printed).toMatchObject({ path: file, format, sha256: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') });
    expect(looksRight(fs.readFileSync(file, 'utf8'))).toBe(true);
    // The connections CSV counts its rows (the finding's connections), the others the findings.
    if (format === 'connections') expect(printed.records).toBe(fs.readFileSync(file, 'utf8').trimEnd().split('\r\n').length - 1);
    else expect(printed.records).toBe(1);
  });

  it('takes --findings ids and says what it wrote in one line', async () => {
    const file = path.join(out, 'picked.json');
    const r = await runCli(home, ['report', '--case', 'Hostile', '--format', 'json', '--out', file, '--findings', String(findingId)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^wrote ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\[json\\]: 1 finding, sha256 [0-9a-f]{64}\\n$`));
    const doc = reportDocumentSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    expect(doc.selection.findingIds).toEqual([findingId]);
  });

  it.each([
    [['--format', 'docx', '--out', 'x.json'], /report needs --format html\|pdf\|csv\|connections\|json\|stix\|misp \(not "docx"\)/],
    [['--format', 'json'], /report needs --out FILE/],
    [['--format', 'json', '--out', 'x.json', '--tlp', 'purple'], /--tlp takes clear, green, amber, amber\+strict, red, not "purple"/],
    [['--format', 'json', '--out', 'x.json', '--findings', '1,two'], /--findings takes finding ids separated by commas .* not "two"/],
    [['--format', 'json', '--out', 'x.json', '--min-score', '1.5'], /--min-score takes a score from 0 to 1, not "1.5"/],
    [['--format', 'json', '--out', 'x.json', '--min-score', '0.5', '--findings', '1'], /contradict/],
  ])('refuses %j with exit 1 and says why', async (args, message) => {
    const r = await runCli(home, ['report', '--case', 'Hostile', ...args]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(fs.existsSync(path.join('x.json'))).toBe(false);
  });

  it('names unknown finding ids (exit 1), as an error object with --json; writes nothing', async () => {
    const file = path.join(out, 'unknown.json');
    const r = await runCli(home, ['report', '--case', 'Hostile', '--format', 'json', '--out', file, '--findings', `${findingId},424242`, '--json']);
    expect(r.code).toBe(1);
    const err = (JSON.parse(r.stdout) as { error: { code: string; field: string; message: string } }).error;
    // The option the user typed, not the engine's input field (findingIds).
    expect(err).toMatchObject({ code: 'INVALID_INPUT', field: '--findings' });
    expect(err.message).toMatch(/^no finding 424242 in the latest analysis of this case \(run \d+\): no analysis of this case gave 424242; list the current ones with sightline analyze --json$/);
    expect(fs.existsSync(file)).toBe(false);
    const human = await runCli(home, ['report', '--case', 'Hostile', '--format', 'json', '--out', file, '--findings', '424242']);
    expect([human.code, human.stderr]).toEqual([1, expect.stringMatching(/^sightline: --findings: no finding 424242 in the latest analysis/)]);
  });

  it('refuses a case never analysed and an unknown case (exit 1)', async () => {
    const file = writeHostileSysmon(path.join(h.tmp.make('report-in-'), 'sysmon.json'), [masqueradeProcess()]);
    expect((await runCli(home, ['import', file, '--case', 'Fresh'])).code).toBe(0);
    const fresh = await runCli(home, ['report', '--case', 'Fresh', '--format', 'json', '--out', path.join(out, 'fresh.json')]);
    expect([fresh.code, fresh.stderr]).toEqual([1, expect.stringMatching(/not been analysed yet: run an analysis first \(sightline analyze\)/)]);
    const unknown = await runCli(home, ['report', '--case', 'No such case', '--format', 'json', '--out', path.join(out, 'none.json')]);
    expect(unknown.code).toBe(1);
    expect(fs.readdirSync(out).filter((f) => f.startsWith('fresh') || f.startsWith('none'))).toEqual([]);
  });

  it('refuses ids of an earlier analysis, saying so (ids are never reused), and a --run that is not the latest', async () => {
    const listed = async () => JSON.parse((await runCli(home, ['analyze', '--case', 'Hostile', '--json', '--cached'])).stdout) as { run: { id: number }; findings: { id: number }[] };
    const before = await listed();
    expect((await runCli(home, ['analyze', '--case', 'Hostile', '--again'])).code).toBe(0);
    const after = await listed();
    expect(after.run.id).toBeGreaterThan(before.run.id);
    const oldIds = before.findings.map((f) => f.id);
    const newIds = after.findings.map((f) => f.id);
    expect(newIds.length).toBeGreaterThan(0);
    expect(newIds.filter((id) => oldIds.includes(id))).toEqual([]);

    const file = path.join(out, 'stale-ids.json');
    const stale = await runCli(home, ['report', '--case', 'Hostile', '--format', 'json', '--out', file, '--findings', String(oldIds[0])]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe(
      `sightline: --findings: no finding ${oldIds[0]} in the latest analysis of this case (run ${after.run.id}): ${oldIds[0]} was a finding of an earlier analysis (finding ids are never reused); list the current ones with sightline analyze --json\n`,
    );
    const oldRun = await runCli(home, ['report', '--case', 'Hostile', '--format', 'json', '--out', file, '--findings', String(newIds[0]), '--run', String(before.run.id), '--json']);
    expect(oldRun.code).toBe(1);
    expect((JSON.parse(oldRun.stdout) as { error: unknown }).error).toEqual({
      code: 'INVALID_INPUT',
      field: '--run',
      message: `the findings were chosen from analysis run ${before.run.id}, and the case has been analysed again since (the latest run is ${after.run.id}): choose them again from the latest analysis`,
    });
    expect(fs.existsSync(file)).toBe(false);
    const current = await runCli(home, ['report', '--case', 'Hostile', '--format', 'json', '--out', file, '--findings', String(newIds[0]), '--run', String(after.run.id)]);
    expect([current.code, current.stderr]).toEqual([0, '']);
    expect((await runCli(home, ['report', '--case', 'Hostile', '--format', 'json', '--out', file, '--run', '3'])).stderr).toMatch(/--run goes with --findings/);
    expect((await runCli(home, ['report', '--case', 'Hostile', '--format', 'json', '--out', file, '--findings', '1', '--run', 'x'])).stderr).toMatch(/--run takes the id of an analysis run .* not "x"/);
  });

  it('says on stderr when the analysis is out of date, and still writes the report', async () => {
    expect((await runCli(home, ['verdict', 'benign', '--host', HOST, '--case', 'Hostile'])).code).toBe(0);
    const file = path.join(out, 'stale.json');
    const r = await runCli(home, ['report', '--case', 'Hostile', '--format', 'json', '--out', file, '--min-score', '0']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^sightline: the analysis is out of date \(the case changed since .*\): the report shows its findings; run sightline analyze first for current ones\n$/);
    expect(reportDocumentSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).appendix.analysis?.stale).toBe(true);
  });
});
