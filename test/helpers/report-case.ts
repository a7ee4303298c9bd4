import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '../../src/core/engine.js';
import type { EngineHarness } from './engine.js';
import { sysmonLines } from './sysmon-lines.js';
import { analysedWeek, type AnalysedWeek } from './week-case.js';

/**
 * What the report case plants beside the synthetic week: a workstation whose
 * name carries a right-to-left override, running a process whose path is a
 * spreadsheet formula, that beacons to an address posted with markup in the
 * post's text; the binary's SHA-256 is posted with the same text; the
 * analyst's note on that finding holds an <iframe> and javascript: links,
 * its tags markup, and a note on the host a <script>; the analyst called
 * that finding malicious with a note that is a formula and markup. Every
 * report writer's tests use it: what is here must reach the report as data,
 * never as markup or a formula.
 */
export const HOSTILE = {
  /** "WS09-" then U+202E: "exe.txt" shows as "txt.exe". */
  host: 'WS09-\u202Eexe.txt',
  hostAddress: '10.20.1.99',
  /** A process image path a spreadsheet would run as a DDE formula. */
  image: "=cmd|' /C calc'!A0",
  parentImage: 'C:\\Windows\\explorer.exe',
  dropper: 'C:\\Users\\ann\\Downloads\\invoice.exe',
  /** A public address no warninglist holds, posted as C2. */
  ip: '91.92.109.33',
  port: 8443,
  sha256: createHash('sha256').update('sightline report case hostile binary').digest('hex'),
  script: '<script>alert(1)</script>',
  img: '<img src=x onerror=alert(1)>',
  /** The post's text as the STIX bundle gives it. */
  postText: "C2 panel at 91.92.109.33 <script>alert(1)</script> payload <img src=x onerror=alert(1)> =HYPERLINK(\"http://x\")",
  author: 'synth_hostile',
  postUrl: 'https://x.com/synth_hostile/status/1990000000000000001',
  postedAt: '2026-11-18T09:00:00.000Z',
  /** Connections every 300 s from 10:00 on this day (UTC). */
  day: '2026-11-19',
  connections: 48,
  /** The analyst's note on the hostile finding: markup and script links, to be shown as text. */
  note: 'Seen before: <iframe src="https://evil.example/"></iframe> see [the panel](javascript:alert(1)) and <a href="javascript:alert(2)">here</a>',
  tags: ['C2', '<b>loud</b>'],
  /** A note on another node (the hostile host): the document's case notes. */
  hostNote: 'Host owner: <script>alert(3)</script> javascript:alert(4)',
  /** The note the analyst gave with the hostile finding's "malicious" verdict: a formula, markup and an override. */
  verdictNote: '=HYPERLINK("https://evil.example/","ok") confirmed <script>alert(5)</script> by \u202Egpj.exe',
} as const;

/** The sensor-less Sysmon file of the hostile host, and the STIX bundle that posts its destination and hash. */
export function writeHostileFiles(dir: string): { telemetry: string[]; intel: string[] } {
  const s = sysmonLines(HOSTILE.host, HOSTILE.day);
  const parentGuid = '{11111111-0000-4000-8000-000000000001}';
  const dropperGuid = '{11111111-0000-4000-8000-000000000002}';
  const guid = '{11111111-0000-4000-8000-000000000003}';
  const lines = [
    s.start('09:55:00.000', dropperGuid, HOSTILE.dropper, parentGuid, HOSTILE.parentImage),
    s.write('09:58:00.000', dropperGuid, HOSTILE.dropper, HOSTILE.image),
    // The dropper starts what it wrote: lineage is image ← dropper ← explorer.exe (known by name only).
    s.start('09:59:00.000', guid, HOSTILE.image, dropperGuid, HOSTILE.dropper, {
      CommandLine: `"${HOSTILE.image}" ${HOSTILE.script}`,
      Hashes: `SHA256=${HOSTILE.sha256.toUpperCase()}`,
    }),
  ];
  for (let i = 0; i < HOSTILE.connections; i++) {
    const at = new Date(Date.parse(`${HOSTILE.day}T10:00:00.000Z`) + i * 300_000 + (i % 5) * 1_000).toISOString().slice(11, 23);
    const event = JSON.parse(s.connect(at, guid, HOSTILE.image, { ip: HOSTILE.ip, port: HOSTILE.port })) as Record<string, string>;
    lines.push(JSON.stringify({ ...event, SourceIp: HOSTILE.hostAddress, SourcePort: String(51_000 + i) }));
  }
  const sysmon = path.join(dir, 'hostile-sysmon.json');
  writeFileSync(sysmon, `${lines.join('\n')}\n`);

  const identity = 'identity--5b1e8f4e-3a57-4c8e-9d1a-0f4c2b7e6a11';
  const indicator = (id: string, pattern: string) => ({
    type: 'indicator',
    spec_version: '2.1',
    id,
    created: HOSTILE.postedAt,
    modified: HOSTILE.postedAt,
    valid_from: HOSTILE.postedAt,
    created_by_ref: identity,
    pattern_type: 'stix',
    pattern,
    description: HOSTILE.postText,
    labels: ['c2'],
    external_references: [{ source_name: 'x', url: HOSTILE.postUrl }],
  });
  const bundle = {
    type: 'bundle',
    id: 'bundle--5b1e8f4e-3a57-4c8e-9d1a-0f4c2b7e6a12',
    objects: [
      { type: 'identity', spec_version: '2.1', id: identity, created: HOSTILE.postedAt, modified: HOSTILE.postedAt, name: 'Hostile Feed', identity_class: 'organization' },
      indicator('indicator--5b1e8f4e-3a57-4c8e-9d1a-0f4c2b7e6a13', `[ipv4-addr:value = '${HOSTILE.ip}']`),
      indicator('indicator--5b1e8f4e-3a57-4c8e-9d1a-0f4c2b7e6a14', `[file:hashes.'SHA-256' = '${HOSTILE.sha256}']`),
    ],
  };
  const stix = path.join(dir, 'hostile-stix.json');
  writeFileSync(stix, JSON.stringify(bundle, null, 2));
  return { telemetry: [sysmon], intel: [stix] };
}

/** The synthetic week, analysed, with the hostile host, process, destination, posts and notes planted (see HOSTILE). */
export async function reportCase(h: EngineHarness, name = 'report case'): Promise<AnalysedWeek> {
  // The verdict before the analysis, as an analyst coming back to a case would have it: the findings count it and are not stale.
  const verdict = (engine: Engine, caseId: string) =>
    engine.invoke('setCaseVerdict', { caseId, host: HOSTILE.host, process: HOSTILE.image, dst: HOSTILE.ip, verdict: 'malicious', note: HOSTILE.verdictNote }).then(() => undefined);
  const week = await analysedWeek(h, name, writeHostileFiles, verdict);
  const { engine, caseId } = week;
  const target = { kind: 'finding' as const, host: HOSTILE.host, process: HOSTILE.image, dst: HOSTILE.ip, dport: null };
  await engine.invoke('addNote', { caseId, target, body: HOSTILE.note });
  await engine.invoke('setTags', { caseId, target, tags: [...HOSTILE.tags] });
  await engine.invoke('addNote', { caseId, target: { kind: 'node', nodeId: `host:${HOSTILE.host}` }, body: HOSTILE.hostNote });
  return week;
}
