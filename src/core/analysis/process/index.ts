/**
 * Do I know this process? Pure judgements over one process record, each with
 * a score contribution and a sentence: a system binary's name outside its
 * folders, look-alike names (homoglyphs, near-misses, double extensions,
 * hidden characters), programs run from user-writable places, unexpected
 * parents and accounts, missing arguments; and the lineage sentence ("svch0st.exe
 * was written by WINWORD.EXE at 09:14 and started by explorer.exe").
 * No database: callers hand plain records (ProcessRecord fits ProcessFacts).
 */
export { judgeProcess, processScore, processJudgementKinds } from './judge-process.js';
export type { ProcessFacts, ProcessJudgement, ProcessJudgementKind } from './judge-process.js';
export { explainLineage } from './lineage.js';
export type { FileWrite, LineageStep } from './lineage.js';
export { processSettings } from './settings.js';
export type { ProcessSettings, WritablePlace } from './settings.js';
export { processFamily, familyMembers } from './families.js';
export type { ProcessFamily } from './families.js';
export { systemBinaries, systemBinary, closeRealNames } from './system-binaries.js';
export type { SystemBinary } from './system-binaries.js';
export { findLookalike, skeleton } from './lookalike.js';
export { writablePlace } from './user-writable.js';
export { parseWindowsPath } from './windows-path.js';
export type { WindowsPath, PathForm } from './windows-path.js';
