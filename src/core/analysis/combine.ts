import type { CaseVerdict, EvidenceKind, Explanation, ScoreCombination, ScoreStep } from '../../shared/analysis-types.js';
import { evidenceKinds } from '../../shared/analysis-types.js';
import { gradeSeverity, scoreSeverityThresholds, type Severity } from './detectors/severity.js';
import type { Evidence } from './evidence.js';
import { combineSettings, type CombineSettings } from './settings.js';

/**
 * Evidence about who the destination or the process is, rather than how the
 * connections behave: never damped by the destination's prevalence or its
 * place on a known-benign list.
 */
const REPUTATION: ReadonlySet<EvidenceKind> = new Set(['ioc', 'hash', 'alert', 'process']);

export interface UnitContext {
  /** Hosts of the case that reach this destination, and hosts in the case. */
  readonly destinationHosts: number;
  readonly caseHosts: number;
  /** The allowlist rule that covers the unit, in words ("rule 3: 10.0.0.0/8 (backup network)"). */
  readonly allowlistedBy: string | null;
  readonly verdict: CaseVerdict | null;
  /** The warninglist of known-benign infrastructure the destination is on, by name, or null. */
  readonly knownBenign: string | null;
  /** The service the destination belongs to when the process is that service's own client (Dropbox.exe → Dropbox), or null. */
  readonly ownService?: string | null;
}

export interface Combined {
  readonly score: number;
  readonly severity: Severity | null;
  /** Kinds of the evidence that counted, in evidenceKinds order; 'suppressed' when something was set aside. */
  readonly kinds: EvidenceKind[];
  /** Strongest first; suppressions and modifiers last. */
  readonly explanations: Evidence[];
}

const kindOrder = new Map<EvidenceKind, number>(evidenceKinds.map((k, i) => [k, i]));

/**
 * One unit's score in [0, 1] from its evidence. The strongest piece sets the
 * score and each further one closes part of the gap to 1 (settings.corroboration),
 * so independent signals add up without two weak ones making a strong one.
 * Then the modifiers, each with its sentence: behaviour towards a destination
 * most hosts reach counts less; an allowlist rule or a "benign" verdict sets
 * the score to 0 (the finding stays, saying why), "malicious" to 1.
 */
export function combineEvidence(evidence: readonly Evidence[], unit: UnitContext, settings: CombineSettings = combineSettings): Combined {
  const common = unit.caseHosts >= settings.commonMinHosts && unit.destinationHosts >= settings.commonShare * unit.caseHosts;
  const modifiers: Evidence[] = [];
  const behaviourWeight = (common ? settings.commonWeight : 1) * (unit.knownBenign ? settings.knownBenignWeight : 1) * (unit.ownService ? settings.ownServiceWeight : 1);
  const weighted = evidence
    .filter((e) => e.score > 0)
    .map((e) => ({ e, w: REPUTATION.has(e.kind) ? 1 : behaviourWeight }))
    .map(({ e, w }) => ({ e, w, s: e.score * w }))
    .sort((a, b) => b.s - a.s || (kindOrder.get(a.e.kind) as number) - (kindOrder.get(b.e.kind) as number));
  if (common && weighted.some((w) => !REPUTATION.has(w.e.kind))) {
    modifiers.push(note('prevalence', `${unit.destinationHosts} of ${unit.caseHosts} hosts reach this destination: its behaviour counts at ${Math.round(settings.commonWeight * 100)} %`, {
      destinationHosts: unit.destinationHosts,
      caseHosts: unit.caseHosts,
    }));
  }
  if (unit.knownBenign && weighted.some((w) => !REPUTATION.has(w.e.kind))) {
    modifiers.push(note('known-benign', `on the warninglist "${unit.knownBenign}": its behaviour counts at ${Math.round(settings.knownBenignWeight * 100)} %`, { warninglist: unit.knownBenign }));
  }
  if (unit.ownService && weighted.some((w) => !REPUTATION.has(w.e.kind))) {
    modifiers.push(note('known-benign', `the program is ${unit.ownService}'s own client, talking to ${unit.ownService}: its behaviour counts at ${Math.round(settings.ownServiceWeight * 100)} %`, { ownService: unit.ownService }));
  }
  const steps = addUp(weighted.map((w) => ({ kind: w.e.kind, score: w.e.score, weight: w.w })), settings.corroboration);
  let score = steps.at(-1)?.total ?? 0;

  if (unit.allowlistedBy) {
    modifiers.push(note('suppressed', `allowlisted (${unit.allowlistedBy}): not counted`, { allowlistedBy: unit.allowlistedBy }));
    score = 0;
  }
  if (unit.verdict === 'benign') {
    modifiers.push(note('verdict', 'marked benign by the analyst: not counted', { verdict: 'benign' }));
    score = 0;
  } else if (unit.verdict === 'malicious') {
    modifiers.push(note('verdict', 'marked malicious by the analyst', { verdict: 'malicious' }));
    score = 1;
  } else if (unit.verdict === 'ignore') {
    modifiers.push(note('verdict', 'ignored by the analyst', { verdict: 'ignore' }));
  }

  const suppressed = evidence.filter((e) => !(e.score > 0));
  const explanations = [...weighted.map((w) => w.e), ...suppressed, ...modifiers];
  const kinds = [...new Set(explanations.map((e) => e.kind))].sort((a, b) => (kindOrder.get(a) as number) - (kindOrder.get(b) as number));
  const rounded = roundScore(score);
  return { score: rounded, severity: gradeSeverity(rounded, scoreSeverityThresholds), kinds, explanations };
}

