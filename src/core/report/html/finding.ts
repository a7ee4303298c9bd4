import { formatDuration } from '../../../shared/charts/index.js';
import { formatCount, formatTime } from '../../../shared/display-format.js';
import type { IocHit } from '../../../shared/entity-details-types.js';
import { formatBytes } from '../../../shared/format-bytes.js';
import type { ReportFinding } from '../../../shared/report-types.js';
import type { LineageProcessView } from '../../../shared/types.js';
import { imageName } from '../../graph/unit-rows.js';
import { notesHtml } from './notes.js';
import { bytesPerDayChart, intervalChart, timelineChart } from './svg-charts.js';
import { longText, nameText, postLink, score, t } from './text.js';
import { findingSentence, findingSentenceParts } from '../gather.js';
import { countedHits, setAsideHits } from '../interop.js';

/** Command lines and posts longer than this are cut, saying so: a report is read, not parsed. */
const LONG = 2_000;
const NAMES_SHOWN = 5;
const CITATIONS_SHOWN = 5;

export type SourceTrust = ReadonlyMap<string, number>;

export function severityClass(severity: string | null): string {
  return `sev-${severity ?? 'none'}`;
}

/** One finding as a card: the chain, where the process came from, why it scores, the evidence charts, the intel behind it and what the analyst said. */
export function findingHtml(rf: ReportFinding, trust: SourceTrust): string {
  const f = rf.finding;
  return [
    `<article class="finding ${severityClass(f.severity)}" id="finding-${f.id}">`,
    `<div class="finding-head"><header><span class="chip ${severityClass(f.severity)}">${f.severity ?? 'below low'}</span><span class="score">score ${score(f.score)}</span><span>${t(f.kinds.join(' · '))}</span><span>finding #${f.id}</span></header>`,
    `<h3>${sentenceHtml(rf)}</h3>`,
    `${chain(rf)}</div>`,
    lineage(rf),
    why(rf),
    evidence(rf),
    intel(rf, trust),
    analyst(rf),
    '</article>',
  ].join('\n');
}

/**
 * The finding's sentence with its names (host, image, destination) wrapped
 * as the chain box wraps them (nameText), only between their parts; the
 * evidence after them is prose. A sentence that is not the finding's own
 * (a document from elsewhere) is shown as text.
 */
export function sentenceHtml(rf: ReportFinding): string {
  if (rf.sentence !== findingSentence(rf.finding)) return t(rf.sentence);
  const p = findingSentenceParts(rf.finding);
  const who = p.image === null ? name(p.host) : `${name(p.host)}'s ${name(p.image)}`;
  return `${who} → ${name(p.where)}${p.evidence === null ? '' : `: ${t(p.evidence)}`}`;
}

const name = (text: string) => `<span class="wrap-name">${nameText(text)}</span>`;

function chain(rf: ReportFinding): string {
  const f = rf.finding;
  const p = rf.process;
  const d = rf.destination;
  const process = f.process === null
    ? `<div class="box process"><span class="label">Process</span><span class="muted">none: sensor flows carry no process</span></div>`
    : `<div class="box process"><span class="label">Process</span><span class="name wrap-name">${nameText(imageName(f.process))}</span><br><code class="wrap-name">${nameText(f.process)}</code>` +
      (p && p.users.length ? `<br><span class="muted small">as ${t(p.users.join(', '))}</span>` : '') +
      (p?.commandLine ? `<br><span class="muted small">command line</span> <code>${longText(p.commandLine, LONG)}</code>` : '') +
      '</div>';
  const place = d ? [d.addressClassText, d.country, d.as ? `AS${d.as.number}${d.as.name ? ` ${d.as.name}` : ''}` : null, d.service ? `${d.service.name} (${d.service.category})` : null].filter((x): x is string => !!x) : [];
  const names = d?.names ?? [];
  const destination =
    `<div class="box destination"><span class="label">Destination</span><span class="name mono wrap-name">${nameText(f.dport === null ? f.dst : `${f.dst}:${f.dport}`)}</span>` +
    (names.length ? `<br><span class="wrap-name">${names.slice(0, NAMES_SHOWN).map(nameText).join(', ')}</span>${names.length > NAMES_SHOWN ? ` <span class="muted">and ${names.length - NAMES_SHOWN} more</span>` : ''}` : '') +
    (place.length ? `<br><span class="muted small">${t(place.join(' · '))}</span>` : '') +
    '</div>';
  return `<div class="chain"><div class="box host"><span class="label">Host</span><span class="name wrap-name">${nameText(f.host)}</span></div><span class="arrow">→</span>${process}<span class="arrow">→</span>${destination}</div>`;
}

