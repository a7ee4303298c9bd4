import { MalformedRecordError } from '../../errors/index.js';
import { optionalCount, optionalText, requireIp, sysmonUtcTime } from '../fields.js';
import { parseJsonObject } from './json-line.js';
import type { LineParser, RecordSink, TelemetryReader } from '../records.js';

const SYSMON = 'Microsoft-Windows-Sysmon';

/**
 * Sysmon as flat Windows-event JSON lines (NXLog/OTRF style: EventData
 * fields at the top level). Event 3 is a connection, event 1 a process
 * creation; every other event and channel in the same export is counted as
 * ignored, since real exports mix Security and System events in.
 */
export const sysmonJsonReader: TelemetryReader = {
  format: 'sysmon-json',
  description: 'Sysmon events 1 and 3 (flat Windows-event JSON lines; other events skipped)',
  // Windows-event JSON in general: exports mix channels, and the first Sysmon
  // record may come long after the first bytes.
  sniff(head) {
    const first = head.trimStart().split('\n', 1)[0] ?? '';
    return first.startsWith('{') && /"EventID"\s*:/.test(first) && /"(Channel|SourceName|ProviderName)"\s*:/.test(first);
  },
  create: () => ({
    line(text: string, line: number, sink: RecordSink) {
      if (text.trim() === '') return;
      const o = parseJsonObject(text, line);
      const source = String(o['SourceName'] ?? o['ProviderName'] ?? o['Channel'] ?? '');
      const eventId = Number(o['EventID']);
      if (!source.startsWith(SYSMON) || (eventId !== 1 && eventId !== 3)) {
        sink.ignored(line);
        return;
      }
      const host = optionalText(o['Hostname'] ?? o['Computer']);
      if (host === null) throw new MalformedRecordError('the event has no Hostname', { line, field: 'Hostname' });
      const ts = sysmonUtcTime(o['UtcTime'] ?? o['@timestamp'] ?? o['TimeCreated'], 'UtcTime', line);
      if (eventId === 3) {
        const initiated = optionalText(o['Initiated']);
        sink.connection(
          {
            ts,
            host,
            user: optionalText(o['User']),
            image: optionalText(o['Image']),
            pid: optionalCount(o['ProcessId'], 'ProcessId', line),
            processGuid: optionalText(o['ProcessGuid']),
            proto: optionalText(o['Protocol']),
            srcIp: requireIp(o['SourceIp'], 'SourceIp', line),
            srcPort: optionalCount(o['SourcePort'], 'SourcePort', line),
            dstIp: requireIp(o['DestinationIp'], 'DestinationIp', line),
            dstPort: optionalCount(o['DestinationPort'], 'DestinationPort', line),
            dstHost: optionalText(o['DestinationHostname']),
            initiated: initiated === null ? null : initiated.toLowerCase() === 'true',
            bytesOut: null,
            bytesIn: null,
            pktsOut: null,
            pktsIn: null,
            duration: null,
            uid: null,
          },
          line,
        );
        return;
      }
      const image = optionalText(o['Image']);
      if (image === null) throw new MalformedRecordError('the process creation has no Image', { line, field: 'Image' });
      sink.process(
        {
          ts,
          host,
          processGuid: optionalText(o['ProcessGuid']),
          pid: optionalCount(o['ProcessId'], 'ProcessId', line),
          image,
          commandLine: optionalText(o['CommandLine']),
          user: optionalText(o['User']),
          parentImage: optionalText(o['ParentImage']),
          parentCommandLine: optionalText(o['ParentCommandLine']),
          hashes: optionalText(o['Hashes']),
          integrityLevel: optionalText(o['IntegrityLevel']),
        },
        line,
      );
    },
    end() {},
  }) satisfies LineParser,
};