/**
 * A score as stored and shown: three decimals. The steps' running totals are
 * rounded the same way, so a step's "score after" and the finding's score
 * never disagree in the last shown digit (0.8350000000000001 vs 0.835).
 */
function roundScore(score: number): number {
  return Math.round(score * 1000) / 1000;
}

function note(kind: 'prevalence' | 'known-benign' | 'verdict' | 'suppressed', text: string, facts: Evidence['facts']): Evidence {
  return { kind, score: 0, severity: null, text, facts };
}

/**
 * The running total over weighted evidence, strongest first: the first piece
 * sets it, each further one closes `corroboration` × its weighted score of the
 * gap to 1. Pieces of one kind are views of one signal (a unit's day of bytes
 * and its largest transfer, an address and its name both in the IoC store):
 * the strongest counts. Process judgements are distinct signals and each counts.
 */
function addUp(sorted: readonly { kind: EvidenceKind; score: number; weight: number }[], corroboration: number): ScoreStep[] {
  const counted = new Set<EvidenceKind>();
  const steps: ScoreStep[] = [];
  let total = 0;
  for (const p of sorted) {
    const weighted = p.score * p.weight;
    if (counted.has(p.kind) && p.kind !== 'process') {
      steps.push({ ...p, role: 'same-kind', total: roundScore(total) });
      continue;
    }
    total = Math.min(1, Math.max(0, counted.size === 0 ? weighted : total + (1 - total) * weighted * corroboration));
    steps.push({ ...p, role: counted.size === 0 ? 'sets' : 'adds', total: roundScore(total) });
    counted.add(p.kind);
  }
  return steps;
}

/**
 * How a stored finding's score was reached, from its explanations and the
 * settings of its run: the same weights and sum as `combineEvidence` (the
 * modifiers it wrote say which weights applied), then what the allowlist or a
 * verdict did to the total. For the details panel, which shows the numbers.
 */
export function explainCombination(explanations: readonly Pick<Explanation, 'kind' | 'score' | 'facts'>[], settings: CombineSettings = combineSettings): ScoreCombination {
  const has = (kind: EvidenceKind, fact: string) => explanations.some((e) => e.kind === kind && e.facts[fact] !== undefined && e.facts[fact] !== null);
  const behaviourWeight =
    (explanations.some((e) => e.kind === 'prevalence') ? settings.commonWeight : 1) *
    (has('known-benign', 'warninglist') ? settings.knownBenignWeight : 1) *
    (has('known-benign', 'ownService') ? settings.ownServiceWeight : 1);
  const pieces = explanations
    .filter((e) => e.score > 0)
    .map((e) => ({ kind: e.kind, score: e.score, weight: REPUTATION.has(e.kind) ? 1 : behaviourWeight }))
    .sort((a, b) => b.score * b.weight - a.score * a.weight || (kindOrder.get(a.kind) as number) - (kindOrder.get(b.kind) as number));
  const steps = addUp(pieces, settings.corroboration);
  const fromEvidence = steps.at(-1)?.total ?? 0;
  const verdict = explanations.find((e) => e.kind === 'verdict')?.facts['verdict'];
  const override = verdict === 'malicious' ? 'malicious' : verdict === 'benign' ? 'benign' : has('suppressed', 'allowlistedBy') ? 'allowlist' : null;
  const total = override === 'malicious' ? 1 : override === null ? fromEvidence : 0;
  return { corroboration: settings.corroboration, behaviourWeight, steps, fromEvidence, override, total };
}
