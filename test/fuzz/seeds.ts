import fs from 'node:fs';
import path from 'node:path';
import type { CsvMappingInput } from '../../src/shared/types.js';
import { repoRoot } from '../helpers/fixtures.js';
import type { SeedShape } from './mutators.js';

/** One real file (or folder) the fuzzer mutates, and how to import it. */
export interface FuzzSeed {
  /** Names the seed in reports: its path under test/fixtures (or the corpus, or `generated/`). */
  id: string;
  target: 'telemetry' | 'intel';
  /** The format the original is read as: a row of the summary table. */
  format: string;
  /** The file, or for a folder seed the folder, that is imported. */
  path: string;
  /** Folder seeds: the files inside that a mutant changes, one per mutant (relative to `path`). */
  members?: readonly string[];
  shape: SeedShape;
  /** csv-mapped: the column mapping (the CLI gets it as a --map file). */
  mapping?: CsvMappingInput;
  timezone?: string;
}

const fixture = (...p: string[]) => path.join(repoRoot, 'test', 'fixtures', ...p);
/** The shared corpus beside the repository; its reference-only files are read in place, never copied in. */
const corpus = (...p: string[]) => path.resolve(repoRoot, '..', 'shared', 'corpus', 'reference-only', ...p);

const tsv: SeedShape = { delimiter: '\t', commentHeader: true };
const json: SeedShape = { json: true };
const csv: SeedShape = { delimiter: ',', csvHeader: true };
const xml: SeedShape = { records: /<Event[\s>/]/g };

const telemetry = (format: string, rel: string, shape: SeedShape, extra: Partial<FuzzSeed> = {}): FuzzSeed => ({
  id: rel, target: 'telemetry', format, path: fixture(...rel.split('/')), shape, ...extra,
});
const intel = (format: string, rel: string, shape: SeedShape, extra: Partial<FuzzSeed> = {}): FuzzSeed => ({
  id: rel, target: 'intel', format, path: fixture(...rel.split('/')), shape, ...extra,
});

/** Every telemetry and intel fixture in the repository, one seed each. */
export const fixtureSeeds: readonly FuzzSeed[] = [
  telemetry('zeek-conn-tsv', 'zeek/lsass-conn.log', tsv),
  telemetry('zeek-conn-tsv', 'csv-ui/zeek-conn-hostile.log', tsv),
  telemetry('zeek-conn-json', 'zeek/apt29-scranton-conn.json', json),
  telemetry('zeek-dns-tsv', 'zeek/lsass-dns.log', tsv),
  telemetry('zeek-dns-json', 'zeek/lsass-dns.json', json),
  telemetry('sysmon-json', 'sysmon/wevtutil-eid1-3-22.json', json),
  telemetry('sysmon-json', 'sysmon/bitsadmin-mixed-channels.json', json),
  telemetry('sysmon-ecs-json', 'sysmon/winlogbeat-sysmon-module.ndjson', json),
  telemetry('sysmon-ecs-json', 'sysmon/winlogbeat7-hits.ndjson', json),
  telemetry('sysmon-csv', 'sysmon/kibana-discover.csv', csv),
  telemetry('sysmon-csv', 'sysmon/splunk-sysmon.csv', csv),
  telemetry('sysmon-xml', 'sysmon/wevtutil-eid1-3-22.xml', xml),
  telemetry('sysmon-xml', 'sysmon/get-winevent-eid1-3-22.xml', xml),
  telemetry('suricata-eve', 'suricata/eve-curl-ipinfo.json', json),
  telemetry('windows-firewall', 'firewall/plaso-firewall.log', { delimiter: ' ', commentHeader: true }),
  telemetry('windows-firewall', 'firewall/betahydri-pfirewall.log', { delimiter: ' ', commentHeader: true }),
  telemetry('nfdump-csv', 'flows/nfdump-with-summary.csv', csv),
  telemetry('argus-binetflow', 'flows/argus-ctu13-comma.binetflow', csv),
  telemetry('argus-binetflow', 'flows/argus-stratosphere-tab.binetflow', { delimiter: '\t', csvHeader: true }),
  telemetry('csv-mapped', 'csv/siem-alerts-epoch-ms.csv', csv, {
    mapping: {
      columns: { time: 'timestamp', srcIp: 'src_ip', dstIp: 'dest_ip', dstPort: 'dest_port', proto: 'transport', host: 'host', signature: 'signature', severity: 'severity', action: 'action' },
      timeFormat: 'epoch-ms',
    },
  }),
  telemetry('csv-mapped', 'csv/locale-semicolon-dmy.csv', { delimiter: ';', csvHeader: true }, {
    mapping: { columns: { time: 'Zeitpunkt', srcIp: 'Quelle', dstIp: 'Ziel', dstPort: 'Zielport', proto: 'Protokoll' }, timeFormat: 'dmy' },
    timezone: 'Europe/Berlin',
  }),
  telemetry('csv-mapped', 'csv-ui/siem-alerts.csv', csv, {
    mapping: {
      columns: { time: 'Event Time', srcIp: 'Source IP', srcPort: 'Src Port', dstIp: 'Destination IP', dstPort: 'Dst Port', proto: 'Protocol', signature: 'Rule Name', severity: 'Severity', host: 'Device' },
      timeFormat: 'dmy',
    },
  }),
  intel('tweetfeed-csv', 'intel/tweetfeed-today.csv', { delimiter: ',' }),
  intel('stix21', 'intel/stix21-tweetfeed-today.json', json),
  intel('misp-event', 'intel/misp-tweetfeed/181b5be4-a1f6-53a4-8436-4d4cd3e272a3.json', json),
  intel('misp-feed', 'intel/misp-tweetfeed', json, {
    members: ['manifest.json', '181b5be4-a1f6-53a4-8436-4d4cd3e272a3.json', '7b01a6d4-f18c-5c7f-9595-b168526e12b8.json', '3f683153-718d-553a-9f11-83cb317e5974.json'],
  }),
  intel('x-api-json', 'intel/x/api/timeline-page.json', json),
  intel('x-api-json', 'intel/x/api/timeline-pages.jsonl', json),
  intel('x-api-json', 'intel/x/api/search-pages.json', json),
  intel('x-archive', 'intel/x/archive/tweet-2019/tweet.js', json),
  intel('x-archive', 'intel/x/archive/twitter-2025-12-07-hp_sensor_eu', json, { members: ['data/tweets.js', 'data/tweets-part1.js', 'data/account.js'] }),
];

