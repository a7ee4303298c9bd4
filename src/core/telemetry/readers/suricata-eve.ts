import { MalformedRecordError } from '../../errors/index.js';
import { normalizeIp } from '../../net/index.js';
import { checkTime, preview } from '../../bounds.js';
import { optionalCount, optionalPort, optionalText, requireIp } from '../fields.js';
import { parseTimestamp } from '../time.js';
import { parseJsonObject } from './json-line.js';
import type { LineParser, LinesReader, ReaderOptions, RecordSink } from '../records.js';

/**
 * Suricata eve.json: one event per line, told apart by `event_type`. Flow
 * and netflow events are connections, alerts become alerts, DNS answers name
 * destinations; every other event (http, tls, fileinfo, stats, anomaly…)
 * describes a connection already logged as a flow and is counted as ignored.
 */
export const suricataEveReader: LinesReader = {
  kind: 'lines',
  format: 'suricata-eve',
  description: 'Suricata eve.json (flow, netflow, alert and dns events)',
  sniff(head) {
    const lines = head.split('\n');
    const at = lines.findIndex((l) => l.trim() !== '');
    const first = lines[at]?.trim() ?? '';
    if (!first.startsWith('{')) return false;
    let r: Record<string, unknown>;
    try {
      const o: unknown = JSON.parse(first);
      if (typeof o !== 'object' || o === null || Array.isArray(o)) return false;
      r = o as Record<string, unknown>;
    } catch {
      // An alert with a large payload can be cut by the end of the head: judge its text instead.
      const cut = at === lines.length - 1;
      return cut && /^\{.*"event_type"\s*:\s*"/.test(first) && /"(src_ip|timestamp)"\s*:\s*"/.test(first);
    }
    // stats events carry no addresses, and eve may start with one.
    return typeof r['event_type'] === 'string' && (typeof r['src_ip'] === 'string' || typeof r['timestamp'] === 'string');
  },
  create: (options) => new EveParser(options),
};

class EveParser implements LineParser {
  constructor(private readonly options: ReaderOptions) {}

  line(text: string, line: number, sink: RecordSink): void {
    if (text.trim() === '') return;
    const o = parseJsonObject(text, line);
    const type = o['event_type'];
    if (typeof type !== 'string') throw new MalformedRecordError('the event has no event_type', { line, field: 'event_type' });
    switch (type) {
      case 'flow':
        return this.flow(o, text, line, sink, 'flow');
      case 'netflow':
        return this.flow(o, text, line, sink, 'netflow');
      case 'alert':
        return this.alert(o, line, sink);
      case 'dns':
        return this.dns(o, line, sink);
      default:
        sink.ignored(line);
    }
  }

  end(): void {}

  /**
   * A flow event holds both directions (to server, to client); a netflow
   * event one direction only, so its counts are all "out" from its src_ip.
   */
  private flow(o: Record<string, unknown>, text: string, line: number, sink: RecordSink, kind: 'flow' | 'netflow'): void {
    const f = object(o[kind], kind, line);
    const srcIp = requireIp(o['src_ip'], 'src_ip', line);
    const start = f['start'] === undefined ? this.time(o['timestamp'], 'timestamp', line) : this.time(f['start'], `${kind}.start`, line);
    const end = f['end'] === undefined ? null : this.time(f['end'], `${kind}.end`, line);
    const both = kind === 'flow';
    sink.connection(
      {
        ts: start.ms,
        host: srcIp,
        user: null,
        image: null,
        pid: null,
        processGuid: null,
        proto: proto(o['proto']),
        srcIp,
        // ICMP flows have icmp_type/icmp_code instead of ports.
        srcPort: optionalPort(o['src_port'], 'src_port', line),
        dstIp: requireIp(o['dest_ip'], 'dest_ip', line),
        dstPort: optionalPort(o['dest_port'], 'dest_port', line),
        dstHost: null,
        initiated: null,
        bytesOut: optionalCount(both ? f['bytes_toserver'] : f['bytes'], `${kind}.${both ? 'bytes_toserver' : 'bytes'}`, line),
        bytesIn: both ? optionalCount(f['bytes_toclient'], 'flow.bytes_toclient', line) : null,
        pktsOut: optionalCount(both ? f['pkts_toserver'] : f['pkts'], `${kind}.${both ? 'pkts_toserver' : 'pkts'}`, line),
        pktsIn: both ? optionalCount(f['pkts_toclient'], 'flow.pkts_toclient', line) : null,
        duration: end === null ? null : seconds(start, end),
        uid: flowId(o['flow_id'], text),
      },
      line,
    );
  }

  private alert(o: Record<string, unknown>, line: number, sink: RecordSink): void {
    const a = object(o['alert'], 'alert', line);
    const signature = a['signature'];
    if (typeof signature !== 'string' || signature.trim() === '') throw new MalformedRecordError('the alert has no signature', { line, field: 'alert.signature' });
    const srcIp = optionalIp(o['src_ip'], 'src_ip', line);
    sink.alert(
      {
        ts: this.time(o['timestamp'], 'timestamp', line).ms,
        host: srcIp,
        proto: proto(o['proto']),
        srcIp,
        srcPort: optionalPort(o['src_port'], 'src_port', line),
        dstIp: optionalIp(o['dest_ip'], 'dest_ip', line),
        dstPort: optionalPort(o['dest_port'], 'dest_port', line),
        signature,
        signatureId: optionalText(a['signature_id']),
        category: optionalText(a['category']),
        severity: severity(a['severity'], line),
        action: optionalText(a['action']),
      },
      line,
    );
  }

  /**
   * Three shapes, by Suricata version: v1 logs one event per answer record
   * (`rrname`, `rrtype`, `rdata` in `dns`); v2 an `answers` list and/or a
   * `grouped` map by type; v3 (Suricata 8) moves the question to `queries`.
   */
  private dns(o: Record<string, unknown>, line: number, sink: RecordSink): void {
    const d = object(o['dns'], 'dns', line);
    const ts = this.time(o['timestamp'], 'timestamp', line).ms;
    const srcIp = requireIp(o['src_ip'], 'src_ip', line);
    const dstIp = requireIp(o['dest_ip'], 'dest_ip', line);
    // v1 writes answers in packet direction (from the server); the asker is the side not on port 53.
    const fromServer = o['src_port'] === 53 && o['dest_port'] !== 53;
    const questions = Array.isArray(d['queries']) ? (d['queries'] as unknown[]) : [];
    const first = questions[0];
    const rrname = d['rrname'] ?? (typeof first === 'object' && first !== null ? (first as Record<string, unknown>)['rrname'] : undefined);
    const query = typeof rrname === 'string' && rrname !== '' ? rrname : null;
    const answers = new Set<string>();
    const add = (rrtype: unknown, rdata: unknown): void => {
      if ((rrtype === 'A' || rrtype === 'AAAA') && typeof rdata === 'string') {
        const ip = normalizeIp(rdata.trim());
        if (ip !== null) answers.add(ip);
      }
    };
    if (Array.isArray(d['answers'])) {
      for (const ans of d['answers'] as unknown[]) {
        if (typeof ans === 'object' && ans !== null) add((ans as Record<string, unknown>)['rrtype'], (ans as Record<string, unknown>)['rdata']);
      }
    } else if (typeof d['grouped'] === 'object' && d['grouped'] !== null) {
      const grouped = d['grouped'] as Record<string, unknown>;
      for (const rrtype of ['A', 'AAAA']) {
        const list = grouped[rrtype];
        if (Array.isArray(list)) for (const rdata of list) add(rrtype, rdata);
      }
    } else if (d['type'] === 'answer') {
      add(d['rrtype'], d['rdata']);
    }
    if (query === null || answers.size === 0) {
      sink.ignored(line);
      return;
    }
    sink.dns({ ts, host: fromServer ? dstIp : srcIp, image: null, query, answers: [...answers] }, line);
  }

  private time(value: unknown, field: string, line: number): Instant {
    const ms = checkTime(typeof value === 'string' ? parseTimestamp(value, 'iso', this.options.timezone) : NaN, value ?? '', field, line, 'an ISO 8601 timestamp');
    const digits = /:\d{2}[.,](\d+)/.exec(value as string)?.[1];
    return { ms, fraction: digits === undefined ? 0 : Number(`0.${digits}`) };
  }
}

/** Epoch ms as parsed, and the seconds fraction as written (µs in eve), for durations finer than ms. */
interface Instant {
  ms: number;
  fraction: number;
}

function seconds(start: Instant, end: Instant): number | null {
  const wholeMs = end.ms - Math.round(end.fraction * 1000) - (start.ms - Math.round(start.fraction * 1000));
  const s = Math.round((wholeMs / 1000 + end.fraction - start.fraction) * 1e6) / 1e6;
  // A flow ending before it starts is a sensor clock step, not a duration.
  return s >= 0 ? s : null;
}

/** Suricata's severity is the rule's priority, a whole number from 1 to 255; kept as text, as other sensors' words are. */
function severity(value: unknown, line: number): string | null {
  if (typeof value === 'number' && !(Number.isInteger(value) && value >= 1 && value <= 255)) {
    throw new MalformedRecordError(`"${preview(value)}" is not a severity: Suricata's are whole numbers from 1 (high) to 255`, { line, field: 'alert.severity' });
  }
  return optionalText(value);
}

function object(value: unknown, field: string, line: number): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MalformedRecordError(`the event has no "${field}" object`, { line, field });
  return value as Record<string, unknown>;
}

function optionalIp(value: unknown, field: string, line: number): string | null {
  return value === undefined || value === null || value === '' ? null : requireIp(value, field, line);
}

/** Suricata writes TCP/UDP/ICMP; lower case groups them with Zeek and Sysmon protocols. */
function proto(value: unknown): string | null {
  return optionalText(value)?.toLowerCase() ?? null;
}

/**
 * flow_id is a 64-bit integer in some Suricata versions: past 2^53
 * JSON.parse rounds it, and a rounded id would join unrelated events, so the
 * digits are taken from the line itself.
 */
function flowId(value: unknown, text: string): string | null {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) return /"flow_id"\s*:\s*(\d+)/.exec(text)?.[1] ?? null;
  return optionalText(value);
}
