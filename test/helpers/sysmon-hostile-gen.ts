import fs from 'node:fs';
import { mulberry32 } from './prng.js';

/**
 * Sysmon as flat Windows-event JSON lines (the shape of
 * test/fixtures/sysmon/wevtutil-eid1-3-22.json) holding what a hostile or
 * merely unusual endpoint logs: processes whose command line is one
 * unbroken base64 `-EncodedCommand` of a given length, and an image whose
 * name hides its real extension behind a right-to-left override.
 * Each process gets an event 1 (creation, with the command line) and an
 * event 3 (a connection), so it is a node of the graph.
 */

export const HOST = 'WS-FIN-07';
export const RLO = '\u202E';
/** Displays as `invoiceexe.jpg` wherever the override is left to work. */
export const MASQUERADE_IMAGE = `C:\\Users\\bob\\Downloads\\invoice${RLO}gpj.exe`;

export interface HostileProcess {
  image: string;
  commandLine: string;
  destination: string;
}

/** `C:\…\pwsh-32k.exe` with a `-EncodedCommand` of exactly `length` characters in all. */
export function encodedCommandProcess(length: number, index: number): HostileProcess {
  const image = `C:\\Windows\\Temp\\pwsh-${Math.round(length / 1024)}k.exe`;
  const prefix = `"${image}" -NoProfile -EncodedCommand `;
  return { image, commandLine: prefix + base64Run(length - prefix.length, index + 1), destination: `203.0.113.${10 + index}` };
}

export function masqueradeProcess(): HostileProcess {
  return { image: MASQUERADE_IMAGE, commandLine: `"${MASQUERADE_IMAGE}"`, destination: '198.51.100.66' };
}

/** Seeded base64 characters (no padding, no spaces: the worst case for line breaking). */
function base64Run(length: number, seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const rand = mulberry32(seed);
  const out = new Array<string>(length);
  for (let i = 0; i < length; i++) out[i] = alphabet[Math.floor(rand() * 64)] as string;
  return out.join('');
}

/** Writes one event 1 and one event 3 per process; returns the file's path. */
export function writeHostileSysmon(file: string, processes: readonly HostileProcess[]): string {
  const lines: string[] = [];
  processes.forEach((p, i) => {
    const time = new Date(Date.UTC(2026, 10, 3, 9, 15, i * 2));
    const guid = `{7f1c2a9e-0000-0000-0000-${String(i + 1).padStart(12, '0')}}`;
    const envelope = (eventId: number, at: Date) => ({
      SourceName: 'Microsoft-Windows-Sysmon',
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Hostname: HOST,
      EventID: eventId,
      UtcTime: at.toISOString().replace('T', ' ').replace('Z', ''),
      ProcessGuid: guid,
      ProcessId: String(4100 + i),
      Image: p.image,
    });
    lines.push(
      JSON.stringify({
        ...envelope(1, time),
        CommandLine: p.commandLine,
        User: `${HOST}\\bob`,
        IntegrityLevel: 'Medium',
        ParentImage: 'C:\\Windows\\explorer.exe',
        Hashes: 'SHA256=9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08',
      }),
      JSON.stringify({
        ...envelope(3, new Date(time.getTime() + 1000)),
        User: `${HOST}\\bob`,
        Protocol: 'tcp',
        Initiated: 'true',
        SourceIp: '10.20.0.7',
        SourcePort: String(50100 + i),
        DestinationIp: p.destination,
        DestinationPort: '443',
      }),
    );
  });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
