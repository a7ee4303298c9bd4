import type Database from 'better-sqlite3';
import { cutText } from '../../../shared/cut-text.js';
import { explainHit, explainSuppression, explainSuppressionReasons, matchCase, readCaseObservables, type IntelMatchHit, type SuppressedHit } from '../../intel/match/index.js';
import type { ScoreAt } from '../../intel/store/queries.js';
import type { WarninglistMatcher } from '../../intel/warninglists/index.js';
import { gradeSeverity, scoreSeverityThresholds } from '../detectors/severity.js';
import type { Evidence } from '../evidence.js';
import { processKey } from './process-evidence.js';

/** Characters of a post quoted in an explanation (the whole post is in the facts). */
const QUOTED_CHARS = 160;

/**
 * An IoC hit is strong evidence whatever its score: a live indicator starts
 * at the "low" level and its score (0-100) as of the connection lifts it
 * towards 1.
 */
export function iocScore(indicatorScore: number): number {
  return Math.round((0.7 + (0.3 * Math.min(100, Math.max(0, indicatorScore))) / 100) * 1000) / 1000;
}

export interface Reputation {
  /** IoC evidence per destination address (its address, networks, names), suppressed hits included at score 0. */
  byDestination: Map<string, Evidence[]>;
  /** Hash evidence per process (host + image). */
  byProcess: Map<string, Evidence[]>;
  /** The names each destination went by (DNS answers, DestinationHostname), as the matching read them. */
  names: Map<string, string[]>;
}

/**
 * The IoC store's word on a case: every destination and process hash matched
 * at once (intel/match), each hit scored as of the connection and citing the
 * post behind it; hits the allowlist, a false-positive verdict or a
 * warninglist set aside come back as evidence that scores nothing and says why.
 */
export function reputationEvidence(caseDb: Database.Database, homeDb: Database.Database, at: ScoreAt, warninglists: WarninglistMatcher | undefined): Reputation {
  const observables = readCaseObservables(caseDb);
  const matches = matchCase(homeDb, observables, { at, warninglists });
  const names = new Map(observables.addresses.map((a) => [a.ip, [...a.names]]));
  const byDestination = new Map<string, Evidence[]>();
  for (const m of matches.addresses) byDestination.set(m.ip, [...m.hits.map((h) => hitEvidence('ioc', h)), ...m.suppressed.map(suppressedEvidence)]);

  const byProcess = new Map<string, Evidence[]>();
  const processesWith = caseDb.prepare("SELECT DISTINCT host, image FROM processes WHERE hashes LIKE '%' || ? || '%'");
  for (const m of matches.hashes) {
    const found = [...m.hits.map((h) => hitEvidence('hash', h)), ...m.suppressed.map(suppressedEvidence)];
    for (const { host, image } of processesWith.all(m.value) as { host: string; image: string }[]) {
      const key = processKey(host, image);
      byProcess.set(key, [...(byProcess.get(key) ?? []), ...found]);
    }
  }
  return { byDestination, byProcess, names };
}

function hitEvidence(kind: 'ioc' | 'hash', hit: IntelMatchHit): Evidence {
  const indicatorScore = hit.atConnection?.score ?? hit.reportedAfter?.score ?? hit.scoreNow;
  const score = iocScore(indicatorScore);
  const post = hit.citations[0];
  const quoted = post?.text ? ` — "${cutText(post.text.replace(/\s+/g, ' ').trim(), QUOTED_CHARS).head}${cutText(post.text, QUOTED_CHARS).cut ? '…' : ''}"` : '';
  return {
    kind,
    score,
    severity: gradeSeverity(score, scoreSeverityThresholds),
    text: `${explainHit(hit)}${quoted}${post?.link ? ` ${post.link}` : ''}`,
    facts: {
      indicator: hit.value,
      indicatorType: hit.type,
      matchedHow: hit.how,
      via: hit.via,
      scoreNow: hit.scoreNow,
      scoreAtConnection: hit.atConnection?.score ?? null,
      reportedAfterConnection: hit.reportedAfter !== null,
      sources: hit.sources.join(', '),
      author: post?.author ?? null,
      postedAt: post?.postedAt ?? null,
      postText: post?.text ?? null,
      postLink: post?.link ?? null,
    },
  };
}

function suppressedEvidence(hit: SuppressedHit): Evidence {
  return {
    kind: 'suppressed',
    score: 0,
    severity: null,
    text: explainSuppression(hit),
    // The graph's reputation marks read these back (graph/reputation-marks.ts): the reasons in words, the score and sources.
    facts: {
      indicator: hit.value,
      indicatorType: hit.type,
      reasons: hit.reasons.map((r) => r.kind).join(', '),
      why: explainSuppressionReasons(hit),
      scoreNow: hit.scoreNow,
      sources: hit.sources.join(', '),
    },
  };
}
