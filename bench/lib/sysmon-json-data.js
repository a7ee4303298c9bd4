// Deterministic synthetic Sysmon as flat Windows-event JSON lines (NXLog /
// OTRF style, the shape of test/fixtures/sysmon/wevtutil-eid1-3-22.json):
// mostly event 3 (network connection) with some event 1 (process creation),
// each with the rendered Message and the EventData fields at the top level.
// The same records, same values, go to a CSV (header = every field) for the
// sqlite3 peer. Cached in bench/.work by row count, seed and version.
import path from 'node:path';
import { csvField, ensureCached } from './cached-data.js';
import { mulberry32 } from '../../test/synthetic/random.js';

export const GENERATOR_VERSION = 1;
export const DEFAULT_SEED = 20220705;
/** One process creation per this many records; the rest are connections. */
const EID1_EVERY = 20;

const ENVELOPE = ['SourceName', 'ProviderGuid', 'Level', 'Keywords', 'Channel', 'Hostname', 'TimeCreated', '@timestamp', 'EventID', 'Message', 'Task', 'RuleName', 'UtcTime', 'ProcessGuid', 'ProcessId', 'Image'];
const EID3 = ['User', 'Protocol', 'Initiated', 'SourceIsIpv6', 'SourceIp', 'SourceHostname', 'SourcePort', 'SourcePortName', 'DestinationIsIpv6', 'DestinationIp', 'DestinationHostname', 'DestinationPort', 'DestinationPortName'];
const EID1 = ['FileVersion', 'Description', 'Product', 'Company', 'OriginalFileName', 'CommandLine', 'CurrentDirectory', 'User', 'LogonGuid', 'LogonId', 'TerminalSessionId', 'IntegrityLevel', 'Hashes', 'ParentProcessGuid', 'ParentProcessId', 'ParentImage', 'ParentCommandLine', 'ParentUser'];
/** The CSV header: every field of either event, once. */
export const CSV_FIELDS = [...ENVELOPE, ...EID3, ...EID1.filter((f) => !EID3.includes(f))];

const START_MS = Date.UTC(2022, 6, 4, 0, 0, 0);
const WEEK_MS = 7 * 86400_000;
const PROVIDER_GUID = '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}';
const CHANNEL = 'Microsoft-Windows-Sysmon/Operational';

