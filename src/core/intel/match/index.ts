/**
 * The case against the IoC store. Pure over plain inputs and the home
 * database; the one reader of a case is `readCaseObservables`.
 *
 * - `matchCase(homeDb, observables, options)`: every destination address
 *   (exact, every stored IPv4/IPv6 network containing it), its names (domains
 *   and parent domains, the hosts of URLs) and the process hashes, with the
 *   score now and as of the connection (from the posts known by then; or when
 *   first reported, if after), the posts cited, and suppressed hits with their
 *   reasons (allowlist, false positive, warninglist). Parameters: `matchSettings`.
 * - `matchFew(homeDb, observables, options)`: the same for one destination or
 *   process, reading only the indicators it can meet (the details panel).
 * - `retroHunt(homeDb, observables, since, options)`: the same against only the
 *   indicators changed since the revision a case was matched at, with the post
 *   that brought each new hit; `intelChangesSince` counts them.
 * - `explainHit`, `explainSuppression`: one sentence each, with the numbers.
 */
export { matchCase, matchFew, matchSettings, type MatchOptions, type MatchSettings } from './match-case.js';
export { retroHunt, intelChangesSince, type IntelChanges, type RetroHuntAnnouncement, type RetroHuntResult } from './retro-hunt.js';
export { readCaseObservables, parseProcessHashes } from './read-case-observables.js';
export { explainHit, explainSuppression, explainSuppressionReasons } from './explain-hit.js';
export { IndicatorIndex, hashTypes, urlHost, type Candidate, type HashType, type MatchHow } from './indicator-index.js';
export type * from './types.js';
