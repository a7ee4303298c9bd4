// Deterministic synthetic Zeek conn.log data: the same seed and row count
// always give byte-identical files. Written streaming as Zeek TSV and as CSV
// (header row + the same columns and values) in one pass, cached by name.
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { mulberry32 } from '../../test/synthetic/random.js';

/** Bump when the generated content changes, so cached files are regenerated. */
export const GENERATOR_VERSION = 1;
export const DEFAULT_SEED = 20230816;

/** The 21 standard conn.log columns, as in test/fixtures/zeek/lsass-conn.log. */
export const FIELDS = [
  'ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration',
  'orig_bytes', 'resp_bytes', 'conn_state', 'local_orig', 'local_resp', 'missed_bytes', 'history',
  'orig_pkts', 'orig_ip_bytes', 'resp_pkts', 'resp_ip_bytes', 'tunnel_parents',
];
export const TYPES = [
  'time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'string', 'interval',
  'count', 'count', 'string', 'bool', 'bool', 'count', 'string',
  'count', 'count', 'count', 'count', 'set[string]',
];

/** Paths of the cached files for this row count and seed. */
export function dataFiles(workDir, rows, seed = DEFAULT_SEED) {
  const base = path.join(workDir, `zeek-conn-${rows}r-s${seed}-v${GENERATOR_VERSION}`);
  return { tsv: `${base}.log`, csv: `${base}.csv`, manifest: `${base}.json` };
}

/**
 * Makes sure the TSV and CSV for (rows, seed) exist, generating them when the
 * manifest is missing or does not match the files on disk. Returns the paths,
 * the byte sizes and whether the cache was used.
 */
