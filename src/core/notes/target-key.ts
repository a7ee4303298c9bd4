import { noteTargetSchema, type NoteTarget } from '../../shared/notes-types.js';
import { InvalidInputError } from '../errors/index.js';
import { parseNodeId } from '../graph/node-id.js';

/** A target as the notes and tags tables hold it: one key, and the same in parts for joining findings. */
export interface TargetColumns {
  target: string;
  kind: 'node' | 'finding';
  node_id: string | null;
  host: string | null;
  /** '' for a finding without a process, as in the findings table. */
  image: string | null;
  dst_ip: string | null;
  /** -1 for a finding about every port, as in the findings table. */
  dst_port: number | null;
}

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

/** The columns to store for a target, after checking that a node target names a host, a process or a destination. */
export function targetColumns(t: NoteTarget, field = 'target'): TargetColumns {
  if (t.kind === 'node') {
    if (!parseNodeId(t.nodeId)) throw new InvalidInputError(`"${t.nodeId.slice(0, 80)}" is not a host, process or destination node id (host:…, process:HOST|IMAGE, ip:…)`, { field: `${field}.nodeId` });
    return { target: targetKey(t), kind: 'node', node_id: t.nodeId, host: null, image: null, dst_ip: null, dst_port: null };
  }
  return { target: targetKey(t), kind: 'finding', node_id: null, host: t.host, image: t.process ?? '', dst_ip: t.dst, dst_port: t.dport ?? -1 };
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