/**
 * Formats with no redistributable sample: read in place from the shared
 * corpus when it is there (a raw EVTX, plain blocklists, a MISP CSV export).
 */
const referenceOnlyCandidates: readonly FuzzSeed[] = [
  { id: 'corpus/sysmon_evtx/powercat_revShell_sysmon_1_3.evtx', target: 'telemetry', format: 'sysmon-evtx', path: corpus('sysmon_evtx', 'powercat_revShell_sysmon_1_3.evtx'), shape: { binary: true } },
  { id: 'corpus/blocklists/emergingthreats/compromised-ips.txt', target: 'intel', format: 'plain-list', path: corpus('blocklists', 'emergingthreats', 'compromised-ips.txt'), shape: {} },
  { id: 'corpus/blocklists/firehol/spamhaus_drop.netset', target: 'intel', format: 'plain-list', path: corpus('blocklists', 'firehol', 'spamhaus_drop.netset'), shape: { delimiter: ';' } },
  { id: 'corpus/blocklists/feodotracker/ipblocklist.csv', target: 'intel', format: 'plain-list', path: corpus('blocklists', 'feodotracker', 'ipblocklist.csv'), shape: { delimiter: ',' } },
  { id: 'corpus/misp_feed/digitalside-csv.csv', target: 'intel', format: 'misp-csv', path: corpus('misp_feed', 'digitalside-csv', 'c7c73b51-290e-4a1a-94f8-44c6661d1359.csv'), shape: csv },
];

export function referenceOnlySeeds(): FuzzSeed[] {
  return referenceOnlyCandidates.filter((s) => fs.existsSync(s.path));
}

/**
 * Seeds written from the fixtures at the start of a run, for formats the
 * fixtures hold only inside others: plain lists (the TweetFeed values, one
 * per line and as a CSV list with a header). The offline bundle is exported
 * by the runner (it needs an engine).
 */
export function writeListSeeds(dir: string): FuzzSeed[] {
  fs.mkdirSync(dir, { recursive: true });
  const rows = fs.readFileSync(fixture('intel', 'tweetfeed-today.csv'), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => l.split(','));
  const values = rows.map((r) => r[3] ?? '').filter((v) => v !== '');
  const lines = path.join(dir, 'tweetfeed-values.txt');
  fs.writeFileSync(lines, `# the values of intel/tweetfeed-today.csv, one per line\n${values.join('\n')}\n`);
  const table = path.join(dir, 'tweetfeed-iocs.csv');
  fs.writeFileSync(table, `indicator,type,user\n${rows.map((r) => `${r[3]},${r[2]},${r[1]}`).join('\n')}\n`);
  return [
    { id: 'generated/tweetfeed-values.txt', target: 'intel', format: 'plain-list', path: lines, shape: {} },
    { id: 'generated/tweetfeed-iocs.csv', target: 'intel', format: 'plain-list', path: table, shape: csv },
  ];
}

/** The offline bundle seed, once the runner has exported it to `file`. */
export function bundleSeed(file: string): FuzzSeed {
  return { id: 'generated/intel.slb', target: 'intel', format: 'bundle', path: file, shape: { gzipped: true, json: true } };
}
