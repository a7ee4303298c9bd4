import type { LineageProcessView, ProcessLineageView } from '../../shared/types.js';
import type { Lineage, LineageProcess } from '../analysis/queries/index.js';
import { isoOrNull } from './event-filter.js';

/** A lineage as the details panel receives it: times as ISO text, hashes flattened, judgements as sentences. */
export function lineageView(l: Lineage): ProcessLineageView {
  const last = l.parents.at(-1) ?? l.process;
  const beyond = last?.parentImage?.trim();
  const w = l.fileWrite;
  return {
    sentence: l.sentence,
    joinedBy: l.joinedBy,
    process: l.process ? processView(l.process) : null,
    parents: l.parents.map(processView),
    beyond: !l.parentsCut && beyond && beyond !== '-' ? beyond : null,
    parentsCut: l.parentsCut,
    written: w ? { by: w.image, at: new Date(w.ts).toISOString(), file: w.targetFilename, processGuid: w.processGuid, user: w.user } : null,
    hashes: l.process?.hashes.hashes ?? [],
    unreadableHashes: l.process?.hashes.unreadable ?? [],
    judgements: l.judgements.map((j) => ({ kind: j.kind, text: j.explanation })),
  };
}

function processView(p: LineageProcess): LineageProcessView {
  return {
    image: p.image,
    processGuid: p.processGuid,
    pid: p.pid,
    started: isoOrNull(p.ts),
    commandLine: p.commandLine,
    user: p.user,
    integrityLevel: p.integrityLevel,
  };
}
