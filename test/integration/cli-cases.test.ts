import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCli, runCli } from '../helpers/cli.js';
import { EngineHarness } from '../helpers/engine.js';
import { fixtures, repoRoot } from '../helpers/fixtures.js';

const h = new EngineHarness();
let home: string;

beforeAll(() => buildCli(), 120_000);
beforeEach(() => {
  home = h.tmp.make('sightline-cli-cases-');
});
afterEach(() => h.close());

const listed = async (): Promise<string[]> => (JSON.parse((await runCli(home, ['cases', '--json'])).stdout) as { cases: { name: string }[] }).cases.map((c) => c.name).sort();

/** `sightline ARGS` at a terminal (util-linux `script` gives it one), typing `answer` once it asks; its output and exit code. */
function atTerminal(args: string[], answer: string): Promise<{ code: number | null; output: string }> {
  const command = ['node', path.join(repoRoot, 'bin', 'sightline.js'), ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, SIGHTLINE_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
    if (output.includes("Type the case's name to delete it:") && answer !== '') {
      child.stdin.write(`${answer}\r`);
      answer = '';
    }
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

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

  it.skipIf(!fs.existsSync('/usr/bin/script'))('at a terminal without --yes, asks for the case\'s name and deletes only when it is typed', async () => {
    expect((await runCli(home, ['import', fixtures.zeekTsv, '--case', 'Typed'])).code).toBe(0);
    const wrong = await atTerminal(['cases', 'delete', 'typed'], 'Type');
    expect(wrong.code).toBe(1);
    expect(wrong.output).toMatch(/This deletes case "Typed" \(typed\): 1 imported file, [\d,]+ events, its findings and notes; it cannot be undone\./);
    expect(wrong.output).toContain('not deleted (the name typed differs)');
    expect(await listed()).toEqual(['Typed']);
    const right = await atTerminal(['cases', 'delete', 'typed'], 'typed');
    expect([right.code, right.output]).toEqual([0, expect.stringContaining('deleted case "Typed" (typed)')]);
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
