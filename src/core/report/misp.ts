import type { ReportFinding, Tlp } from '../../shared/report-types.js';
import { revealHidden } from '../../shared/visible-text.js';
import { MISP_TYPE, mispCategory, uuidFrom } from '../intel/export/indicator-formats.js';
import { analystName, findingPort, indicatorLabels, indicatorSpan, kindTag, ranAs, reportIndicators, reportSeed, reportTime, unitTraffic, unreportedWhy, type ReportIndicator } from './interop.js';
import type { ReportWriter } from './writer-types.js';

/** MISP's distribution levels by TLP: RED and AMBER+STRICT stay in the organisation, AMBER in the community, GREEN goes to connected communities, CLEAR to all. */
const DISTRIBUTION: Record<Tlp, string> = { red: '0', 'amber+strict': '0', amber: '1', green: '2', clear: '3' };
/** threat_level_id: 1 high, 2 medium, 3 low, 4 undefined. */
const THREAT_LEVEL = { high: '1', medium: '2', low: '3' } as const;

/**
 * The report as one MISP event (`{"Event": {...}}`), for MISP and for
 * Sightline's own MISP reader: the title, the date and time of the analysis,
 * the threat level of the highest severity, the distribution and `tlp:` tag
 * of the marking, the analyst as the creating organisation; one attribute
 * per malicious value (reportIndicators, the same as the STIX bundle's
 * indicators) with its MISP type and category, `to_ids`, the findings'
 * sentences, the analyst's verdicts with their notes and the post as its
 * comment, tags, and a sighting per finding.
 * UUIDs come from the content, times from the document: the same report is
 * the same file.
 */
export const writeMispReport: ReportWriter = async (doc, ctx) => {
  const at = reportTime(doc);
  const epoch = (iso: string) => String(Math.floor(Date.parse(iso) / 1000));
  const uuid = uuidFrom(JSON.stringify(['misp-event', reportSeed(doc)]));
  const severities = doc.findings.map((rf) => rf.finding.severity);
  const level = (['high', 'medium', 'low'] as const).find((s) => severities.includes(s));
  const kinds = [...new Set(doc.findings.flatMap((rf) => rf.finding.kinds))].sort();
  const traffic = new Map<ReportFinding, number | null>();
  const portOf = (rf: ReportFinding) => {
    if (!traffic.has(rf)) traffic.set(rf, findingPort(rf.finding, unitTraffic(ctx.caseDb, rf.finding)));
    return traffic.get(rf) ?? null;
  };
  const attributes = reportIndicators(doc).map((ri) => {
    const { type, value } = mispValue(ri, portOf);
    const hit = ri.hit;
    const link = hit?.citations.find((c) => c.link)?.link ?? null;
    const sentences = ri.findings.map((rf) => rf.sentence);
    const span = indicatorSpan(ri);
    return {
      uuid: uuidFrom(JSON.stringify(['misp-attribute', uuid, type, value])),
      type,
      category: mispCategory(ri.type),
      value,
      to_ids: true,
      distribution: '5',
      timestamp: epoch(at),
      // One span for STIX and MISP (interop.ts), so both re-import to the same first sighting.
      first_seen: span.first,
      last_seen: span.last,
      // Sightline's MISP reader reads a comment only as a post's link when it is one; it never starts with one here.
      comment: [unreportedWhy(ri), ranAs(ri), ...sentences, ...verdicts(ri), link].filter((x) => x !== null).join(' — '),
      Tag: indicatorLabels(ri).map((name) => ({ name })),
      Sighting: ri.findings.map((rf) => ({ type: '0', date_sighting: epoch(rf.finding.lastSeen), source: 'Sightline' })),
    };
  });
  const event = {
    Event: {
      uuid,
      info: doc.title,
      date: at.slice(0, 10),
      timestamp: epoch(at),
      published: false,
      threat_level_id: level ? THREAT_LEVEL[level] : '4',
      // 2 completed; 1 ongoing when the case changed since the analysis (its findings may be out of date).
      analysis: doc.appendix.analysis?.stale ? '1' : '2',
      distribution: DISTRIBUTION[doc.tlp],
      Orgc: { name: analystName(doc) },
      Tag: [{ name: `tlp:${doc.tlp}` }, { name: 'sightline:report' }, ...kinds.map((k) => ({ name: kindTag(k) }))],
      Attribute: attributes,
    },
  };
  ctx.progress(1);
  return [`${JSON.stringify(event, null, 1)}\n`];
};

/**
 * The analysts' verdicts on the findings an attribute was seen in, each
 * once: "verdict malicious: <the note>", hidden characters shown as in the
 * rest of the comment (an override would reorder what follows it).
 */
function verdicts(ri: ReportIndicator): string[] {
  const said = ri.findings.flatMap((rf) => (rf.verdict ? [`verdict ${rf.verdict.verdict}${rf.verdict.note ? `: ${revealHidden(rf.verdict.note, { lines: true })}` : ''}`] : []));
  return [...new Set(said)];
}

/**
 * The attribute's type and value: the indicator's MISP type, or
 * `ip-dst|port` for a destination address whose findings all went to one
 * port (the port is part of what was seen).
 */
function mispValue(ri: ReportIndicator, portOf: (rf: ReportFinding) => number | null): { type: string; value: string } {
  const plain = { type: MISP_TYPE[ri.type], value: ri.value };
  if (ri.type !== 'ipv4' && ri.type !== 'ipv6') return plain;
  const ports = new Set(ri.findings.map((rf) => (rf.finding.dst === ri.value ? portOf(rf) : null)));
  const [port] = [...ports];
  return ports.size === 1 && port !== null && port !== undefined ? { type: 'ip-dst|port', value: `${ri.value}|${port}` } : plain;
}

