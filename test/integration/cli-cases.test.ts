import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCli, runCli } from '../helpers/cli.js';
import { EngineHarness } from '../helpers/engine.js';
import { fixtures } from '../helpers/fixtures.js';

const h = new EngineHarness();
let home: string;

beforeAll(() => buildCli(), 120_000);
beforeEach(() => {
  home = h.tmp.make('sightline-cli-cases-');
});
afterEach(() => h.close());

const listed = async (): Promise<string[]> => (JSON.parse((await runCli(home, ['cases', '--json'])).stdout) as { cases: { name: string }[] }).cases.map((c) => c.name).sort();

describe('sightline cases delete', () => {
  it('deletes a case named in any letter case once --yes says so, and leaves the others', async () => {
    for (const name of ['Old hunt', 'Current']) expect((await runCli(home, ['import', fixtures.zeekTsv, '--case', name])).code).toBe(0);

    // No --yes and no one at a terminal to ask: refused, nothing deleted.
    const refused = await runCli(home, ['cases', 'delete', 'Old hunt']);
    expect([refused.code, refused.stdout]).toEqual([1, '']);
    expect(refused.stderr).toMatch(/deleting case "Old hunt" \(old-hunt\): 1 imported file, [\d,]+ events, its findings and notes cannot be undone: add --yes/);
    expect(await listed()).toEqual(['Current', 'Old hunt']);

    const r = await runCli(home, ['cases', 'delete', 'old HUNT', '--yes']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^deleted case "Old hunt" \(old-hunt\): 1 imported file/);
    expect(await listed()).toEqual(['Current']);
    expect(fs.readdirSync(path.join(home, 'cases')).filter((f) => f.startsWith('old-hunt.sqlite') && !f.endsWith('.lock'))).toEqual([]);

    const byJson = await runCli(home, ['cases', 'delete', 'current', '--yes', '--json']);
    expect([byJson.code, JSON.parse(byJson.stdout)]).toEqual([0, { case: { id: 'current', name: 'Current' }, deleted: true }]);
    expect(await listed()).toEqual([]);
  });

  it('exits 1 for a case that does not exist or a usage error, in text and JSON', async () => {
    const missing = await runCli(home, ['cases', 'delete', 'Nothing', '--yes']);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('no case named "Nothing"')]);
    const asJson = await runCli(home, ['cases', 'delete', 'Nothing', '--yes', '--json']);
    expect([asJson.code, JSON.parse(asJson.stdout)]).toEqual([1, { error: expect.objectContaining({ code: 'NOT_FOUND' }) }]);
    expect((await runCli(home, ['cases', 'delete'])).code).toBe(1);
    expect((await runCli(home, ['cases', 'remove', 'x'])).stderr).toContain('cases takes delete NAME or nothing');
  });
});
