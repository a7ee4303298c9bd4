import path from 'node:path';
import type { ContentFacts, Violation } from './checks.js';
import type { HostReply } from './host-client.js';
import type { FuzzSeed } from './seeds.js';

/** One operation in the engine process; null when it hung or died (reported by the caller). */
type Ask = (name: string, input: Record<string, unknown>) => Promise<HostReply | null>;

export interface ReadBackContext {
  seed: FuzzSeed;
  file: string;
  facts: ContentFacts | null;
  caseId?: string | undefined;
  importId?: number | undefined;
  /** How many read-backs came before: every tenth intel one also exports, in turn each format. */
  n: number;
  work: string;
}

const EXPORT_FORMATS = ['bundle', 'csv', 'stix', 'misp'] as const;

interface GraphNode {
  id: string;
  kind: string;
}
interface QuarantineRow {
  file: string;
  line: number;
}

/**
 * After a mutant was imported, what it stored must still be readable: the
 * graph, the details of a node of each kind, the import list and its
 * quarantined records (naming the file, at lines it has); for intel, the
 * counts, the indicator table, the sources and, now and then, an export.
 */
export async function readBack(ask: Ask, ctx: ReadBackContext): Promise<Violation[]> {
  const violations: Violation[] = [];
  const read = async (name: string, input: Record<string, unknown>): Promise<unknown> => {
    const r = await ask(name, input);
    if (r && !r.ok) violations.push({ class: 'unreadable-after-import', via: 'engine', message: `${name}: ${r.error.code}: ${r.error.message}` });
    return r?.ok ? r.value : null;
  };
  if (ctx.seed.target === 'intel') {
    await read('intelStats', {});
    await read('intelIndicators', { limit: 200 });
    await read('intelSources', {});
    if (ctx.n % 10 === 0) {
      const format = EXPORT_FORMATS[(ctx.n / 10) % EXPORT_FORMATS.length] as string;
      await read('intelExport', { format, target: { $target: path.join(ctx.work, `export-${ctx.n}.${format}`) } });
    }
    return violations;
  }
  const caseId = ctx.caseId;
  const graph = (await read('getGraphView', { caseId })) as { nodes: GraphNode[] } | null;
  for (const kind of ['host', 'process', 'destination']) {
    const node = graph?.nodes.find((x) => x.kind === kind);
    if (node) await read('getEntityDetails', { caseId, nodeId: node.id, limit: 20 });
  }
  await read('listImports', { caseId });
  if (ctx.importId === undefined) return violations;
  const q = (await read('listQuarantine', { caseId, importId: ctx.importId, limit: 1000 })) as { rows: QuarantineRow[] } | null;
  for (const row of q?.rows ?? []) {
    if (row.file !== ctx.file) violations.push({ class: 'unnamed-error', via: 'engine', message: `a quarantined record names ${JSON.stringify(row.file)}` });
    const max = ctx.facts?.maxLine;
    if (max != null && (row.line < 1 || row.line > max)) {
      violations.push({ class: 'line-out-of-range', via: 'engine', message: `a quarantined record at line ${row.line}, the file has at most ${max}` });
      break;
    }
  }
  return violations;
}
