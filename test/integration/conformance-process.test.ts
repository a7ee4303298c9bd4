import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeProcess } from '../../src/core/analysis/process/index.js';
import { corpusDir, fixtures, fromRepo } from '../helpers/fixtures.js';
import { sysmonProcesses } from '../helpers/sysmon-processes.js';

/**
 * The process judgements on real Sysmon logs, read by Sightline's own
 * readers: every process creation (with parent, account, integrity and
 * command line) and every connecting image. What they flag must be exactly
 * the attack each log records, and nothing of the machine's normal life.
 */

type Flagged = Record<string, string[]>;

async function flagged(file: string): Promise<{ flagged: Flagged; images: number }> {
  const facts = await sysmonProcesses(file);
  const out: Flagged = {};
  for (const f of facts) {
    for (const j of judgeProcess(f)) out[f.image] = [...new Set([...(out[f.image] ?? []), j.kind])].sort();
  }
  return { flagged: out, images: new Set(facts.map((f) => f.image)).size };
}

describe('process judgements on the Sysmon fixtures', () => {
  it('wevtutil (OTRF): only the Metasploit payload run from Downloads, of 24 images', async () => {
    expect(await flagged(fixtures.sysmonWevtutil)).toEqual({ images: 24, flagged: { 'C:\\Users\\pedro\\Downloads\\payload.exe': ['user-writable-folder'] } });
  });

  it('bitsadmin (OTRF): nothing, of 4 images', async () => {
    expect(await flagged(fixtures.sysmonBitsadmin)).toEqual({ images: 4, flagged: {} });
  });
});

const lsassCampaign = path.join(corpusDir, 'redistributable', 'sysmon_json', 'otrf-LSASS_campaign_01', 'metasploit_logonpasswords_lsass_memory_dump.sysmon_eid1_eid3_eid22.json');
const powercat = path.join(corpusDir, 'reference-only', 'sysmon_evtx', 'powercat_revShell_sysmon_1_3.evtx');

for (const file of [lsassCampaign, powercat]) {
  if (!fs.existsSync(file)) console.warn(`conformance-process: ${fromRepo(file)} is absent (shared corpus, outside the repo); its test is skipped`);
}

describe.skipIf(!fs.existsSync(lsassCampaign))(`process judgements on ${fromRepo(lsassCampaign)}`, () => {
  it('only the payload in Downloads and the service rundll32 loading its DLL from Temp, of 39 images', async () => {
    expect(await flagged(lsassCampaign)).toEqual({
      images: 39,
      flagged: {
        'C:\\Users\\stevie.marie\\Downloads\\winx64_payload.exe': ['user-writable-folder'],
        'C:\\Windows\\System32\\rundll32.exe': ['user-writable-module'],
      },
    });
  });
});

describe.skipIf(!fs.existsSync(powercat))(`process judgements on ${fromRepo(powercat)} (read in place)`, () => {
  it('nothing: the reverse shell runs real PowerShell, cmd and tools from System32', async () => {
    expect(await flagged(powercat)).toEqual({ images: 5, flagged: {} });
  });
});