export async function ensureZeekConnData(workDir, rows, seed = DEFAULT_SEED, log = () => {}) {
  fs.mkdirSync(workDir, { recursive: true });
  const files = dataFiles(workDir, rows, seed);
  const cached = readManifest(files);
  if (cached && cached.rows === rows && cached.seed === seed && cached.version === GENERATOR_VERSION) {
    return { ...files, tsvBytes: cached.tsvBytes, csvBytes: cached.csvBytes, cached: true };
  }
  log(`generating ${rows.toLocaleString('en-US')} conn.log rows (seed ${seed}) in ${path.relative(process.cwd(), workDir) || workDir}`);
  const started = Date.now();
  fs.rmSync(files.manifest, { force: true });
  const tmpTsv = `${files.tsv}.tmp`;
  const tmpCsv = `${files.csv}.tmp`;
  await generate(tmpTsv, tmpCsv, rows, seed);
  fs.renameSync(tmpTsv, files.tsv);
  fs.renameSync(tmpCsv, files.csv);
  const tsvBytes = fs.statSync(files.tsv).size;
  const csvBytes = fs.statSync(files.csv).size;
  // The manifest is written last: its presence means both files are complete.
  fs.writeFileSync(files.manifest, `${JSON.stringify({ rows, seed, version: GENERATOR_VERSION, tsvBytes, csvBytes }, null, 2)}\n`);
  log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s (TSV ${mb(tsvBytes)} MB, CSV ${mb(csvBytes)} MB)`);
  return { ...files, tsvBytes, csvBytes, cached: false };
}

function readManifest(files) {
  try {
    const m = JSON.parse(fs.readFileSync(files.manifest, 'utf8'));
    if (fs.statSync(files.tsv).size !== m.tsvBytes || fs.statSync(files.csv).size !== m.csvBytes) return null;
    return m;
  } catch {
    return null;
  }
}

function mb(bytes) {
  return (bytes / 1e6).toFixed(1);
}

// ---------------------------------------------------------------------------
// The population: who talks to whom, on which ports.

export const WEEK_S = 7 * 86400;
export const START_TS = 1692144000; // 2023-08-16 00:00:00 UTC
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function buildPopulation(rand) {
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const unique = (n, make) => {
    const seen = new Set();
    while (seen.size < n) seen.add(make());
    return [...seen];
  };
  // A few hundred workstations and servers in two address plans.
  const hosts = unique(320, () =>
    rand() < 0.7 ? `10.${int(0, 3)}.${int(0, 40)}.${int(2, 254)}` : `192.168.${int(0, 9)}.${int(2, 254)}`,
  );
  const hosts6 = unique(12, () => `fd00:10:${int(0, 3).toString(16)}::${int(1, 0xffff).toString(16)}`);
  const dnsServers = ['10.0.0.53', '10.0.1.53'];
  const internalServers = unique(40, () => `10.${int(0, 3)}.${int(200, 210)}.${int(2, 254)}`);
  // A few thousand public destinations, never in private, loopback or multicast space.
  const publicFirst = [13, 20, 23, 31, 34, 35, 40, 52, 54, 64, 66, 69, 74, 77, 85, 91, 93, 104, 142, 151, 157, 172, 185, 199, 203, 216];
  const external = unique(3500, () => {
    const a = publicFirst[int(0, publicFirst.length - 1)];
    const b = a === 172 ? int(32, 255) : int(0, 255);
    return `${a}.${b}.${int(0, 255)}.${int(1, 254)}`;
  });
  const external6 = unique(150, () => `2606:4700:${int(0, 0xfff).toString(16)}::${int(1, 0xffff).toString(16)}`);
  return { hosts, hosts6, dnsServers, internalServers, external, external6 };
}

// Port mix, weighted to 443/80/53. [weight, port, proto, service]
const PORTS = [
  [50, 443, 'tcp', 'ssl'],
  [14, 80, 'tcp', 'http'],
  [16, 53, 'udp', 'dns'],
  [2, 53, 'tcp', 'dns'],
  [2, 123, 'udp', 'ntp'],
  [2, 445, 'tcp', 'smb'],
  [1, 389, 'tcp', '-'],
  [1, 88, 'tcp', 'krb_tcp'],
  [1, 22, 'tcp', 'ssh'],
  [1, 3389, 'tcp', '-'],
  [2, 8080, 'tcp', 'http'],
  [1, 8443, 'tcp', 'ssl'],
  [1, 25, 'tcp', 'smtp'],
  [1, 993, 'tcp', 'ssl'],
  [2, 0, 'tcp', '-'], // a random high port
  [1, 8, 'icmp', '-'],
];
const PORT_TOTAL = PORTS.reduce((s, p) => s + p[0], 0);

// TCP outcomes. [weight, conn_state, history, hasData]
const TCP_STATES = [
  [72, 'SF', 'ShADadFf', true],
  [9, 'S0', 'S', false],
  [5, 'REJ', 'Sr', false],
  [4, 'RSTO', 'ShADadR', true],
  [3, 'RSTR', 'ShADadr', true],
  [3, 'S1', 'ShAD', true],
  [2, 'SH', 'ShAF', false],
  [2, 'OTH', 'Da', true],
];
const TCP_TOTAL = TCP_STATES.reduce((s, p) => s + p[0], 0);

function pick(table, total, r) {
  let x = r * total;
  for (const row of table) {
    x -= row[0];
    if (x < 0) return row;
  }
  return table[table.length - 1];
}

/** Zeek's #open / #close timestamp format. */
function zeekDate(epochS) {
  const d = new Date(epochS * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}-${p(d.getUTCMinutes())}-${p(d.getUTCSeconds())}`;
}

