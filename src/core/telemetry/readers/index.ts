import type { TelemetryFormat } from '../../../shared/types.js';
import type { TelemetryReader } from '../records.js';
import { sysmonJsonReader } from './sysmon-json.js';
import { zeekConnJsonReader } from './zeek-conn-json.js';
import { zeekConnTsvReader } from './zeek-conn-tsv.js';

/** Every reader, in sniffing order. A new format is one file here plus one line in this list. */
export const readers: readonly TelemetryReader[] = [zeekConnTsvReader, zeekConnJsonReader, sysmonJsonReader];

export function readerFor(format: TelemetryFormat): TelemetryReader {
  const reader = readers.find((r) => r.format === format);
  if (!reader) throw new Error(`no reader registered for ${format}`);
  return reader;
}
