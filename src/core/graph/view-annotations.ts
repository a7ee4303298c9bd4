import type Database from 'better-sqlite3';
import type { ViewNode } from '../../shared/graph-view-types.js';
import { categoryLabels, classifyAddress, type ServiceCategory } from '../analysis/enrich/index.js';
import { knownBenignList } from '../analysis/known-benign.js';
import { parseHashes } from '../analysis/queries/hashes.js';
import { analysisSettings } from '../analysis/settings.js';
import type { WarninglistMatcher } from '../intel/warninglists/index.js';
import type { AddressFacts } from './destination-plan.js';
import { parseNodeId } from './node-id.js';
import type { ReputationMarks } from './reputation-marks.js';

export interface Annotations {
  facts: Map<string, AddressFacts>;
  reputation: ReputationMarks;
  warninglists?: WarninglistMatcher | undefined;
}

/** The `enrichment` table (filled by the analysis) by address. */
export function readAddressFacts(db: Database.Database): Map<string, AddressFacts> {
  const rows = db.prepare('SELECT ip, asn, as_org AS asOrg, country, service, service_category AS serviceCategory FROM enrichment').all() as (AddressFacts & { ip: string })[];
  return new Map(rows.map((r) => [r.ip, r]));
}

/**
 * What the drawn nodes carry besides their counts: for destinations the
 * address class, DNS names, alerts, country, AS, service, IoC reputation and
 * whether they are known benign; for processes their hash and its
 * reputation. One indexed lookup per drawn node.
 */
export function annotateView(db: Database.Database, nodes: ViewNode[], known: Annotations): void {
  const dns = db.prepare('SELECT query AS name, COUNT(*) AS n FROM dns_answers WHERE ip = ? GROUP BY query ORDER BY n DESC, query LIMIT 3');
  const alerts = db.prepare('SELECT COUNT(*) AS n FROM alerts WHERE dst_ip = ? OR src_ip = ?');
  const hashes = db.prepare('SELECT hashes FROM processes WHERE host = ? AND image = ? AND hashes IS NOT NULL ORDER BY ts DESC LIMIT 1');
  // Cases without DNS, alerts or process creations skip the per-node queries.
  const has = (table: string) => db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined;
  const hasDns = has('dns_answers');
  const hasAlerts = has('alerts');
  const hasProcesses = has('processes');
  for (const node of nodes) {
    const ref = node.kind === 'group' ? null : parseNodeId(node.id);
    if (ref?.kind === 'destination') {
      const ip = ref.ip;
      node.addressClass = classifyAddress(ip)?.class ?? 'not an address';
      if (hasDns) {
        const names = (dns.all(ip) as { name: string }[]).map((r) => r.name);
        if (names.length > 0) node.names = names;
      }
      const reputation = known.reputation.destinations.get(ip);
      if (reputation) node.reputation = reputation;
      if (hasAlerts) {
        const n = (alerts.get(ip, ip) as { n: number }).n;
        if (n > 0) node.alerts = n;
      }
      const f = known.facts.get(ip);
      if (f?.country) node.country = f.country;
      if (f?.asn !== null && f?.asn !== undefined) node.as = { number: f.asn, name: f.asOrg };
      if (f?.service && f.serviceCategory) {
        node.service = { category: f.serviceCategory, name: f.service };
      }
      // A finding of some severity or an IoC hit that counts outweighs knowing the destination (attackers misuse the
      // catalogued services): not dimmed then. Behaviour weighed down to no severity (a resolver asked all day) is dimmed.
      if (!node.finding?.severity && (!reputation || reputation.suppressed !== undefined)) {
        const list = knownBenignList(known.warninglists, analysisSettings.combine.knownBenignLists, ip, node.names ?? []);
        if (list) node.benign = `on the warninglist "${list}"`;
        else if (f?.service && f.serviceCategory) node.benign = `a catalogued service: ${f.service} (${categoryLabels[f.serviceCategory as ServiceCategory] ?? f.serviceCategory})`;
      }
    } else if (ref?.kind === 'process' && hasProcesses) {
      const row = hashes.get(ref.host, ref.image) as { hashes: string } | undefined;
      const parsed = parseHashes(row?.hashes).hashes;
      const best = parsed.find((h) => h.type === 'sha256') ?? parsed.find((h) => h.type !== 'imphash');
      if (best) node.hash = best.value;
    }
    if (ref?.kind === 'process') {
      const reputation = known.reputation.processes.get(node.id);
      if (reputation) node.reputation = reputation;
    }
  }
}
