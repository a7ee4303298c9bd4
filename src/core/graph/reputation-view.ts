import type { IocHit, Reputation } from '../../shared/entity-details-types.js';
import type { IntelMatchHit, ObservableMatches, SuppressedHit } from '../intel/match/index.js';

/** Hits as the details panel receives them: counting ones with no reasons, suppressed ones with every reason. */
export function reputationView(m: ObservableMatches | undefined): Reputation {
  return { hits: (m?.hits ?? []).map((h) => hitView(h, [])), suppressed: (m?.suppressed ?? []).map((h: SuppressedHit) => hitView(h, h.reasons)) };
}

function hitView(h: IntelMatchHit, reasons: SuppressedHit['reasons']): IocHit {
  return {
    type: h.type,
    value: h.value,
    how: h.how,
    via: h.via,
    scoreNow: h.scoreNow,
    expiredNow: h.expiredNow,
    atConnection: h.atConnection,
    reportedAfter: h.reportedAfter,
    firstReported: h.firstReported,
    lastReported: h.lastReported,
    sightings: h.sightings,
    sources: h.sources,
    labels: h.labels,
    verdict: h.verdict,
    citations: h.citations.map((c) => ({ source: c.source, author: c.author, postedAt: c.postedAt, text: c.text, link: c.link, ref: c.ref })),
    reasons: reasons.map((r) => ({ ...r })),
  };
}
