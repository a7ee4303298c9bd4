import type { GraphGrouping } from '../../shared/graph-view-types.js';
import { groupId, subnetKey, type GroupBy } from './group-keys.js';

/** What is known of an address for grouping it (the `enrichment` table's row). */
export interface AddressFacts {
  asn: number | null;
  asOrg: string | null;
  country: string | null;
  service: string | null;
  serviceCategory: string | null;
}

export interface DestinationStat {
  ip: string;
  events: number;
}

/** Where one destination is drawn: its own node (in an opened group: `parent`) or inside a group node. */
export type Placement = { own: true; parent?: string } | { own: false; group: string };

export interface GroupSpec {
  id: string;
  by: GroupBy;
  key: string;
  /** The AS's name, for the label. */
  name?: string | null;
}

export interface DestinationPlan {
  placement: Map<string, Placement>;
  groups: Map<string, GroupSpec>;
  /** Destinations inside a group because of the budget rather than the grouping asked for. */
  folded: number;
}

/**
 * The group a destination folds into under a grouping. An address without
 * the fact asked for (no AS for a private address, no country data) falls
 * back to its network: `auto` and `service` try the service, then the AS,
 * then the /24 (IPv6 /48); `none` folds the rest into one group.
 */
export function destinationGroup(mode: GraphGrouping['destinations'], ip: string, facts: AddressFacts | undefined): GroupSpec {
  const spec = (by: GroupBy, key: string, name?: string | null): GroupSpec => ({ id: groupId('destination', by, key), by, key, ...(name !== undefined ? { name } : {}) });
  if (mode === 'none') return spec('other', 'rest');
  if ((mode === 'auto' || mode === 'service') && facts?.serviceCategory) return spec('service', facts.serviceCategory);
  if ((mode === 'auto' || mode === 'service' || mode === 'asn') && facts?.asn !== null && facts?.asn !== undefined) return spec('asn', String(facts.asn), facts.asOrg);
  if (mode === 'country' && facts?.country) return spec('country', facts.country);
  const subnet = subnetKey(ip);
  return subnet === null ? spec('other', 'unknown') : spec('subnet', subnet);
}

/**
 * Which destinations are drawn on their own. Those in `always` (a finding or
 * an IoC hit) always are. With `auto` or `none`, the busiest others are too,
 * up to `maxDestinations`, and the rest fold into groups (counted in
 * `folded`); with a grouping key, every other destination folds by it.
 * An opened group (`expand`) draws its busiest members on their own, up to
 * `maxDestinations`, in place; members past that stay in the group node.
 * `stats` must come busiest first (ties by address), so the plan is the same
 * for the same case.
 */
export function planDestinations(
  stats: readonly DestinationStat[],
  options: { always: ReadonlySet<string>; mode: GraphGrouping['destinations']; maxDestinations: number; expand: ReadonlySet<string>; facts: (ip: string) => AddressFacts | undefined },
): DestinationPlan {
  const placement = new Map<string, Placement>();
  const groups = new Map<string, GroupSpec>();
  const openedDrawn = new Map<string, number>();
  const byBudget = options.mode === 'auto' || options.mode === 'none';
  let drawn = 0;
  let folded = 0;
  const groupEvents = new Map<string, number>();
  for (const { ip, events } of stats) {
    if (options.always.has(ip)) {
      placement.set(ip, { own: true });
      continue;
    }
    if (byBudget && drawn < options.maxDestinations) {
      drawn++;
      placement.set(ip, { own: true });
      continue;
    }
    const group = destinationGroup(options.mode, ip, options.facts(ip));
    if (options.expand.has(group.id)) {
      const n = openedDrawn.get(group.id) ?? 0;
      if (n < options.maxDestinations) {
        openedDrawn.set(group.id, n + 1);
        placement.set(ip, { own: true, parent: group.id });
        continue;
      }
    }
    if (byBudget) folded++;
    groups.set(group.id, group);
    placement.set(ip, { own: false, group: group.id });
    groupEvents.set(group.id, (groupEvents.get(group.id) ?? 0) + events);
  }
  capGroups(placement, groups, groupEvents, options.maxDestinations, options.expand);
  return { placement, groups, folded };
}

/**
 * More groups than `max` (a /24 each of thousands of scattered addresses,
 * without AS data) would be as illegible as the addresses: the busiest
 * groups stay, the others fold into one "other destinations" group.
 */
function capGroups(placement: Map<string, Placement>, groups: Map<string, GroupSpec>, events: Map<string, number>, max: number, expand: ReadonlySet<string>): void {
  if (groups.size <= max) return;
  const ranked = [...groups.keys()].sort((a, b) => (events.get(b) ?? 0) - (events.get(a) ?? 0) || (a < b ? -1 : 1));
  const other = destinationGroup('none', '', undefined);
  const gone = new Set(ranked.slice(Math.max(max - 1, 0)));
  for (const id of gone) groups.delete(id);
  const opened = expand.has(other.id);
  let drawn = 0;
  for (const [ip, place] of placement) {
    if (place.own || !gone.has(place.group)) continue;
    if (opened && drawn < max) {
      drawn++;
      placement.set(ip, { own: true, parent: other.id });
    } else {
      placement.set(ip, { own: false, group: other.id });
      groups.set(other.id, other);
    }
  }
}
