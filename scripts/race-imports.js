#!/usr/bin/env node
// Races real `sightline` processes against one data home and counts what
// they exit with: several `import --case NEW` at once, a second import into
// a case a big import is busy with, and two `intel import` at once. Build
// first (npm run build:node). Plain JS so it runs against any built tree.
//
//   node scripts/race-imports.js [--trials 8] [--writers 2] [--busy-rows 400000] [--only new|busy|intel]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { ensureZeekConnData } from '../bench/lib/zeek-conn-data.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'bin', 'sightline.js');
const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '8' },
    writers: { type: 'string', default: '2' },
    'busy-rows': { type: 'string', default: '400000' },
    only: { type: 'string', multiple: true },
  },
});
const trials = Number(values.trials);
const writers = Number(values.writers);
const busyRows = Number(values['busy-rows']);
const only = new Set(values.only ?? ['new', 'busy', 'intel']);
const work = path.join(root, 'bench', '.work');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-race-'));

/** Runs the CLI; resolves with exit code, output and wall time. `onStderr` sees stderr as it comes. */
function run(home, args, onStderr = () => {}) {
  const started = Date.now();
  const child = spawn(process.execPath, [cli, ...args, '--home', home], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    onStderr(stderr);
  });
  const done = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? signal, stdout, stderr, ms: Date.now() - started })));
  return { child, done };
}

/** Events stored in a case file, read directly (not through the CLI under test). */
function eventsIn(home) {
  const dir = path.join(home, 'cases');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sqlite'))
    .map((f) => {
      const db = new Database(path.join(dir, f), { readonly: true });
      try {
        return { file: f, events: db.prepare('SELECT COUNT(*) AS n FROM events').get().n };
      } finally {
        db.close();
      }
    });
}

function tally(results) {
  const codes = {};
  for (const r of results) codes[r.code] = (codes[r.code] ?? 0) + 1;
  return codes;
}

/** What each failed run said: the JSON error on stdout, else the last line on stderr. */
function firstLines(results) {
  return [...new Set(results.filter((r) => r.code !== 0).map((r) => `exit ${r.code}: ${jsonError(r.stdout) ?? r.stderr.trim().split('\n').at(-1)}`))];
}

function jsonError(stdout) {
  try {
    const e = JSON.parse(stdout).error;
    return e ? `${e.code} ${e.message}` : undefined;
  } catch {
    return undefined;
  }
}

async function newCaseRace(small) {
  const results = [];
  const caseCounts = [];
  let lost = 0;
  for (let t = 0; t < trials; t++) {
    const home = path.join(scratch, `new-${t}`);
    const runs = small.slice(0, writers).map((f) => run(home, ['import', f.tsv, '--case', 'Race NEW', '--json']));
    const done = await Promise.all(runs.map((r) => r.done));
    results.push(...done);
    const cases = fs.existsSync(path.join(home, 'cases')) ? eventsIn(home) : [];
    caseCounts.push(cases.length);
    const stored = cases.reduce((n, c) => n + c.events, 0);
    const reported = done.filter((r) => r.code === 0).reduce((n, r) => n + JSON.parse(r.stdout).files.reduce((m, f) => m + f.events, 0), 0);
    if (stored !== reported) lost++;
  }
  console.log(`\n== ${writers} x import --case NEW at once, ${trials} trials`);
  console.log('exit codes:', tally(results));
  console.log('cases per trial:', caseCounts.join(' '));
  console.log('trials where stored events != events of the imports that exited 0:', lost);
  for (const l of firstLines(results)) console.log('  message:', l);
}

async function busyCaseRace(big, small) {
  const results = [];
  for (let t = 0; t < Math.min(trials, 3); t++) {
    const home = path.join(scratch, `busy-${t}`);
    const first = run(home, ['import', big.tsv, '--case', 'Busy']);
    // Start the second once the first has the case open and is writing.
    await waitFor(() => fs.existsSync(path.join(home, 'cases', 'busy.sqlite-wal')) && fs.statSync(path.join(home, 'cases', 'busy.sqlite-wal')).size > 1 << 20, 60_000);
    const second = run(home, ['import', small[0].tsv, '--case', 'Busy']);
    const [a, b] = await Promise.all([first.done, second.done]);
    results.push({ ...b, firstMs: a.ms, firstCode: a.code });
    const stored = eventsIn(home)[0]?.events;
    const said = b.stderr.split('\n').find((l) => l.startsWith('waiting for')) ?? '(no wait message)';
    console.log(`  trial ${t}: first exit ${a.code} in ${(a.ms / 1000).toFixed(1)} s, second exit ${b.code} in ${(b.ms / 1000).toFixed(1)} s; events stored ${stored} (expected ${big.rows + small[0].rows}); second said: ${said}`);
  }
  console.log(`\n== second import into a busy case (first imports ${busyRows} rows)`);
  console.log('second writer exit codes:', tally(results));
  for (const l of firstLines(results)) console.log('  message:', l);
}

async function intelRace() {
  const feeds = [path.join(root, 'test', 'fixtures', 'intel', 'tweetfeed-today.csv'), path.join(root, 'test', 'fixtures', 'intel', 'stix21-tweetfeed-today.json')];
  const results = [];
  for (let t = 0; t < trials; t++) {
    const home = path.join(scratch, `intel-${t}`);
    const done = await Promise.all([
      ...feeds.map((f) => run(home, ['intel', 'import', f, '--json']).done),
      run(home, ['intel', 'sources', 'add', 'x-account', 'some_feed', '--json']).done,
    ]);
    results.push(...done);
  }
  console.log(`\n== 2 x intel import and 1 intel sources add into a fresh home at once, ${trials} trials`);
  console.log('exit codes:', tally(results));
  for (const l of firstLines(results)) console.log('  message:', l);
}

async function waitFor(cond, ms) {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting for the first import to start writing');
    await new Promise((r) => setTimeout(r, 20));
  }
}

try {
  const smallRows = 2000;
  const small = [];
  for (let i = 0; i < Math.max(writers, 1); i++) small.push({ ...(await ensureZeekConnData(work, smallRows, 1000 + i)), rows: smallRows });
  if (only.has('new')) await newCaseRace(small);
  if (only.has('busy')) await busyCaseRace({ ...(await ensureZeekConnData(work, busyRows, 7, (m) => console.error(m))), rows: busyRows }, small);
  if (only.has('intel')) await intelRace();
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