/** One row's 21 values as strings ('-' for unset), in FIELDS order. Also the flows of the CSV benchmark. */
export function makeRowFactory(seed, rows) {
  const rand = mulberry32(seed);
  const pop = buildPopulation(rand);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const choose = (list) => list[Math.floor(rand() * list.length)];
  // Skewed choice: a few hosts and destinations carry most of the traffic.
  const skewed = (list) => list[Math.floor(list.length * rand() * rand())];
  const step = WEEK_S / rows;
  const heavy = (scale) => Math.floor(Math.exp(rand() * scale));

  return function row(i) {
    // Strictly increasing ts over a week, microsecond precision.
    const ts = (START_TS + (i + rand() * 0.9) * step).toFixed(6);
    let uid = 'C';
    for (let k = 0; k < 17; k++) uid += BASE62[Math.floor(rand() * 62)];

    const [, portSpec, proto, service0] = pick(PORTS, PORT_TOTAL, rand());
    const v6 = rand() < 0.01;
    const src = v6 ? choose(pop.hosts6) : skewed(pop.hosts);
    let dst;
    if (v6) dst = proto === 'udp' && portSpec === 53 ? 'fd00:10::53' : skewed(pop.external6);
    else if (portSpec === 53) dst = rand() < 0.9 ? choose(pop.dnsServers) : skewed(pop.external);
    else if (portSpec === 445 || portSpec === 389 || portSpec === 88 || portSpec === 3389) dst = choose(pop.internalServers);
    else dst = rand() < 0.12 ? choose(pop.internalServers) : skewed(pop.external);
    const dstInternal = !dst.includes(':') ? dst.startsWith('10.') || dst.startsWith('192.168.') : dst.startsWith('fd');

    let srcPort;
    let dstPort;
    if (proto === 'icmp') {
      srcPort = '8';
      dstPort = '0';
    } else {
      srcPort = String(int(49152, 65535));
      dstPort = String(portSpec === 0 ? int(1024, 65535) : portSpec);
    }

    let service = service0;
    let state;
    let history;
    let hasData;
    if (proto === 'tcp') {
      [, state, history, hasData] = pick(TCP_STATES, TCP_TOTAL, rand());
      if (!hasData || rand() < 0.08) service = '-';
    } else if (proto === 'udp') {
      hasData = rand() < 0.93;
      state = hasData ? 'SF' : 'S0';
      history = hasData ? 'Dd' : 'D';
      if (!hasData) service = service === 'dns' ? 'dns' : '-';
    } else {
      hasData = true;
      state = 'OTH';
      history = '-';
    }

    let duration = '-';
    let origBytes = '-';
    let respBytes = '-';
    let origPkts;
    let respPkts;
    let origIpBytes;
    let respIpBytes;
    const header = proto === 'tcp' ? 52 : 28;
    if (hasData) {
      const ob = proto === 'udp' ? int(30, 80) : 40 + heavy(10);
      const rb = proto === 'udp' ? int(60, 500) : 40 + heavy(14);
      duration = (proto === 'udp' ? rand() * 0.05 : rand() * rand() * 120).toFixed(6);
      origBytes = String(ob);
      respBytes = String(rb);
      origPkts = 1 + Math.floor(ob / 1400) + (proto === 'tcp' ? int(2, 6) : 0);
      respPkts = state === 'S0' ? 0 : 1 + Math.floor(rb / 1400) + (proto === 'tcp' ? int(1, 5) : 0);
      origIpBytes = ob + origPkts * header;
      respIpBytes = respPkts === 0 ? 0 : rb + respPkts * header;
    } else {
      origPkts = int(1, 3);
      respPkts = state === 'REJ' ? 1 : 0;
      origIpBytes = origPkts * (proto === 'tcp' ? 60 : 40);
      respIpBytes = respPkts * 40;
    }

    return [
      ts, uid, src, srcPort, dst, dstPort, proto, service, duration,
      origBytes, respBytes, state, 'T', dstInternal ? 'T' : 'F', '0', history,
      String(origPkts), String(origIpBytes), String(respPkts), String(respIpBytes), '-',
    ];
  };
}

async function generate(tsvPath, csvPath, rows, seed) {
  const tsv = fs.createWriteStream(tsvPath);
  const csv = fs.createWriteStream(csvPath);
  const failed = new Promise((_, reject) => {
    tsv.on('error', reject);
    csv.on('error', reject);
  });
  failed.catch(() => {});
  const write = async (stream, text) => {
    if (!stream.write(text)) await Promise.race([once(stream, 'drain'), failed]);
  };

  await write(
    tsv,
    [
      '#separator \\x09',
      '#set_separator\t,',
      '#empty_field\t(empty)',
      '#unset_field\t-',
      '#path\tconn',
      `#open\t${zeekDate(START_TS)}`,
      `#fields\t${FIELDS.join('\t')}`,
      `#types\t${TYPES.join('\t')}`,
      '',
    ].join('\n'),
  );
  await write(csv, `${FIELDS.join(',')}\n`);

  const row = makeRowFactory(seed, rows);
  const BATCH = 5000;
  for (let start = 0; start < rows; start += BATCH) {
    const end = Math.min(rows, start + BATCH);
    let t = '';
    let c = '';
    for (let i = start; i < end; i++) {
      const v = row(i);
      t += `${v.join('\t')}\n`;
      c += `${v.join(',')}\n`;
    }
    await write(tsv, t);
    await write(csv, c);
  }
  await write(tsv, `#close\t${zeekDate(START_TS + WEEK_S)}\n`);
  await Promise.race([Promise.all([new Promise((r) => tsv.end(r)), new Promise((r) => csv.end(r))]), failed]);
}
