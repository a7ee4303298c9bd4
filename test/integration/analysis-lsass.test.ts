import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { Finding } from '../../src/shared/analysis-types.js';
import type { JoinSummary } from '../../src/shared/types.js';
import { EngineHarness } from '../helpers/engine.js';
import { fixtures, repoRoot, resourcesDir } from '../helpers/fixtures.js';

/**
 * Real captures, analysed as a user would. The OTRF LSASS campaign
 * (resources/demo: byte for byte the corpus's redistributable
 * sysmon_json/otrf-LSASS_campaign_01 and zeek_conn_tsv/otrf-LSASS_campaign_01,
 * MIT): MKT01 runs winx64_payload.exe from Downloads, a Metasploit stager
 * that pulls ~700 KB from 10.0.5.13:8080 seconds after it starts, then dumps
 * LSASS. The Sysmon export's network events (event 3, 22) carry UtcTimes
 * 5.6 days before its own process starts (event 1) and the Zeek log; the
 * Zeek log agrees with the process starts. And the OTRF wevtutil and
 * bitsadmin captures (test/fixtures/sysmon), whose Microsoft telemetry and
 * SmartScreen addresses lie in Azure ranges GitHub also lists.
 */

const h = new EngineHarness();
let engine: Engine;
let lsass = '';
let imported: { join: JoinSummary };
let findings: Finding[] = [];

const sysmon = path.join(resourcesDir, 'demo', 'sysmon-lsass.json');
const zeek = path.join(resourcesDir, 'demo', 'zeek-conn.log');

beforeAll(async () => {
  engine = h.engine({ resourcesDir: path.join(repoRoot, 'resources'), noDemo: true });
  lsass = (await engine.invoke('createCase', { name: 'lsass' })).id;
  imported = await engine.invoke('importFiles', { caseId: lsass, sources: [sysmon, zeek].map((f) => engine.files.source(f)) });
  await engine.invoke('analyzeCase', { caseId: lsass });
  findings = (await engine.invoke('listFindings', { caseId: lsass, limit: 1000 })).findings;
}, 120_000);
afterAll(() => h.close());

const stager = (f: Finding) => (f.process ?? '').endsWith('\\winx64_payload.exe') && f.dst === '10.0.5.13';

describe('the OTRF LSASS campaign, analysed', () => {
  it('blames the Sysmon export, not Zeek, for the 5.6-day skew: its connections come before the processes that made them', () => {
    expect(imported.join.clockSkews).toHaveLength(1);
    const [skew] = imported.join.clockSkews;
    expect(skew).toMatchObject({ file: zeek, endpointFile: sysmon, off: 'endpoint', flowBeforeStart: 0 });
    expect(Math.abs((skew?.seconds ?? 0) - 483_280)).toBeLessThan(10);
    expect(skew?.checked).toBeGreaterThan(0);
    expect(skew?.endpointBeforeStart).toBe(skew?.checked);
  });

  it('puts the case on one clock, so the analysed window is the capture\'s few minutes, not 5.6 days', async () => {
    const { run } = await engine.invoke('listFindings', { caseId: lsass, limit: 1 });
    const window = run?.window;
    if (!window) throw new Error('no window');
    // Zeek's first flow (1692161622.036 = 2023-08-16 04:53:42 UTC) to its last connection: under 10 minutes.
    expect(window.start).toBe('2023-08-16T04:53:42.036Z');
    expect(Date.parse(window.end) - Date.parse(window.start)).toBeLessThan(10 * 60_000);
    const first = findings.find(stager);
    expect(first?.firstSeen).toMatch(/^2023-08-16T04:54:/);
  });

  it('ranks the stager first, at 0.7 or more, above every port finding, with the download at its start explained', () => {
    const at = findings.findIndex(stager);
    expect(at).toBe(0);
    const found = findings[at] as Finding;
    expect(found.score).toBeGreaterThanOrEqual(0.7);
    expect(found.kinds).toEqual(expect.arrayContaining(['process', 'early-download']));
    const download = found.explanations.find((e) => e.kind === 'early-download');
    expect(download?.text).toMatch(/^winx64_payload\.exe began receiving 696\.6 KB from this address [\d.]+ s after it started \(4 connections/);
    expect(download?.text).toContain('the Downloads folder');
    const ports = findings.filter((f) => f.kinds.includes('unusual-port'));
    for (const p of ports) expect(p.score, `${p.process} ${p.dst}:${String(p.dport)}`).toBeLessThan(found.score);
  });

  it('does not call the network\'s own services unusual ports: Kerberos, NTP, LDAP, RPC, SMB, NetBIOS, LLMNR, mDNS, SSDP, ICMP', () => {
    const standard = new Set([53, 88, 123, 133, 135, 137, 138, 139, 389, 445, 1900, 5353, 5355]);
    const flagged = findings.flatMap((f) => f.explanations.filter((e) => e.kind === 'unusual-port').map((e) => ({ f, port: Number(e.facts['port']) })));
    expect(flagged.filter(({ port }) => standard.has(port)).map(({ f, port }) => `${f.process} ${f.dst}:${port}`)).toEqual([]);
    // Nor the domain controller's call back to an ephemeral port of MKT01, nor Edge on port 80.
    expect(flagged.filter(({ port }) => port === 51142 || port === 80).map(({ f, port }) => `${f.process} ${f.dst}:${port}`)).toEqual([]);
  });
});

describe('Microsoft addresses in Azure ranges GitHub also lists', () => {
  it('are named Microsoft Azure, not GitHub, and SmartScreen is no service misuse', async () => {
    const caseId = (await engine.invoke('createCase', { name: 'wevtutil' })).id;
    await engine.invoke('importFiles', { caseId, sources: [fixtures.sysmonWevtutil, fixtures.sysmonBitsadmin].map((f) => engine.files.source(f)) });
    await engine.invoke('analyzeCase', { caseId });
    const graph = await engine.invoke('getGraphView', { caseId });
    const service = (ip: string) => graph.nodes.find((n) => n.id === `ip:${ip}`)?.service;
    // v10.events.data.microsoft.com (telemetry), checkappexec.microsoft.com (SmartScreen), api.edgeoffer.microsoft.com.
    for (const ip of ['20.189.173.5', '65.52.5.117', '40.71.99.188']) expect(service(ip), ip).toEqual({ category: 'cloud-hosting', name: 'Microsoft Azure' });
    expect(graph.nodes.filter((n) => n.service?.name === 'GitHub').map((n) => n.id)).toEqual([]);
    // SmartScreen, once taken for GitHub, was a program reaching code hosting for the first time.
    const misuse = (await engine.invoke('listFindings', { caseId, limit: 1000 })).findings.filter((f) => f.kinds.includes('service-misuse'));
    expect(misuse.map((f) => f.dst)).not.toContain('65.52.5.117');
  });
});
