import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCli, runCli } from '../helpers/cli.js';
import { EngineHarness } from '../helpers/engine.js';
import { fixtures } from '../helpers/fixtures.js';
import { HOST, MASQUERADE_IMAGE, masqueradeProcess, writeHostileSysmon } from '../helpers/sysmon-hostile-gen.js';

const h = new EngineHarness();
let home: string;

beforeAll(() => buildCli(), 120_000);
beforeEach(() => {
  home = h.tmp.make('sightline-cli-analyze-');
});
afterEach(() => h.close());

interface JsonFinding {
  host: string;
  process: string | null;
  dst: string;
  dport: number | null;
  score: number;
  severity: string | null;
  kinds: string[];
  explanations: string[];
}

describe('sightline analyze', () => {
  it('analyses a case on first use and prints ranked findings with their explanations as JSON; hidden characters are marked in the table', async () => {
    const file = writeHostileSysmon(path.join(h.tmp.make('analyze-in-'), 'sysmon.json'), [masqueradeProcess()]);
    expect((await runCli(home, ['import', file, '--case', 'Hostile'])).code).toBe(0);

    const r = await runCli(home, ['analyze', '--case', 'Hostile', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { run: { state: string; stale: boolean; units: number }; findings: JsonFinding[] };
    expect(out.run).toMatchObject({ state: 'done', stale: false, units: 1 });
    expect(out.findings).toHaveLength(1);
    const [f] = out.findings as [JsonFinding];
    expect(f).toMatchObject({ host: HOST, process: MASQUERADE_IMAGE, dst: masqueradeProcess().destination, dport: null, kinds: ['process'] });
    expect(f.score).toBeGreaterThan(0.5);
    // The right-to-left override that makes invoice‮gpj.exe read as "invoiceexe.jpg" is named.
    expect(f.explanations.join('\n')).toContain('⟨U+202E');

    const table = await runCli(home, ['analyze', '--case', 'Hostile']);
    expect(table.code).toBe(0);
    expect(table.stdout).not.toContain('\u202E');
    expect(table.stdout).toMatch(/1 finding at score >= 0 over 1 host\/process\/destination units\n/);
    expect(table.stdout).toContain('invoice⟨U+202E');
  });

  it('refuses a score out of range with exit 1 and names the flag', async () => {
    const r = await runCli(home, ['analyze', '--min-score', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--min-score takes a score from 0 to 1, not "2"');
  });

  it('--cached prints what is stored without analysing', async () => {
    const file = writeHostileSysmon(path.join(h.tmp.make('analyze-in-'), 'sysmon.json'), [masqueradeProcess()]);
    await runCli(home, ['import', file, '--case', 'Later']);
    const r = await runCli(home, ['analyze', '--case', 'Later', '--cached']);
    expect(r.stdout).toContain('not analysed yet');
  });
  it('allowlist and verdict commands re-score the case at the next analyze, and say why', async () => {
    const file = writeHostileSysmon(path.join(h.tmp.make('analyze-in-'), 'sysmon.json'), [masqueradeProcess()]);
    await runCli(home, ['import', file, '--case', 'Rules']);
    const dst = masqueradeProcess().destination;
    const bad = await runCli(home, ['allowlist', 'add', 'cidr', '198.51.100.0/33', '--case', 'Rules']);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('"198.51.100.0/33" is not an address or a network')]);
    const added = await runCli(home, ['allowlist', 'add', 'cidr', '198.51.100.0/24', '--note', 'lab range', '--case', 'Rules', '--json']);
    expect(JSON.parse(added.stdout)).toMatchObject({ id: 1, kind: 'cidr', value: '198.51.100.0/24', note: 'lab range' });
    const allowed = JSON.parse((await runCli(home, ['analyze', '--case', 'Rules', '--json'])).stdout) as { findings: JsonFinding[] };
    expect(allowed.findings[0]).toMatchObject({ dst, score: 0, severity: null });
    expect(allowed.findings[0]?.explanations).toContain('allowlisted (rule 1: 198.51.100.0/24 (lab range)): not counted');

    expect((await runCli(home, ['allowlist', 'remove', '1', '--case', 'Rules'])).code).toBe(0);
    expect((await runCli(home, ['verdict', 'malicious', '--dst', dst, '--case', 'Rules'])).code).toBe(0);
    const marked = JSON.parse((await runCli(home, ['analyze', '--case', 'Rules', '--json'])).stdout) as { findings: (JsonFinding & { verdict: string })[] };
    expect(marked.findings[0]).toMatchObject({ dst, score: 1, severity: 'high', verdict: 'malicious' });
    expect(marked.findings[0]?.explanations).toContain('marked malicious by the analyst');
    const none = await runCli(home, ['verdict', 'benign', '--case', 'Rules']);
    expect([none.code, none.stderr]).toEqual([1, expect.stringContaining('verdict needs --host, --process and/or --dst')]);
  });
  it('--baseline-until sets where "what is normal" ends, kept within the case, and refuses a value that is no time', async () => {
    const file = writeHostileSysmon(path.join(h.tmp.make('analyze-in-'), 'sysmon.json'), [masqueradeProcess()]);
    await runCli(home, ['import', file, '--case', 'Baseline']);
    const r = await runCli(home, ['analyze', '--case', 'Baseline', '--baseline-until', '2026-11-03', '--json']);
    expect(r.code).toBe(0);
    const { run } = JSON.parse(r.stdout) as { run: { window: { start: string; end: string; baselineEnd: string } } };
    // Midnight is before the case's first connection (09:15): the baseline ends where the case starts.
    expect(run.window.baselineEnd).toBe(run.window.start);
    const bad = await runCli(home, ['analyze', '--case', 'Baseline', '--baseline-until', 'tuesday']);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('--baseline-until takes a date or time such as 2026-11-18')]);
  });

  it('--baseline-until is kept as the case\'s setting for the next analyses, shown in the output, and auto goes back to the default', async () => {
    await runCli(home, ['import', fixtures.zeekTsv, '--case', 'Kept']);
    type Run = { run: { window: { start: string; baselineEnd: string }; baselineUntil: string | null } };
    const analyse = async (...args: string[]): Promise<Run['run']> => {
      const r = await runCli(home, ['analyze', '--case', 'Kept', '--json', ...args]);
      expect([r.code, r.stderr]).toEqual([0, '']);
      return (JSON.parse(r.stdout) as Run).run;
    };
    const byDefault = await analyse();
    expect(byDefault.baselineUntil).toBeNull();
    expect(byDefault.window.baselineEnd > byDefault.window.start).toBe(true);

    expect(await analyse('--baseline-until', '2000-01-01')).toMatchObject({ baselineUntil: '2000-01-01T00:00:00.000Z', window: { baselineEnd: byDefault.window.start } });
    // The next analysis (--again, or the UI's, which sends no baselineUntil) keeps it.
    expect(await analyse('--again')).toMatchObject({ baselineUntil: '2000-01-01T00:00:00.000Z', window: { baselineEnd: byDefault.window.start } });
    const text = await runCli(home, ['analyze', '--case', 'Kept', '--cached']);
    expect(text.stdout).toContain(`baseline until ${byDefault.window.start} (set with --baseline-until 2000-01-01T00:00:00.000Z; kept for the next analyses; back to the default: --baseline-until auto)`);

    expect(await analyse('--baseline-until', 'auto')).toMatchObject({ baselineUntil: null, window: { baselineEnd: byDefault.window.baselineEnd } });
    expect(await analyse('--again')).toMatchObject({ baselineUntil: null, window: { baselineEnd: byDefault.window.baselineEnd } });
    expect((await runCli(home, ['analyze', '--case', 'Kept', '--cached'])).stdout).toContain(`baseline until ${byDefault.window.baselineEnd} (the default; choose with --baseline-until TIME)`);
  });
});
