// Run as a child by intel-match.bench.js: loads the matcher from a data home
// and matches every flow IP, timing load and match, then the floors: one
// plain SELECT of the rows the matcher reads (for the load) and a bare
// Set<number> lookup of the same IPs against the same listed addresses.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

const [root, home, flowsFile, listFile] = process.argv.slice(2);
const { IntelMatcher } = await import(path.join(root, 'dist/core/intel/matcher.js'));
const { ipv4ToInt } = await import(path.join(root, 'dist/core/net/ipv4-int.js'));
const { defaultDecay } = await import(path.join(root, 'dist/core/intel/decay.js'));

const flows = fs.readFileSync(flowsFile, 'utf8').trimEnd().split('\n');
const db = new Database(path.join(home, 'intel.sqlite'), { readonly: true });
// Both sides read the table warm: the first reader would pay for the page cache.
db.prepare('SELECT SUM(length(value)) FROM indicators NOT INDEXED').pluck().get();
let t = process.hrtime.bigint();
const matcher = IntelMatcher.load(db, { now: Date.now(), model: defaultDecay });
const loadMs = Number(process.hrtime.bigint() - t) / 1e6;

t = process.hrtime.bigint();
const selected = db.prepare("SELECT type, value, ip_lo, ip_hi, base, last_seen FROM indicators NOT INDEXED WHERE type IN ('ipv4', 'ipv6', 'cidr', 'domain')").raw().all().length;
const selectMs = Number(process.hrtime.bigint() - t) / 1e6;

t = process.hrtime.bigint();
let hits = 0;
for (const ip of flows) if (matcher.matchIpv4(ipv4ToInt(ip), ip)) hits++;
const matchMs = Number(process.hrtime.bigint() - t) / 1e6;

// Floor: exact lookups only, in the fastest plain structure.
const set = new Set(fs.readFileSync(listFile, 'utf8').trimEnd().split('\n').map(ipv4ToInt));
t = process.hrtime.bigint();
let floorHits = 0;
for (const ip of flows) if (set.has(ipv4ToInt(ip))) floorHits++;
const floorMs = Number(process.hrtime.bigint() - t) / 1e6;

process.stdout.write(JSON.stringify({ loadMs, selectMs, selected, matchMs, hits, floorMs, floorHits, indicators: matcher.size, flows: flows.length }));