const PROGRAMS = [
  // [weight, image, user kind, description, product, company, connects]
  [30, 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', 'user', 'Microsoft Edge', 'Microsoft Edge', 'Microsoft Corporation'],
  [18, 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'user', 'Google Chrome', 'Google Chrome', 'Google LLC'],
  [14, 'C:\\Windows\\System32\\svchost.exe', 'NT AUTHORITY\\NETWORK SERVICE', 'Host Process for Windows Services', 'Microsoft® Windows® Operating System', 'Microsoft Corporation'],
  [8, 'C:\\Users\\{user}\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe', 'user', 'Microsoft Teams', 'Microsoft Teams', 'Microsoft Corporation'],
  [6, 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE', 'user', 'Microsoft Outlook', 'Microsoft Office', 'Microsoft Corporation'],
  [5, 'C:\\Windows\\System32\\lsass.exe', 'NT AUTHORITY\\SYSTEM', 'Local Security Authority Process', 'Microsoft® Windows® Operating System', 'Microsoft Corporation'],
  [4, 'C:\\Program Files\\Windows Defender\\MsMpEng.exe', 'NT AUTHORITY\\SYSTEM', 'Antimalware Service Executable', 'Microsoft® Windows® Operating System', 'Microsoft Corporation'],
  [3, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'user', 'Windows PowerShell', 'Microsoft® Windows® Operating System', 'Microsoft Corporation'],
  [3, 'C:\\Users\\{user}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe', 'user', 'Microsoft OneDrive', 'Microsoft OneDrive', 'Microsoft Corporation'],
  [2, 'C:\\Windows\\System32\\bitsadmin.exe', 'user', 'BITS administration utility', 'Microsoft® Windows® Operating System', 'Microsoft Corporation'],
  [2, 'C:\\Windows\\System32\\rundll32.exe', 'user', 'Windows host process (Rundll32)', 'Microsoft® Windows® Operating System', 'Microsoft Corporation'],
  [1, 'C:\\Users\\{user}\\AppData\\Local\\Temp\\updater.exe', 'user', '-', '-', '-'],
];
const PROGRAM_TOTAL = PROGRAMS.reduce((s, p) => s + p[0], 0);
const NAMES = ['pedro', 'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar', 'peggy', 'trent', 'victor', 'walter'];
const DOMAINS = ['edge.microsoft.com', 'login.microsoftonline.com', 'teams.microsoft.com', 'www.google.com', 'update.googleapis.com', 'outlook.office365.com', 'github.com', 'cdn.jsdelivr.net', '-', '-', '-', '-'];
// [weight, port, protocol]
const PORTS = [
  [60, 443, 'tcp'],
  [12, 80, 'tcp'],
  [12, 53, 'udp'],
  [4, 445, 'tcp'],
  [3, 389, 'tcp'],
  [3, 88, 'tcp'],
  [2, 3389, 'tcp'],
  [2, 135, 'tcp'],
  [2, 8080, 'tcp'],
];
const PORT_TOTAL = PORTS.reduce((s, p) => s + p[0], 0);
const PORT_NAMES = { 443: 'https', 80: 'http', 53: 'domain', 445: 'microsoft-ds', 389: 'ldap', 88: 'kerberos', 3389: 'ms-wbt-server', 135: 'epmap', 8080: 'http-alt' };

function pickWeighted(table, total, r) {
  let x = r * total;
  for (const row of table) {
    x -= row[0];
    if (x < 0) return row;
  }
  return table[table.length - 1];
}

function makeRecordFactory(seed, rows) {
  const rand = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const choose = (list) => list[Math.floor(rand() * list.length)];
  const skewed = (list) => list[Math.floor(list.length * rand() * rand())];
  const hex = (n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rand() * 16)];
    return s;
  };
  const HEX = (n) => hex(n).toUpperCase();
  const machineGuid = hex(8);

  // ~250 workstations, each with a user and a handful of running processes.
  const hosts = [];
  for (let h = 0; h < 250; h++) {
    const name = rand() < 0.5 ? `DESKTOP-${HEX(7)}` : `WKS-${String(1000 + h).padStart(4, '0')}`;
    const user = choose(NAMES);
    const ip = `10.${int(0, 3)}.${int(0, 40)}.${int(2, 254)}`;
    hosts.push({ name, user, ip, ip6: `fe80::${hex(4)}:${hex(4)}:${hex(4)}:${hex(4)}`, processes: [] });
  }
  const external = [];
  for (let k = 0; k < 3000; k++) external.push(`${choose([13, 20, 23, 40, 52, 104, 142, 151, 172, 185, 199])}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`);
  const internal = [];
  for (let k = 0; k < 30; k++) internal.push(`10.${int(0, 3)}.${int(200, 210)}.${int(2, 254)}`);

  const newProcess = (host, ts) => {
    const [, image0, userKind, description, product, company] = pickWeighted(PROGRAMS, PROGRAM_TOTAL, rand());
    const image = image0.replace('{user}', host.user);
    const p = {
      guid: `{${machineGuid}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}}`,
      pid: String(int(400, 65000)),
      image,
      user: userKind === 'user' ? `${host.name}\\${host.user}` : userKind,
      description,
      product,
      company,
      started: ts,
    };
    host.processes.push(p);
    if (host.processes.length > 12) host.processes.splice(int(0, host.processes.length - 1), 1);
    return p;
  };
  const utc = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

  return function record(i) {
    const ms = Math.floor(START_MS + ((i + rand() * 0.9) * WEEK_MS) / rows);
    const iso = new Date(ms + int(50, 900)).toISOString();
    const host = skewed(hosts);
    const envelope = {
      SourceName: 'Microsoft-Windows-Sysmon',
      ProviderGuid: PROVIDER_GUID,
      Level: '4',
      Keywords: '0x8000000000000000',
      Channel: CHANNEL,
      Hostname: host.name,
      TimeCreated: iso,
      '@timestamp': iso,
    };
    if (i % EID1_EVERY === 0 || host.processes.length === 0) {
      const parent = host.processes.length ? choose(host.processes) : { guid: `{${machineGuid}-0000-0000-0000-${hex(12)}}`, pid: '4', image: 'C:\\Windows\\explorer.exe', user: `${host.name}\\${host.user}` };
      const p = newProcess(host, ms);
      const commandLine = p.image.includes(' ') ? `"${p.image}" --type=renderer --lang=en-US --field-trial-handle=${int(1000, 9999)},i,${hex(16)}` : `${p.image} -k ${choose(['NetworkService', 'LocalService', 'netsvcs'])} -p`;
      const fields = {
        Task: '1',
        RuleName: '-',
        UtcTime: utc(ms),
        ProcessGuid: p.guid,
        ProcessId: p.pid,
        Image: p.image,
        FileVersion: `${int(10, 110)}.0.${int(1000, 9999)}.${int(1, 99)}`,
        Description: p.description,
        Product: p.product,
        Company: p.company,
        OriginalFileName: p.image.split('\\').pop(),
        CommandLine: commandLine,
        CurrentDirectory: `${p.image.slice(0, p.image.lastIndexOf('\\') + 1)}`,
        User: p.user,
        LogonGuid: `{${machineGuid}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}}`,
        LogonId: `0x${hex(5)}`,
        TerminalSessionId: '1',
        IntegrityLevel: p.user.startsWith('NT AUTHORITY') ? 'System' : 'Medium',
        Hashes: `SHA1=${HEX(40)},MD5=${HEX(32)},SHA256=${HEX(64)},IMPHASH=${HEX(32)}`,
        ParentProcessGuid: parent.guid,
        ParentProcessId: parent.pid,
        ParentImage: parent.image,
        ParentCommandLine: `"${parent.image}"`,
        ParentUser: parent.user,
      };
      const message = `Process Create:\r\n${Object.entries(fields)
        .filter(([k]) => k !== 'Task')
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n')}`;
      const { Task, ...rest } = fields;
      return { ...envelope, EventID: 1, Message: message, Task, ...rest };
    }

    const p = choose(host.processes);
    const [, port, proto] = pickWeighted(PORTS, PORT_TOTAL, rand());
    const v6 = rand() < 0.01;
    const dst = v6 ? `2606:4700:${hex(3)}::${hex(4)}` : port === 53 || port === 445 || port === 389 || port === 88 || port === 135 ? choose(internal) : rand() < 0.1 ? choose(internal) : skewed(external);
    const dstName = port === 443 || port === 80 ? choose(DOMAINS) : '-';
    const fields = {
      Task: '3',
      RuleName: '-',
      UtcTime: utc(ms),
      ProcessGuid: p.guid,
      ProcessId: p.pid,
      Image: p.image,
      User: p.user,
      Protocol: proto,
      Initiated: 'true',
      SourceIsIpv6: v6 ? 'true' : 'false',
      SourceIp: v6 ? host.ip6 : host.ip,
      SourceHostname: '-',
      SourcePort: String(int(49152, 65535)),
      SourcePortName: '-',
      DestinationIsIpv6: v6 ? 'true' : 'false',
      DestinationIp: dst,
      DestinationHostname: dstName,
      DestinationPort: String(port),
      DestinationPortName: PORT_NAMES[port] ?? '-',
    };
    const message = `Network connection detected:\r\n${Object.entries(fields)
      .filter(([k]) => k !== 'Task')
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')}`;
    const { Task, ...rest } = fields;
    return { ...envelope, EventID: 3, Message: message, Task, ...rest };
  };
}

/**
 * The JSON lines and the CSV for (rows, seed), generated when not cached.
 * Returns { json, csv, bytes, connections, processes, cached }.
 */
export async function ensureSysmonJsonData(workDir, rows, seed = DEFAULT_SEED, log = () => {}) {
  const stem = path.join(workDir, `sysmon-${rows}r-s${seed}-v${GENERATOR_VERSION}`);
  const { files, bytes, cached } = await ensureCached(
    stem,
    ['.json', '.csv'],
    { kind: 'sysmon-json', rows, seed, version: GENERATOR_VERSION },
    async (write) => {
      await write('.csv', `${CSV_FIELDS.join(',')}\n`);
      const record = makeRecordFactory(seed, rows);
      const BATCH = 2000;
      for (let start = 0; start < rows; start += BATCH) {
        let json = '';
        let csv = '';
        for (let i = start; i < Math.min(rows, start + BATCH); i++) {
          const r = record(i);
          json += `${JSON.stringify(r)}\n`;
          csv += `${CSV_FIELDS.map((f) => csvField(r[f])).join(',')}\n`;
        }
        await write('.json', json);
        await write('.csv', csv);
      }
    },
    log,
  );
  return { json: files['.json'], csv: files['.csv'], bytes, cached };
}
