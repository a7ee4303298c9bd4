import type { Note, NoteTarget } from '../../shared/notes-types.js';
import type { ReportDocument, ReportFinding, ReportVerdict } from '../../shared/report-types.js';
import { STIX_PATTERN, uuidFrom } from '../intel/export/indicator-formats.js';
import { parseNodeId } from '../graph/node-id.js';
import { analystName, indicatorLabels, indicatorSpan, isoOf, ranAs, reportIndicators, reportSeed, reportTime, unitTraffic, unreportedWhy, type ReportIndicator } from './interop.js';
import { findingObservables, Observables, tlpMarking, type StixObject } from './stix-objects.js';
import type { ReportWriter } from './writer-types.js';
import { reportCancelled } from './report-cancelled.js';

/** STIX counts (number_observed, count) stop here (the schemas' maximum). */
const MAX_COUNT = 999_999_999;

/**
 * The report as a STIX 2.1 bundle for threat-intel platforms: the analyst's
 * identity, the TLP marking (on every object), a `report` naming it all;
 * per finding an observed-data over its observables (address, names,
 * traffic, process, file), a note with its explanation and one with the
 * note the analyst gave with their verdict; an indicator for
 * every malicious value (reportIndicators: IoC hits that count, destinations
 * called malicious) with a sighting per finding it was seen in; the analyst's
 * notes as notes. Ids come from the content and every time from the document
 * (reportTime), so the same report gives the same bytes. Hostile text stays
 * in string values (JSON-escaped), never in a pattern unescaped.
 */
export const writeStixReport: ReportWriter = async (doc, ctx) => {
  const marking = tlpMarking(doc.tlp);
  const at = reportTime(doc);
  const seed = reportSeed(doc);
  const identity: StixObject = {
    type: 'identity',
    spec_version: '2.1',
    id: `identity--${uuidFrom(JSON.stringify(['identity', analystName(doc)]))}`,
    created: at,
    modified: at,
    name: analystName(doc),
    identity_class: 'individual',
    object_marking_refs: [marking.id],
  };
  const sdo = (type: string, key: unknown, fields: Record<string, unknown>, times: { created: string; modified: string } = { created: at, modified: at }): StixObject => ({
    type,
    spec_version: '2.1',
    id: `${type}--${uuidFrom(JSON.stringify([type, seed, key]))}`,
    ...times,
    created_by_ref: identity.id,
    ...fields,
    object_marking_refs: [marking.id],
  });

  const obs = new Observables(marking.id);
  const seen = new Map<ReportFinding, { observed: StixObject; address: string; process: string | null }>();
  for (const [i, rf] of doc.findings.entries()) {
    if (ctx.signal.aborted) throw reportCancelled();
    const f = rf.finding;
    const { refs, address, process } = findingObservables(obs, rf, unitTraffic(ctx.caseDb, f));
    const observed = sdo('observed-data', unitKey(rf), {
      first_observed: isoOf(f.firstSeen),
      last_observed: isoOf(f.lastSeen),
      number_observed: Math.min(Math.max(f.events, 1), MAX_COUNT),
      object_refs: refs,
      ...(f.kinds.length > 0 ? { labels: f.kinds } : {}),
    });
    seen.set(rf, { observed, address, process });
    ctx.progress((0.8 * (i + 1)) / Math.max(doc.findings.length, 1));
  }

  const indicators: StixObject[] = [];
  const sightings: StixObject[] = [];
  const indicatorsOf = new Map<ReportFinding, string[]>();
  for (const ri of reportIndicators(doc)) {
    const indicator = indicatorObject(ri, sdo);
    indicators.push(indicator);
    for (const rf of ri.findings) {
      const s = seen.get(rf);
      if (!s) continue;
      indicatorsOf.set(rf, [...(indicatorsOf.get(rf) ?? []), indicator.id]);
      sightings.push(
        sdo('sighting', [indicator.id, s.observed.id], {
          sighting_of_ref: indicator.id,
          observed_data_refs: [s.observed.id],
          where_sighted_refs: [identity.id],
          first_seen: isoOf(rf.finding.firstSeen),
          last_seen: isoOf(rf.finding.lastSeen),
          count: Math.min(rf.finding.events, MAX_COUNT),
          description: rf.sentence,
        }),
      );
    }
  }

  const notes: StixObject[] = [];
  // The analyst's notes, each once: a note on a destination is carried by every finding to it.
  const analystNotes = new Map<number, { note: Note; refs: Set<string> }>();
  const verdictNotes = new Map<string, { verdict: ReportVerdict; note: string; refs: Set<string> }>();
  const about = (n: Note, ref: string) => {
    const known = analystNotes.get(n.id);
    if (known) known.refs.add(ref);
    else analystNotes.set(n.id, { note: n, refs: new Set([ref]) });
  };
  for (const [rf, s] of seen) {
    notes.push(
      sdo('note', ['explanation', s.observed.id], {
        abstract: rf.sentence,
        content: explanationText(rf),
        authors: ['Sightline'],
        object_refs: [s.observed.id, ...(indicatorsOf.get(rf) ?? [])],
      }),
    );
    for (const n of rf.notes) about(n, n.target.kind === 'finding' ? s.observed.id : (targetRef(n.target, seen, obs) ?? s.observed.id));
    const v = rf.verdict;
    if (v?.note) {
      // One verdict (on a destination alone) may stand on several findings: one note about them all.
      const key = JSON.stringify([v.on.host, v.on.process, v.on.dst]);
      const refs = [s.observed.id, ...(indicatorsOf.get(rf) ?? [])];
      const known = verdictNotes.get(key);
      if (known) for (const r of refs) known.refs.add(r);
      else verdictNotes.set(key, { verdict: v, note: v.note, refs: new Set(refs) });
    }
  }
  const report = sdo('report', 'report', {
    name: doc.title,
    description: `${doc.summary.findings} finding${doc.summary.findings === 1 ? '' : 's'} of case ${doc.case.name}, by ${analystName(doc)}`,
    published: at,
    report_types: ['threat-report'],
    object_refs: [] as string[],
  });
  for (const n of doc.notes) about(n, targetRef(n.target, seen, obs) ?? report.id);
  for (const { note, refs } of analystNotes.values()) notes.push(analystNote(note, [...refs], sdo, doc));
  for (const { verdict, note, refs } of verdictNotes.values()) notes.push(verdictNote(verdict, note, [...refs], sdo, doc));

  const objects = [marking, identity, report, ...obs.all(), ...[...seen.values()].map((s) => s.observed), ...indicators, ...sightings, ...notes];
  report.object_refs = objects.filter((o) => o !== marking && o !== report).map((o) => o.id);
  ctx.progress(1);
  return [`{"type":"bundle","id":"bundle--${uuidFrom(JSON.stringify(['bundle', seed]))}","objects":[\n`, objects.map((o) => JSON.stringify(o)).join(',\n'), '\n]}\n'];
};

