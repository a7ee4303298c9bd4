import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Note, Tagged } from '../../src/shared/notes-types.js';
import { buildCli, runCli } from '../helpers/cli.js';
import { EngineHarness } from '../helpers/engine.js';
import { HOST, MASQUERADE_IMAGE, masqueradeProcess, RLO, writeHostileSysmon } from '../helpers/sysmon-hostile-gen.js';

const h = new EngineHarness();
let home: string;

beforeAll(() => buildCli(), 120_000);
beforeEach(() => {
  home = h.tmp.make('sightline-cli-notes-');
});
afterEach(() => h.close());

const DST = masqueradeProcess().destination;
const HOSTILE_NOTE = `Beacon ${RLO}gpj.exe <script>alert(1)</script>\n[x](javascript:alert(1)) \u001b[2J`;

/** A case with one finding (the masquerading process), analysed; its finding id. */
async function analysedCase(): Promise<number> {
  const file = writeHostileSysmon(path.join(h.tmp.make('notes-in-'), 'sysmon.json'), [masqueradeProcess()]);
  expect((await runCli(home, ['import', file, '--case', 'Notes'])).code).toBe(0);
  const r = await runCli(home, ['analyze', '--case', 'Notes', '--json']);
  const [f] = (JSON.parse(r.stdout) as { findings: { id: number; host: string }[] }).findings;
  expect(f?.host).toBe(HOST);
  return f?.id as number;
}

const cli = async (args: string[], input?: string) => runCli(home, [...args, '--case', 'Notes'], {}, input);
const asJson = async <T>(args: string[], input?: string): Promise<T> => {
  const r = await cli([...args, '--json'], input);
  expect([r.code, r.stderr]).toEqual([0, '']);
  return JSON.parse(r.stdout) as T;
};

