// A deterministic generic flow export as CSV (the kind a firewall, a SIEM
// search or a NetFlow collector writes), to be imported as csv-mapped with a
// column mapping. The flows are the Zeek benchmark's population (same
// generator, own seed), in the columns and spellings of such an export: ISO
// 8601 times, protocol names, empty cells for unknown counts, and columns
// the mapping leaves alone. The file is imported as is by both sides.
import path from 'node:path';
import { ensureCached } from './cached-data.js';
import { makeRowFactory } from './zeek-conn-data.js';

export const GENERATOR_VERSION = 1;
export const DEFAULT_SEED = 20240301;

export const HEADER = [
  'start_time', 'sensor', 'src_ip', 'src_port', 'dst_ip', 'dst_port', 'protocol', 'application',
  'duration_s', 'bytes_out', 'bytes_in', 'packets_out', 'packets_in', 'action', 'rule',
];

/** The column mapping (`sightline import FILE --map mapping.json`) for HEADER. */
export const MAPPING = {
  delimiter: ',',
  header: true,
  timeFormat: 'iso',
  columns: {
    time: 'start_time',
    srcIp: 'src_ip',
    srcPort: 'src_port',
    dstIp: 'dst_ip',
    dstPort: 'dst_port',
    proto: 'protocol',
    duration: 'duration_s',
    bytesOut: 'bytes_out',
    bytesIn: 'bytes_in',
    pktsOut: 'packets_out',
    pktsIn: 'packets_in',
  },
};

const SENSORS = ['fw-edge-01', 'fw-edge-02', 'fw-dc-01'];

/** Returns { csv, mapping, bytes, cached }: the export and its mapping file. */
export async function ensureFlowCsvData(workDir, rows, seed = DEFAULT_SEED, log = () => {}) {
  const stem = path.join(workDir, `flows-${rows}r-s${seed}-v${GENERATOR_VERSION}`);
  const { files, bytes, cached } = await ensureCached(
    stem,
    ['.csv', '.mapping.json'],
    { kind: 'flow-csv', rows, seed, version: GENERATOR_VERSION },
    async (write) => {
      await write('.mapping.json', `${JSON.stringify(MAPPING, null, 2)}\n`);
      await write('.csv', `${HEADER.join(',')}\n`);
      const row = makeRowFactory(seed, rows);
      const unset = (v) => (v === '-' ? '' : v);
      const BATCH = 5000;
      for (let start = 0; start < rows; start += BATCH) {
        let out = '';
        for (let i = start; i < Math.min(rows, start + BATCH); i++) {
          // ts uid orig_h orig_p resp_h resp_p proto service duration orig_bytes resp_bytes conn_state ... orig_pkts orig_ip_bytes resp_pkts
          const v = row(i);
          const ms = Math.round(Number(v[0]) * 1000);
          const time = new Date(ms).toISOString();
          const action = v[11] === 'REJ' ? 'deny' : 'allow';
          out += `${time},${SENSORS[i % 3]},${v[2]},${v[3]},${v[4]},${v[5]},${v[6]},${unset(v[7])},${unset(v[8])},${unset(v[9])},${unset(v[10])},${v[16]},${v[18]},${action},${action === 'deny' ? 'block-inbound' : 'default-allow'}\n`;
        }
        await write('.csv', out);
      }
    },
    log,
  );
  return { csv: files['.csv'], mapping: files['.mapping.json'], bytes, cached };
}
