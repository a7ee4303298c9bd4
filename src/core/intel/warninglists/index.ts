/**
 * MISP warninglists (CC0, shipped in resources/warninglists): which
 * addresses and names are well-known infrastructure, and which of those
 * lists are only context (lots-project, cloud and VPN ranges...) so that a
 * hit there never hides an indicator.
 */
export { loadWarninglists } from './load-warninglists.js';
export { createWarninglists } from './create-warninglists.js';
export type { ListSource } from './build-indexes.js';
export { contextOnlyListIds } from './context-only-lists.js';
export type { WarninglistFile, WarninglistHit, WarninglistInfo, WarninglistKind, WarninglistMatcher, Warninglists } from './warninglist-types.js';