describe('sightline notes and tags', () => {
  it('writes notes on a finding (by the id analyze lists) and on nodes, from an argument, a file or standard input, and lists, finds, edits and deletes them', async () => {
    const findingId = await analysedCase();
    const table = await cli(['analyze', '--cached']);
    expect(table.stdout).toMatch(/^ID +SCORE +SEVERITY +HOST +PROCESS +DESTINATION +KINDS +NOTES$/m);
    expect(table.stdout).toContain(`finding ${findingId})`);

    const onFinding = await asJson<{ note: Note }>(['notes', 'add', '--finding', String(findingId), HOSTILE_NOTE]);
    // Stored as the finding's unit, not its id: the next analysis renumbers findings.
    expect(onFinding.note).toMatchObject({ body: HOSTILE_NOTE, target: { kind: 'finding', host: HOST, process: MASQUERADE_IMAGE, dst: DST, dport: null } });
    const fromStdin = await cli(['notes', 'add', '--node', `host:${HOST}`], '# Workstation\n\nOwner **Bob**, finance.\n');
    expect([fromStdin.code, fromStdin.stdout]).toEqual([0, `note 2 added to host:${HOST} in Notes\n`]);
    const md = path.join(h.tmp.make(), 'dst.md');
    fs.writeFileSync(md, 'Hosting provider; seen in the **stager** post.');
    expect((await cli(['notes', 'add', '--node', `ip:${DST}`, '--file', md])).code).toBe(0);

    // The table: one line per note (line breaks and hidden characters marked), no raw control or bidi character.
    const list = await cli(['notes']);
    expect(list.code).toBe(0);
    for (const raw of [RLO, '\u001b']) expect(list.stdout).not.toContain(raw);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +UPDATED +ABOUT +NOTE$/);
    expect(lines.slice(1, 4).map((l) => l.split(/ +/)[0])).toEqual(['3', '2', '1']);
    expect(lines[3]).toContain(`finding ${HOST} C:\\Users\\bob\\Downloads\\invoice⟨U+202E`);
    expect(lines[3]).toContain('<script>alert(1)</script>⟨U+000A⟩[x](javascript:alert(1)) ⟨U+001B⟩[2J');
    expect(lines).toHaveLength(4);

    expect((await asJson<{ notes: Note[] }>(['notes', '--search', 'stager'])).notes.map((n) => n.id)).toEqual([3]);
    expect((await asJson<{ notes: Note[] }>(['notes', '--finding', String(findingId)])).notes.map((n) => n.body)).toEqual([HOSTILE_NOTE]);
    expect((await asJson<{ notes: Note[] }>(['notes', 'list', '--node', `host:${HOST}`])).notes.map((n) => n.id)).toEqual([2]);

    expect((await asJson<{ note: Note }>(['notes', 'edit', '2', '-'], 'Owner Bob; **reimaged**.')).note).toMatchObject({ id: 2, body: 'Owner Bob; **reimaged**.' });
    expect((await cli(['notes', 'edit', '3', 'Hosting provider, AS 64500'])).stdout).toBe(`note 3 changed (ip:${DST})\n`);
    expect((await cli(['notes', 'delete', '1'])).stdout).toBe('note 1 deleted from Notes\n');
    expect((await asJson<{ notes: Note[]; total: number }>(['notes'])).total).toBe(2);

    // Analysed again, the finding may get another id; the note on its destination is still counted there.
    const again = JSON.parse((await cli(['analyze', '--again', '--json'])).stdout) as { findings: { id: number; notes: { notes: number } }[] };
    expect(again.findings[0]?.notes.notes).toBe(1);
  });

  it('sets, lists and removes tags of a finding and of a node; analyze shows them', async () => {
    const findingId = await analysedCase();
    const set = await asJson<Tagged>(['tags', 'set', '--finding', String(findingId), 'C2', 'stager']);
    expect(set).toMatchObject({ target: { kind: 'finding', host: HOST }, tags: ['C2', 'stager'] });
    expect((await cli(['tags', 'set', '--node', `ip:${DST}`, 'c2'])).stdout).toBe(`ip:${DST}: c2\n`);
    const all = await cli(['tags']);
    expect(all.stdout).toMatch(/^TAG +TARGETS\nC2 +2\nstager +1\n$/);
    expect(await asJson(['tags', '--finding', String(findingId)])).toMatchObject({ tags: ['C2', 'stager'] });
    expect((await cli(['analyze', '--cached'])).stdout).toMatch(/C2 stager/);
    expect((await cli(['tags', 'set', '--finding', String(findingId)])).stdout).toMatch(/^tags removed from finding WS-FIN-07 /);
    expect(await asJson(['tags'])).toMatchObject({ tags: [{ tag: 'c2', targets: 1 }] });
  });

  it('exits 1 with a clear message for a missing target, an unknown finding or note, a bad node id or a hidden character in a tag', async () => {
    const findingId = await analysedCase();
    const cases: [string[], RegExp][] = [
      [['notes', 'add', 'text'], /notes add needs --node ID or --finding ID/],
      [['notes', 'add', '--finding', String(findingId + 99), 'text'], /no finding \d+ in the latest analysis of "Notes"/],
      [['notes', 'add', '--finding', 'first', 'text'], /--finding takes a finding's ID/],
      [['notes', 'add', '--node', 'WS-FIN-07', 'text'], /"WS-FIN-07" is not a host, process or destination node id \(host:…, process:HOST\|IMAGE, ip:…\)/],
      [['notes', 'add', '--node', `host:${HOST}`, 'two', 'words'], /takes the note's text as one argument \(quote it\)/],
      [['notes', 'add', '--node', `host:${HOST}`, '--file', '/no/such.md'], /--file \/no\/such.md: no such file/],
      [['notes', 'edit', '42', 'text'], /note/],
      [['notes', 'delete', '42'], /note/],
      [['notes', 'remove', '1'], /notes takes list, add, edit or delete/],
      [['tags', 'set', '--node', `host:${HOST}`, `a${RLO}b`], /a tag has no control or invisible characters/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect([args, r.code, r.stdout]).toEqual([args, 1, '']);
      expect(r.stderr).toMatch(message);
    }
    // Nothing was written by any of them.
    expect(await asJson(['notes'])).toMatchObject({ notes: [], tags: [], total: 0 });
  });
});
