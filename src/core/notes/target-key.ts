import { noteTargetSchema, type NoteTarget } from '../../shared/notes-types.js';
import { InvalidInputError } from '../errors/index.js';
import { parseNodeId } from '../graph/node-id.js';

/**
 * The one string a target is stored and compared by. JSON, so no host name or
 * image path (hostile text from the logs) can make two targets share a key.
 */
export function targetKey(t: NoteTarget): string {
  return t.kind === 'node' ? JSON.stringify(['node', t.nodeId]) : JSON.stringify(['finding', t.host, t.process ?? '', t.dst, t.dport ?? -1]);
}

/** The key of a graph node's target. */
export function nodeKey(nodeId: string): string {
  return targetKey({ kind: 'node', nodeId });
}

/** The key to store a target under, after checking that a node target names a host, a process or a destination. */
export function checkTarget(t: NoteTarget, field = 'target'): string {
  if (t.kind === 'node' && !parseNodeId(t.nodeId)) {
    throw new InvalidInputError(`"${t.nodeId.slice(0, 80)}" is not a host, process or destination node id (host:…, process:HOST|IMAGE, ip:…)`, { field: `${field}.nodeId` });
  }
  return targetKey(t);
}

/** The target back from its stored key (checked: a hand-edited case file is as hostile as an import). */
export function targetFromKey(key: string): NoteTarget {
  const parts = JSON.parse(key) as unknown[];
  const target: unknown =
    parts[0] === 'node'
      ? { kind: 'node', nodeId: parts[1] }
      : { kind: 'finding', host: parts[1], process: parts[2] === '' ? null : parts[2], dst: parts[3], dport: parts[4] === -1 ? null : parts[4] };
  return noteTargetSchema.parse(target);
}
