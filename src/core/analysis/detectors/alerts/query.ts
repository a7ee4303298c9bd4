import type { DetectorContext, UnitEvidence } from '../../evidence.js';
import { step } from '../query-kit.js';
import { alertSettings, scoreAlert, type AlertSettings } from './score.js';

/**
 * Alerts attached to units. An alert is matched to the connections of its
 * 5-tuple (either direction, the source port when it has one) whose time
 * span holds the alert's time within the tolerance; a matched sensor flow
 * stands for its endpoint event (peer_id), so the alert lands on the
 * process's unit. An alert no connection matches is attached to (the host
 * that uses its source address, '', destination). Alerts without both
 * addresses name no unit and are left out. Alerts are few: each is looked up
 * through the events' destination index (an alert on a destination with
 * 100k connections reads them all; the unmatched ones' hosts scan events
 * by source address, once per distinct address).
 */

/** id, host, image, dst_ip, signature, signature_id, category, severity, ts, and for unmatched alerts their own host column. */
type Row = [number, string, string | null, string, string, string | null, string | null, string | null, number, (string | null)?];

export function queryAlerts(ctx: DetectorContext, settings: AlertSettings = alertSettings): UnitEvidence[] {
  const { db } = ctx;
  step(ctx, 0);
  const tol = settings.matchToleranceMs;
  // Each direction: e is the connection as logged; u is the unit that counts it (e itself, or its endpoint peer).
  const direction = (src: string, dst: string, sport: string, dport: string) => `
    SELECT a.id, COALESCE(p.host, e.host), CASE WHEN p.id IS NULL THEN e.image ELSE p.image END, COALESCE(p.dst_ip, e.dst_ip),
           a.signature, a.signature_id, a.category, a.severity, a.ts
    FROM alerts a JOIN events e ON e.dst_ip = a.${dst} AND e.src_ip = a.${src} AND e.dst_port IS a.${dport} AND (a.${sport} IS NULL OR e.src_port = a.${sport})
         AND a.ts >= e.ts - ${tol} AND a.ts <= e.ts + COALESCE(e.duration, 0) * 1000 + ${tol}
    LEFT JOIN events p ON e.image IS NULL AND p.id = e.peer_id
    WHERE a.src_ip IS NOT NULL AND a.dst_ip IS NOT NULL AND NOT (e.image IS NULL AND e.peer_id IS NOT NULL AND p.id IS NULL)`;
  const matched = db.prepare(`${direction('src_ip', 'dst_ip', 'src_port', 'dst_port')} UNION ${direction('dst_ip', 'src_ip', 'dst_port', 'src_port')}`).raw(true).all() as Row[];
  step(ctx, 0.6);
  const seen = new Set(matched.map((r) => r[0]));
  const unmatched = db
    .prepare('SELECT id, src_ip, NULL, dst_ip, signature, signature_id, category, severity, ts, host FROM alerts WHERE src_ip IS NOT NULL AND dst_ip IS NOT NULL')
    .raw(true)
    .all()
    .filter((r) => !seen.has((r as Row)[0])) as Row[];
  if (unmatched.length > 0) {
    // The host the case names for the source address (its events), else the alert's own host column (a CSV's), else the address.
    const hostOf = db.prepare('SELECT host FROM events WHERE src_ip = ? GROUP BY host ORDER BY COUNT(*) DESC LIMIT 1').pluck();
    const names = new Map<string, string | undefined>();
    for (const r of unmatched) {
      const ip = r[1];
      if (!names.has(ip)) names.set(ip, hostOf.get(ip) as string | undefined);
      r[1] = names.get(ip) ?? r[9] ?? ip;
    }
  }
  step(ctx, 0.8);
  // One evidence per unit and signature.
  const groups = new Map<string, { host: string; image: string; dstIp: string; rows: Row[]; matched: boolean }>();
  const add = (r: Row, isMatched: boolean) => {
    const image = r[2] ?? '';
    const key = JSON.stringify([r[1], image, r[3], r[4], r[5]]);
    const g = groups.get(key) ?? { host: r[1], image, dstIp: r[3], rows: [], matched: isMatched };
    g.rows.push(r);
    groups.set(key, g);
  };
  const perAlert = new Set<string>();
  for (const r of matched) {
    const once = JSON.stringify([r[0], r[1], r[2], r[3]]);
    if (perAlert.has(once)) continue;
    perAlert.add(once);
    add(r, true);
  }
  for (const r of unmatched) add(r, false);
  const out: UnitEvidence[] = [];
  for (const g of groups.values()) {
    const times = g.rows.map((r) => r[8]);
    const levels = g.rows.map((r) => r[7]);
    const first = g.rows[0] as Row;
    // The most severe of the group's alerts speaks for it (scoreAlert maps each).
    const best = levels.map((severity) => scoreAlert({ signature: first[4], signatureId: first[5], category: first[6], severity, count: 1, first: 0, last: 0, matched: g.matched }, settings)).reduce((a, b) => (b.score > a.score ? b : a));
    const evidence = scoreAlert(
      { signature: first[4], signatureId: first[5], category: first[6], severity: best.facts.alertSeverity as string | null, count: g.rows.length, first: Math.min(...times), last: Math.max(...times), matched: g.matched },
      settings,
    );
    out.push({ host: g.host, image: g.image, dstIp: g.dstIp, evidence });
  }
  step(ctx, 1);
  return out;
}
