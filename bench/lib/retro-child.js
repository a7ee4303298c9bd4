// Run as a child by intel-retro-hunt.bench.js: reads the case's observables,
// matches them in full, imports the new indicators (through the CLI, as a
// user would), then retro-hunts from the revision before, and the floor.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';

const [root, home, caseFile, newList, cli] = process.argv.slice(2);
const { readCaseObservables, matchCase, retroHunt } = await import(path.join(root, 'dist/core/intel/match/index.js'));
const { loadWarninglists } = await import(path.join(root, 'dist/core/intel/warninglists/index.js'));
const { defaultDecay } = await import(path.join(root, 'dist/core/intel/decay.js'));
const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;
const options = { at: { now: Date.now(), model: defaultDecay }, warninglists: loadWarninglists(path.join(root, 'resources', 'warninglists')) };

const caseDb = new Database(caseFile, { readonly: true });
let t = process.hrtime.bigint();
const observables = readCaseObservables(caseDb);
const readMs = ms(t);
caseDb.close();

let db = new Database(path.join(home, 'intel.sqlite'), { readonly: true });
t = process.hrtime.bigint();
const full = matchCase(db, observables, options);
const fullMs = ms(t);
const since = full.intelRevision;
db.close();

const imported = spawnSync(process.execPath, [cli, 'intel', 'import', newList, '--json'], { encoding: 'utf8', maxBuffer: 8 << 20 });
if (imported.status !== 0) throw new Error(`intel import failed: ${imported.stdout}${imported.stderr}`);

db = new Database(path.join(home, 'intel.sqlite'), { readonly: true });
t = process.hrtime.bigint();
const retro = retroHunt(db, observables, since, options);
const retroMs = ms(t);

// Floor: the changed values in a Set, every destination address looked up (exact addresses only).
t = process.hrtime.bigint();
const changed = new Set(db.prepare("SELECT value FROM indicators WHERE changed_revision > ? AND type = 'ipv4'").pluck().all(since));
let floorHits = 0;
for (const a of observables.addresses) if (changed.has(a.ip)) floorHits++;
const floorMs = ms(t);

const count = (m) => m.addresses.reduce((n, a) => n + a.hits.length, 0) + m.hashes.reduce((n, h) => n + h.hits.length, 0);
process.stdout.write(
  JSON.stringify({
    readMs, fullMs, retroMs, floorMs, floorHits,
    retroHits: retro.announcements.length,
    retroSuppressed: retro.matches.addresses.reduce((n, a) => n + a.suppressed.length, 0),
    changed: retro.changes.indicators,
    addresses: observables.addresses.length,
    indicators: full.checked.indicators,
    fullHits: count(full),
    suppressed: full.addresses.reduce((n, a) => n + a.suppressed.length, 0),
  }),
);
