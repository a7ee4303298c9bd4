/**
 * New and rare destinations: a (host, process)'s first contact with a
 * destination after the baseline ('new-destination'), and destinations few
 * of the case's hosts reach ('rare-destination', "1 of 8 hosts"), each
 * lifted by no name, a process with no business roaming, a destination new
 * to the whole organisation or reached by one host. `queryPrevalence` is the
 * per-destination host count the scorer also uses as a modifier.
 */
export { checkNewAndRareSettings, newAndRareSettings, scoreNewDestination, scoreRareDestination, type NewAndRareSettings, type NewDestinationSummary, type RareDestinationSummary } from './score.js';
export { queryNewAndRare, queryPrevalence, type DestinationPrevalence, type Prevalence } from './query.js';
