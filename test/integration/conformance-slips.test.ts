import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../helpers/engine.js';
import { corpusDir, fromRepo } from '../helpers/fixtures.js';

/**
 * Conformance on a labelled capture: Stratosphere's slips test 18 (a short
 * part of CTU-SME-11, labelled by hand). Host 192.168.1.107 runs RemcosRAT,
 * whose C2 channel to 66.63.168.35:5888 is labelled malicious; it must rank
 * first among that host's destinations, with a beacon. Reference-only
 * (licence unclear): read in place, never copied; skipped when absent.
 */
const file = path.join(corpusDir, 'reference-only', 'zeek_conn_tsv', 'slips-test18-ctu-sme-11', 'conn.log.labeled');
const present = fs.existsSync(file);
if (!present) console.warn(`conformance-slips: ${fromRepo(file)} is absent (shared corpus, outside the repo); its test is skipped`);

const h = new EngineHarness();
afterAll(() => h.close());

describe('the labelled RemcosRAT capture (slips test 18, CTU-SME-11)', () => {
  it.skipIf(!present)(`ranks the labelled C2 first among its host's destinations (${fromRepo(file)})`, async () => {
    const labels = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split('\t'))
      .filter((f) => /malicious/i.test(f.at(-1) ?? '') || /malicious/i.test(f.at(-2) ?? ''));
    const c2 = new Set(labels.map((f) => f[4]));
    expect([...c2]).toEqual(['66.63.168.35']);

    const engine = h.engine();
    const caseId = (await engine.invoke('createCase', { name: 'slips 18' })).id;
    const imported = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(file)], format: 'zeek-conn-tsv' });
    expect(imported.files[0]).toMatchObject({ status: 'imported', quarantined: 0 });
    await engine.invoke('analyzeCase', { caseId });
    const { findings } = await engine.invoke('listFindings', { caseId, limit: 1000 });
    const ofHost = findings.filter((f) => f.host === '192.168.1.107');
    expect(ofHost[0]).toMatchObject({ dst: '66.63.168.35', kinds: expect.arrayContaining(['beacon']) });
    expect(ofHost[0]?.explanations.find((e) => e.kind === 'beacon')?.text).toMatch(/^every ~1 s .* 719 connections/);
  });
});