function lineage(rf: ReportFinding): string {
  const l = rf.lineage;
  if (!l) return rf.finding.process === null ? '' : '<h4>Where the process came from</h4><p class="muted">The case has no process creation (Sysmon event 1) for this process.</p>';
  const row = (role: string, p: LineageProcessView) =>
    `<tr><td class="kind">${role}</td><td><code class="wrap-name">${nameText(p.image)}</code>${p.user ? `<br><span class="muted small">as ${t(p.user)}</span>` : ''}${p.integrityLevel ? `<span class="muted small">, ${t(p.integrityLevel)} integrity</span>` : ''}</td><td class="num">${p.pid ?? '—'}</td><td class="num">${formatTime(p.started)}</td><td><code>${p.commandLine === null ? '—' : longText(p.commandLine, LONG)}</code></td></tr>`;
  const rows = [
    ...(l.process ? [row('the process', l.process)] : []),
    ...l.parents.map((p, i) => row(i === 0 ? 'parent' : i === 1 ? 'grandparent' : `ancestor ${i + 1}`, p)),
    ...(l.beyond ? [`<tr><td>${l.parents.length === 0 ? 'parent' : 'before that'}</td><td><code class="wrap-name">${nameText(l.beyond)}</code></td><td colspan="3" class="muted">known by name only (no process creation of it in the case)</td></tr>`] : []),
  ];
  const w = l.written;
  return [
    '<h4>Where the process came from</h4>',
    `<p class="lineage-sentence">${t(l.sentence)}${l.joinedBy === 'image' ? ' <span class="muted">(matched by host and image path: less certain than by process GUID)</span>' : ''}</p>`,
    rows.length ? `<table class="lineage"><thead><tr><th>role</th><th class="w-image">image</th><th class="num">pid</th><th class="num">started (UTC)</th><th class="w-command">command line</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : '',
    l.parentsCut ? '<p class="muted small">The chain of parents was cut (too long, or a loop of process GUIDs).</p>' : '',
    w ? `<p>The image file <code class="wrap-name">${nameText(w.file)}</code> was written by ${w.by === null ? 'an unknown process' : `<code class="wrap-name">${nameText(w.by)}</code>`} at ${formatTime(w.at)}${w.user ? ` as ${name(w.user)}` : ''}.</p>` : '',
    l.hashes.length ? `<p class="small">Hashes: ${l.hashes.map((h) => `${h.type.toUpperCase()} <code>${t(h.value)}</code>`).join(', ')}</p>` : '',
    l.judgements.length ? `<ul class="judgements">${l.judgements.map((j) => `<li>${t(j.text)}</li>`).join('')}</ul>` : '',
  ].join('');
}

function why(rf: ReportFinding): string {
  const f = rf.finding;
  const rows = f.explanations.map((e) => `<tr><td class="kind">${t(e.kind)}</td><td class="num">${score(e.score)}</td><td>${t(e.text)}</td></tr>`).join('');
  const c = rf.combination;
  const steps = c
    ? `<table class="combination"><thead><tr><th>step</th><th>evidence</th><th class="num">its score</th><th class="num">weight</th><th>counts as</th><th class="num">score after</th></tr></thead><tbody>${c.steps
        .map((s, i) => `<tr><td class="num">${i + 1}</td><td class="kind">${t(s.kind)}</td><td class="num">${score(s.score)}</td><td class="num">${score(s.weight)}</td><td class="role">${roleText(s.role, c.corroboration)}</td><td class="num">${score(s.total)}</td></tr>`)
        .join('')}</tbody></table>
       <p class="numbers">From the evidence: ${score(c.fromEvidence)} (each further piece closes ${score(c.corroboration)} × its weighted score of the gap to 1; behavioural evidence weighted ${score(c.behaviourWeight)}).${c.override ? ` Then set by ${overrideText(c.override)}.` : ''} Score: <b>${score(c.total)}</b>.</p>`
    : '';
  return `<h4>Why it scores ${score(f.score)}</h4><table><thead><tr><th>evidence</th><th class="num">score</th><th>what it says</th></tr></thead><tbody>${rows}</tbody></table>${steps}`;
}

function roleText(role: string, corroboration: number): string {
  if (role === 'sets') return 'sets the score';
  if (role === 'adds') return `adds ${score(corroboration)} × its weighted score of the gap to 1`;
  if (role === 'same-kind') return 'counted instead of a weaker one of its kind';
  return role;
}

function overrideText(o: string): string {
  return o === 'allowlist' ? 'an allowlist rule (0)' : o === 'benign' ? 'a benign verdict (0)' : o === 'malicious' ? 'a malicious verdict (1)' : o;
}

function evidence(rf: ReportFinding): string {
  const f = rf.finding;
  const c = rf.charts;
  const span = (Date.parse(f.lastSeen) - Date.parse(f.firstSeen)) / 1000;
  return [
    '<h4>Evidence</h4>',
    `<p class="numbers">${formatCount(f.events)} connection${f.events === 1 ? '' : 's'} from ${formatTime(f.firstSeen)} to ${formatTime(f.lastSeen)} (${formatDuration(span)}); ${formatBytes(f.bytesOut)} out, ${formatBytes(f.bytesIn)} in.</p>`,
    c.timeline ? timelineChart(c.timeline) : '',
    c.intervals ? intervalChart(c.intervals) : '',
    c.bytesPerDay ? bytesPerDayChart(c.bytesPerDay) : '',
  ].join('');
}

function intel(rf: ReportFinding, trust: SourceTrust): string {
  const hits = countedHits(rf);
  const suppressed = setAsideHits(rf);
  const lists = rf.destination?.warninglists ?? [];
  if (hits.length + suppressed.length + lists.length === 0) return '';
  return [
    '<h4>Intel: what was posted about it</h4>',
    ...hits.map((h) => hit(h, trust, false)),
    ...suppressed.map((h) => hit(h, trust, true)),
    lists.length ? `<p class="small">On warninglists: ${lists.map((w) => `${t(w.value)} on ${t(w.list)}${w.contextOnly ? ' (context only)' : ''}`).join('; ')}</p>` : '',
  ].join('');
}

function hit(h: IocHit, trust: SourceTrust, suppressed: boolean): string {
  const at = h.atConnection
    ? `score ${Math.round(h.atConnection.score)} of 100 at the connection (${formatTime(h.atConnection.at)})${h.atConnection.expired ? ', expired then' : ''}`
    : h.reportedAfter
      ? `first reported after the connection, on ${formatTime(h.reportedAfter.at)} (score ${Math.round(h.reportedAfter.score)} then)`
      : 'no score at the connection';
  const sources = h.sources.map((s) => `${t(s)}${trust.has(s) ? ` <span class="muted">(trust ${score(trust.get(s) as number)})</span>` : ''}`).join(', ');
  const citations = h.citations.slice(0, CITATIONS_SHOWN).map(
    (c) =>
      `<blockquote class="post">${c.text ? `<pre>${longText(c.text, LONG, true)}</pre>` : '<p class="muted">(no text)</p>'}<p class="small">— ${t(c.author ?? 'unknown author')}, ${t(c.source)}${trust.has(c.source) ? ` (trust ${score(trust.get(c.source) as number)})` : ''}, posted ${formatTime(c.postedAt)}</p>${c.link ? `<p class="small">${postLink(c.link)}</p>` : ''}</blockquote>`,
  );
  return [
    `<div class="hit${suppressed ? ' suppressed' : ''}">`,
    `<header>${t(h.type)} <span class="mono">${t(h.value)}</span> <span class="muted">(${t(h.how)} match of ${t(h.via)})</span>${suppressed ? ' <span class="muted">— set aside</span>' : ''}</header>`,
    `<p class="small">${at}; now ${Math.round(h.scoreNow)} of 100${h.expiredNow ? ' (expired)' : ''}. ${formatCount(h.sightings)} sighting${h.sightings === 1 ? '' : 's'} from ${formatTime(h.firstReported)} to ${formatTime(h.lastReported)}. Sources: ${sources || '—'}.${h.labels.length ? ` Labels: ${t(h.labels.join(', '))}.` : ''}${h.verdict ? ` Analyst's verdict on the indicator: ${t(h.verdict)}.` : ''}</p>`,
    h.reasons.length ? `<ul class="small">${h.reasons.map((r) => `<li>${reasonText(r)}</li>`).join('')}</ul>` : '',
    ...citations,
    h.citations.length > CITATIONS_SHOWN ? `<p class="muted small">and ${h.citations.length - CITATIONS_SHOWN} more posts (in the JSON report)</p>` : '',
    '</div>',
  ].join('');
}

function reasonText(r: IocHit['reasons'][number]): string {
  if (r.kind === 'warninglist') return `on the warninglist ${t(r.list)} (${t(r.matched)}, the ${r.on === 'indicator' ? 'indicator' : 'destination'} ${t(r.value)})`;
  return `${r.kind === 'allowlist' ? 'allowlisted' : 'marked a false positive'} since ${formatTime(r.since)}${r.note ? `: ${t(r.note)}` : ''}`;
}

function analyst(rf: ReportFinding): string {
  const v = rf.finding.verdict;
  const set = rf.verdict;
  return [
    "<h4>The analyst's verdict and notes</h4>",
    `<p>Verdict: <b>${v ?? 'none given'}</b>${set ? ` <span class="muted small">(set ${formatTime(set.setAt)} on ${verdictOn(set.on)})</span>` : ''}${rf.tags.length ? ` · Tags: ${rf.tags.map((tag) => `<span class="tag">${t(tag)}</span>`).join('')}` : ''}</p>`,
    set?.note ? `<p>Why: ${t(set.note, { lines: true })}</p>` : '',
    notesHtml(rf.notes),
  ].join('');
}

/** What a verdict names, in words: "host WS03, process …\\synchelper.exe and destination 193.142.58.17". */
function verdictOn(on: NonNullable<ReportFinding['verdict']>['on']): string {
  const parts = [on.host === null ? null : `host ${t(on.host)}`, on.process === null ? null : `process ${t(on.process)}`, on.dst === null ? null : `destination ${t(on.dst)}`].filter((p) => p !== null);
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? 'every connection');
}
