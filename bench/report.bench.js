// Reports of a large case: `sightline report` in every format over a
// 100,000-connection synthetic week (test/synthetic's scale mode; always
// 100k, whatever BENCH_ROWS: the issue's target is for that size) with its
// planted beacons posted as C2 in an IoC list, so the report carries intel
// hits, and the 200 top findings named with --findings. No peer: no other
// tool writes this report; the target is under 10 s for each format.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GNU_TIME, makeTempDir, removeDir, requireTool, timed } from './lib/measure.js';

export const name = 'report';
export const description = '`sightline report` (JSON, HTML, PDF, CSV, connections CSV, STIX, MISP) of 200 findings of a 100,000-connection case with IoC hits; target < 10 s each, no peer';

const CONNECTIONS = 100_000;
const FINDINGS = 200;
const TARGET_S = 10;

export async function run(ctx) {
  requireTool(GNU_TIME, 'apt-get install time');
  const cli = path.join(ctx.root, 'bin', 'sightline.js');
  const { generateScale } = await import(pathToFileURL(path.join(ctx.root, 'test', 'synthetic', 'index.js')).href);
  const data = makeTempDir('report-data');
  const home = makeTempDir('report-home');
  const env = { ...process.env, SIGHTLINE_HOME: home };
  const sightline = async (args, what) => {
    const r = await timed(process.execPath, [cli, ...args], { env, cwd: ctx.root });
    if (r.code !== 0) throw new Error(`${what} exited with ${r.code}: ${r.stderr}`);
    return r;
  };
  try {
    ctx.log(`generating ${CONNECTIONS.toLocaleString('en-US')} connections ...`);
    const manifest = generateScale(data, { connections: CONNECTIONS, beacons: 5 });
    const conn = manifest.files.map((f) => path.join(data, f.path)).find((f) => f.endsWith('conn.log'));
    // The beacons' destinations as a plain list of C2 addresses: the report's intel hits.
    const list = path.join(data, 'c2.txt');
    fs.writeFileSync(list, `${manifest.incidents.map((i) => i.destination.ip).join('\n')}\n`);
    ctx.log('importing and analysing ...');
    await sightline(['import', conn, '--case', 'bench', '--json'], 'import');
    await sightline(['intel', 'import', list, '--json'], 'intel import');
    const analysed = JSON.parse((await sightline(['analyze', '--case', 'bench', '--json', '--limit', String(FINDINGS)], 'analyze')).stdout);
    const ids = analysed.findings.map((f) => f.id);
    const iocHits = analysed.findings.filter((f) => f.kinds.includes('ioc')).length;

    const rows = [];
    for (const format of ['json', 'html', 'pdf', 'csv', 'connections', 'stix', 'misp']) {
      const out = path.join(data, `report.${format}`);
      ctx.log(`sightline report --format ${format} ...`);
      const r = await timed(process.execPath, [cli, 'report', '--case', 'bench', '--format', format, '--out', out, '--findings', ids.join(','), '--json'], { env, cwd: ctx.root });
      if (r.code !== 0) {
        // A format this build has no writer for yet is skipped with a note; any other failure fails the benchmark.
        if (/not available yet/.test(r.stdout + r.stderr)) {
          rows.push({ metric: `report ${format} (s)`, sightline: null, peer: null, peerName: '', unit: 's', ratio: null, note: `skipped: no ${format} writer in this build` });
          continue;
        }
        throw new Error(`report --format ${format} exited with ${r.code}: ${r.stdout}${r.stderr}`);
      }
      const written = JSON.parse(r.stdout);
      rows.push({
        metric: `report ${format} (s)`,
        sightline: r.wallS,
        peer: null,
        peerName: '',
        unit: 's',
        ratio: null,
        note: `lower is better; target < ${TARGET_S} s; ${format === 'connections' ? `${written.records} connections of ${ids.length} findings` : `${written.records} findings (${iocHits} with IoC hits) of ${analysed.total}`}, ${(fs.statSync(out).size / 1024 / 1024).toFixed(1)} MB, peak RSS ${(r.maxRssKb / 1024).toFixed(0)} MB`,
      });
    }
    return rows;
  } finally {
    removeDir(home);
    removeDir(data);
  }
}
