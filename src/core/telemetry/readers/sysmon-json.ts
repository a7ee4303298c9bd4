import { parseJsonObject } from './json-line.js';
import { emitSysmonEvent, isSysmonSource } from './sysmon-event.js';
import type { LineParser, RecordSink, LinesReader } from '../records.js';

/** A Winlogbeat/Elastic document: those belong to sysmon-ecs-json, whose fields sit under `winlog`. */
const WINLOG_KEY = /"winlog(\.|")/;

/**
 * Sysmon as flat Windows-event JSON lines (NXLog/OTRF style: EventData
 * fields at the top level). Event 3 is a connection, 1 a process creation,
 * 22 a DNS answer; every other event and channel in the same export is
 * counted as ignored, since real exports mix Security and System events in.
 */
export const sysmonJsonReader: LinesReader = {
  kind: 'lines',
  format: 'sysmon-json',
  description: 'Sysmon events 1, 3, 11 and 22 (flat Windows-event JSON lines; other events skipped)',
  // Windows-event JSON in general: exports mix channels, and the first Sysmon
  // record may come long after the first bytes.
  sniff(head) {
    const first = head.trimStart().split('\n', 1)[0] ?? '';
    return (
      first.startsWith('{') && /"EventID"\s*:/.test(first) && /"(Channel|SourceName|ProviderName)"\s*:/.test(first) && !WINLOG_KEY.test(first)
    );
  },
  create: () => ({
    line(text: string, line: number, sink: RecordSink) {
      if (text.trim() === '') return;
      const o = parseJsonObject(text, line);
      if (!isSysmonSource(own(o, 'SourceName') ?? own(o, 'ProviderName') ?? own(o, 'Channel'))) {
        sink.ignored(line);
        return;
      }
      const timeField = own(o, '@timestamp') !== undefined ? '@timestamp' : 'TimeCreated';
      emitSysmonEvent(
        { eventId: own(o, 'EventID'), host: own(o, 'Hostname') ?? own(o, 'Computer'), time: own(o, timeField), data: (name) => own(o, name) },
        line,
        sink,
        { host: 'Hostname', time: timeField },
      );
    },
    end() {},
  }) satisfies LineParser,
};

/** A key of the parsed line, never one inherited from Object.prototype ("constructor" is not a field). */
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}