type Sdo = (type: string, key: unknown, fields: Record<string, unknown>, times?: { created: string; modified: string }) => StixObject;

/** A unit's key among the report's findings (host, process, destination, port). */
function unitKey(rf: ReportFinding): unknown {
  return [rf.finding.host, rf.finding.process, rf.finding.dst, rf.finding.dport];
}

function indicatorObject(ri: ReportIndicator, sdo: Sdo): StixObject {
  const hit = ri.hit;
  const labels = indicatorLabels(ri);
  const posts = (hit?.citations ?? []).map((c) => ({
    source_name: `sightline:${c.source}`,
    ...(c.link ? { url: c.link } : {}),
    description: [c.author ? `@${c.author}` : null, c.postedAt, c.text].filter((x) => x !== null).join(' — '),
  }));
  const why = hit ? `Reported by ${hit.sources.join(', ')}; score ${hit.atConnection ? `${hit.atConnection.score} at the connection, ` : ''}${hit.scoreNow} now.` : (unreportedWhy(ri) as string);
  return sdo('indicator', [ri.type, ri.value], {
    name: ri.value,
    description: [why, ranAs(ri)].filter((x) => x !== null).join(' '),
    indicator_types: ['malicious-activity'],
    pattern: STIX_PATTERN[ri.type](ri.value),
    pattern_type: 'stix',
    pattern_version: '2.1',
    // One span for STIX and MISP (interop.ts), so both re-import to the same first sighting.
    valid_from: indicatorSpan(ri).first,
    ...(labels.length > 0 ? { labels } : {}),
    ...(posts.length > 0 ? { external_references: posts } : {}),
  });
}

/** A finding's explanation as a note's text: the sentence, the score and each piece of evidence with its numbers. */
function explanationText(rf: ReportFinding): string {
  const f = rf.finding;
  const lines = [rf.sentence, '', `Score ${f.score.toFixed(2)} (${f.severity ?? 'none'})${f.verdict ? `, verdict ${f.verdict}` : ''}; ${f.events} connections ${f.firstSeen} – ${f.lastSeen}.`];
  for (const e of f.explanations) lines.push(`- ${e.kind} ${e.score.toFixed(2)}: ${e.text}`);
  if (rf.lineage) lines.push('', rf.lineage.sentence);
  return lines.join('\n');
}

function analystNote(n: Note, refs: string[], sdo: Sdo, doc: ReportDocument): StixObject {
  return sdo('note', ['note', doc.case.id, n.id], { content: n.body, authors: [analystName(doc)], object_refs: refs }, { created: isoOf(n.createdAt), modified: isoOf(n.updatedAt) });
}

/** The note the analyst gave with a verdict, as typed (JSON escapes it; hidden characters stay data for the reading tool to show), about the findings it stands on and their indicators. */
function verdictNote(v: ReportVerdict, note: string, refs: string[], sdo: Sdo, doc: ReportDocument): StixObject {
  const at = isoOf(v.setAt);
  return sdo('note', ['verdict', v.on.host, v.on.process, v.on.dst], { abstract: `Analyst's verdict: ${v.verdict}`, content: note, authors: [analystName(doc)], object_refs: refs }, { created: at, modified: at });
}

/** What a case note is about, among the bundle's objects: the finding's observed-data, the address or the process; null when the bundle has none of them. */
function targetRef(target: NoteTarget, seen: ReadonlyMap<ReportFinding, { observed: StixObject; address: string; process: string | null }>, obs: Observables): string | null {
  const node = target.kind === 'node' ? parseNodeId(target.nodeId) : null;
  for (const [rf, s] of seen) {
    const f = rf.finding;
    if (target.kind === 'finding' && target.host === f.host && target.process === f.process && target.dst === f.dst) return s.observed.id;
    if (node?.kind === 'destination' && node.ip === f.dst && obs.get(s.address)) return s.address;
    if (node?.kind === 'process' && node.host === f.host && node.image === f.process && s.process) return s.process;
  }
  return null;
}
