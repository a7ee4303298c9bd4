import type Database from 'better-sqlite3';
import type { ProcessDetails } from '../../shared/entity-details-types.js';
import { parseHashes } from '../analysis/queries/hashes.js';
import type { Lineage } from '../analysis/queries/index.js';
import { hashTypes, matchFew, type HashType } from '../intel/match/index.js';
import type { DetailsDeps } from './details-deps.js';
import { FIRST_PAGE } from './destination-details.js';
import { nodeLinks } from './node-links.js';
import { reputationView } from './reputation-view.js';

/** Distinct Hashes fields read per process (a binary replaced on the host gives a second one). */
const MAX_HASH_FIELDS = 20;

/**
 * A process's path, the hashes of its runs with the IoC store's word on each
 * (hash hits, scored as of the runs), its users and the command line of the
 * run that connected last (from its lineage), and its busiest destinations.
 */
export function processDetails(db: Database.Database, host: string, image: string, lineage: Lineage | null, deps: DetailsDeps): ProcessDetails {
  const fields = db
    .prepare('SELECT hashes, MIN(ts) AS first, MAX(ts) AS last FROM processes WHERE host = ? AND image = ? AND hashes IS NOT NULL GROUP BY hashes ORDER BY last DESC LIMIT ?')
    .all(host, image, MAX_HASH_FIELDS) as { hashes: string; first: number; last: number }[];
  const hashes = new Map<string, { type: ProcessDetails['hashes'][number]['type']; value: string; first: number; last: number }>();
  for (const f of fields) {
    for (const h of parseHashes(f.hashes).hashes) {
      const key = `${h.type}:${h.value}`;
      const known = hashes.get(key);
      if (!known) hashes.set(key, { type: h.type, value: h.value, first: f.first, last: f.last });
      else {
        known.first = Math.min(known.first, f.first);
        known.last = Math.max(known.last, f.last);
      }
    }
  }
  const matchable = [...hashes.values()].filter((h): h is typeof h & { type: HashType } => (hashTypes as readonly string[]).includes(h.type));
  const matches = matchFew(deps.homeDb, { addresses: [], hashes: matchable.map((h) => ({ type: h.type, value: h.value, firstTs: h.first, lastTs: h.last })) }, {
    at: deps.scoreAt(),
    warninglists: deps.warninglists(),
  });
  const users = db
    .prepare('SELECT user FROM events WHERE host = ? AND image = ? AND user IS NOT NULL GROUP BY user ORDER BY COUNT(*) DESC LIMIT 10')
    .pluck()
    .all(host, image) as string[];
  const reputationOf = (type: string, value: string) => {
    if (!(hashTypes as readonly string[]).includes(type)) return null;
    return reputationView(matches.hashes.find((x) => x.type === type && x.value === value));
  };
  return {
    path: image,
    hashes: [...hashes.values()].map((h) => ({ type: h.type, value: h.value, reputation: reputationOf(h.type, h.value) })),
    users,
    commandLine: lineage?.process?.commandLine ?? null,
    destinations: nodeLinks(db, { kind: 'process', host, image }, 'destinations', { offset: 0, limit: FIRST_PAGE }),
  };
}
