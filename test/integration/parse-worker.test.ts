import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli } from '../helpers/cli.js';
import { TempDirs } from '../helpers/temp-dirs.js';
import { fileLines, fixtures, repoRoot } from '../helpers/fixtures.js';
import { writeZeekTsv } from '../helpers/zeek-gen.js';

// Under vitest the sources are .ts and the import parses in-thread; the built CLI (dist/) can run the
// parse worker. SIGHTLINE_PARSE_WORKER forces either way, so both must give the same case, row for row.
const tmp = new TempDirs();
afterEach(() => tmp.cleanup());
beforeAll(() => buildCli(), 120_000);

const TABLES = {
  events: 'line, ts, host, user, image, pid, process_guid, proto, src_ip, src_port, dst_ip, dst_port, dst_host, initiated, bytes_out, bytes_in, pkts_out, pkts_in, duration, uid, peer_id',
  processes: 'line, ts, host, process_guid, pid, image, command_line, user, parent_image, hashes',
  dns_answers: 'line, ts, host, image, query, ip',
  alerts: 'line, ts, host, src_ip, dst_ip, signature, severity',
  quarantine: 'line, field, reason, raw',
  edge_stats: 'host, image, dst_ip, events, bytes_out, bytes_in, first_ts, last_ts, ports',
  imports: 'file_name, format, sha256, bytes, events, processes, dns, alerts, ignored, quarantined',
} as const;

async function importWith(mode: 'always' | 'never', files: string[]): Promise<Record<string, unknown[]>> {
  const home = tmp.make();
  const r = await runCli(home, ['import', ...files, '--case', 'w', '--json'], { SIGHTLINE_PARSE_WORKER: mode });
  expect(r.code, r.stderr).toBe(0);
  const db = new Database(path.join(home, 'cases', 'w.sqlite'), { readonly: true });
  try {
    return Object.fromEntries(Object.entries(TABLES).map(([t, cols]) => [t, db.prepare(`SELECT ${cols} FROM ${t} ORDER BY ${cols}`).raw().all()]));
  } finally {
    db.close();
  }
}

describe('the parse worker and in-thread parsing store the same case', () => {
  it('for a 2 MB Zeek log with bad lines, Sysmon JSON and a Suricata eve.json', async () => {
    const dir = tmp.make();
    const big = path.join(dir, 'conn.log');
    writeZeekTsv(big, 15_000, 3);
    // Two unreadable lines: the quarantine must match too.
    const lines = fileLines(big);
    lines[20] = 'not\ta\tzeek\trow';
    lines[9000] = (lines[9000] ?? '').replace(/\t\d+\.\d+\.\d+\.\d+\t/, '\t999.1.1.1\t');
    fs.writeFileSync(big, `${lines.join('\n')}\n`);
    expect(fs.statSync(big).size).toBeGreaterThan(1 << 20);
    const files = [big, fixtures.sysmonWevtutil, path.join(repoRoot, 'test', 'fixtures', 'suricata', 'eve-curl-ipinfo.json')];
    const inWorker = await importWith('always', files);
    const inThread = await importWith('never', files);
    expect(inWorker['quarantine']).toHaveLength(2);
    expect((inWorker['events'] ?? []).length).toBeGreaterThan(15_000);
    for (const table of Object.keys(TABLES)) expect(inWorker[table], table).toEqual(inThread[table]);
  }, 120_000);

  // The desktop app's main bundle carries its own copy of the worker (electron.vite.config.ts).
  const electronWorker = path.join(repoRoot, 'out', 'main', 'parse-worker.js');
  it.skipIf(!fs.existsSync(electronWorker))('the Electron main bundle has a parse worker that reads a file like the CLI one (skipped before electron-vite build)', async () => {
    const batches: number[] = [];
    const end = await new Promise<{ type: string; counts?: { events: number }; error?: unknown }>((resolve, reject) => {
      const worker = new Worker(electronWorker, { workerData: { file: fixtures.zeekTsv, name: 'conn.log', format: 'zeek-conn-tsv', options: { timezone: 'UTC' } } });
      worker.on('message', (m: { type: string; batch?: { rows: number } }) => {
        if (m.type === 'batch') {
          batches.push(m.batch?.rows ?? 0);
          worker.postMessage({ type: 'ack', buffers: [] });
        } else {
          void worker.terminate();
          resolve(m);
        }
      });
      worker.on('error', reject);
    });
    expect(end.type, JSON.stringify(end.error)).toBe('end');
    const rows = fileLines(fixtures.zeekTsv).filter((l) => l !== '' && !l.startsWith('#')).length;
    expect(end.counts?.events).toBe(rows);
    expect(batches.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(rows);
  });
});
