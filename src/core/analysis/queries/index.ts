/**
 * Queries that read a case for the analysis (a DB handle in, plain data out).
 * The analysis run imports its steps (unit-scan, process-, ioc- and
 * timing-evidence) directly; offered here for every other caller: lineage
 * (which file started a connection and which process wrote it, joined by
 * ProcessGuid, else by host and image and said so) and hashes (Sysmon's
 * Hashes field parsed, and the case's distinct (host, image, hash) for
 * matching against hash indicators), and destination names per address as
 * a detector needs them.
 */
export { processLineage, connectionLineage } from './lineage.js';
export type { Lineage, LineageFileWrite, LineageProcess, LineageQuery } from './lineage.js';
export { listImageHashes, parseHashes, processHashTypes } from './hashes.js';
export type { ImageHash, ParsedHashes, ProcessHash, ProcessHashType } from './hashes.js';
export { caseHoldsNames, createNameLookup, type NamesOf } from './destination-names.js';
export { queriesSettings } from './settings.js';
export type { QueriesSettings } from './settings.js';
