import crypto from 'node:crypto';
import path from 'node:path';
import type { ReportFinding, Tlp } from '../../shared/report-types.js';
import { STIX_HASH_NAME, uuidFrom } from '../intel/export/indicator-formats.js';
import { findingPort } from './interop.js';

/** A STIX 2.1 object as written: plain JSON. */
export type StixObject = { type: string; id: string } & Record<string, unknown>;

/**
 * The TLP 1.0 marking definitions, the only ones the official STIX 2.1
 * schemas know (fixed ids and `created`). TLP 2.0's CLEAR is written as
 * WHITE and AMBER+STRICT as AMBER (docs/report-formats.md).
 */
const TLP_1 = {
  white: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  green: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  amber: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  red: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
} as const;
const TLP_1_OF: Record<Tlp, keyof typeof TLP_1> = { clear: 'white', green: 'green', amber: 'amber', 'amber+strict': 'amber', red: 'red' };

export function tlpMarking(tlp: Tlp): StixObject {
  const level = TLP_1_OF[tlp];
  return { type: 'marking-definition', spec_version: '2.1', id: TLP_1[level], created: '2017-01-20T00:00:00.000Z', definition_type: 'tlp', name: `TLP:${level.toUpperCase()}`, definition: { tlp: level } };
}

/** STIX 2.1's namespace for the UUIDv5 ids of cyber-observable objects (spec 2.9). */
const SCO_NAMESPACE = Buffer.from('00abedb4aa42466c9c01fed23315a9b7', 'hex');

/** A cyber-observable's id as the spec derives it: UUIDv5 of its ID-contributing properties as canonical JSON, so any producer names the same address alike. */
export function scoId(type: string, contributing: Record<string, unknown>): string {
  const h = crypto.createHash('sha1').update(SCO_NAMESPACE).update(canonicalJson(contributing)).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x50;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${type}--${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** JSON with object keys sorted and no spaces (RFC 8785 for the strings, integers and arrays used here). */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The observables of a report, each once: an object met again (an address in two findings, a process with two destinations) gains the new references. */
export class Observables {
  private readonly byId = new Map<string, StixObject>();

  constructor(private readonly marking: string) {}

  add(type: string, contributing: Record<string, unknown>, rest: Record<string, unknown> = {}, id = scoId(type, contributing)): string {
    const known = this.byId.get(id);
    if (!known) {
      this.byId.set(id, { type, spec_version: '2.1', id, ...contributing, ...rest, object_marking_refs: [this.marking] });
      return id;
    }
    for (const [k, v] of Object.entries(rest)) {
      if (k.endsWith('_refs') && Array.isArray(v) && Array.isArray(known[k])) known[k] = [...new Set([...(known[k] as string[]), ...(v as string[])])];
    }
    return id;
  }

  get(id: string): StixObject | undefined {
    return this.byId.get(id);
  }

  all(): StixObject[] {
    return [...this.byId.values()];
  }
}

/** A name a domain-name object may hold (an idn-hostname): names from logs may be anything, those that are no host name are left out. */
const HOST_NAME = /^(?=.{1,253}$)([\p{L}\p{N}_]([\p{L}\p{N}_-]{0,61}[\p{L}\p{N}_])?\.)*[\p{L}\p{N}_]([\p{L}\p{N}_-]{0,61}[\p{L}\p{N}_])?$/u;

const HASH_VALUE = { md5: /^[0-9a-f]{32}$/i, sha1: /^[0-9a-f]{40}$/i, sha256: /^[0-9a-f]{64}$/i } as const;

/**
 * A finding's connections as observables: the destination address (and the
 * names it was seen under), the traffic to it (port and protocols from the
 * case), and the process that opened it with its image file, directory and
 * hashes. Returns the ids the finding's observed-data refers to.
 */
export function findingObservables(obs: Observables, rf: ReportFinding, traffic: { ports: number[]; protocols: string[] }): { refs: string[]; address: string; process: string | null } {
  const f = rf.finding;
  const v6 = f.dst.includes(':');
  const address = obs.add(v6 ? 'ipv6-addr' : 'ipv4-addr', { value: f.dst });
  const names = (rf.destination?.names ?? [])
    .filter((name) => HOST_NAME.test(name))
    .slice(0, 5)
    .map((name) => obs.add('domain-name', { value: name }, { resolves_to_refs: [address] }));
  const port = findingPort(f, traffic);
  const connection = obs.add('network-traffic', {
    dst_ref: address,
    ...(port !== null ? { dst_port: port } : {}),
    protocols: traffic.protocols.length > 0 ? traffic.protocols : [v6 ? 'ipv6' : 'ipv4'],
  });
  const refs = [address, ...names, connection];
  if (f.process === null) return { refs, address, process: null };
  const image = path.win32.parse(f.process);
  const directory = image.dir ? obs.add('directory', { path: image.dir }) : null;
  const hashes: Record<string, string> = {};
  for (const h of rf.process?.hashes ?? []) {
    if (h.type !== 'imphash' && HASH_VALUE[h.type].test(h.value)) hashes[STIX_HASH_NAME[h.type]] = h.value.toLowerCase();
  }
  const file = obs.add('file', { name: image.base || f.process, ...(Object.keys(hashes).length > 0 ? { hashes } : {}), ...(directory ? { parent_directory_ref: directory } : {}) });
  // A process has no ID-contributing properties: its id comes from the host and image it ran as.
  const process = obs.add(
    'process',
    {},
    { image_ref: file, ...(rf.process?.commandLine ? { command_line: rf.process.commandLine } : {}), opened_connection_refs: [connection] },
    `process--${uuidFrom(JSON.stringify(['process', f.host, f.process]))}`,
  );
  return { refs: [...refs, process, file, ...(directory ? [directory] : [])], address, process };
}
