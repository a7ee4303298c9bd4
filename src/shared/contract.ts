import type { z } from 'zod';
import { analysisOps } from './operations/analysis-ops.js';
import { caseOps } from './operations/case-ops.js';
import { graphOps } from './operations/graph-ops.js';
import { intelOps } from './operations/intel-ops.js';
import type { OperationSpec } from './operations/op.js';

export type { OperationSpec } from './operations/op.js';

/**
 * The one API contract. Every operation is declared once, in its domain's
 * list (`operations/*-ops.ts`, each entry written with `op`), and this object
 * joins the lists; Electron IPC, the browser host's HTTP routes, the
 * renderer's client and the contract test are all derived from it. Adding an
 * operation = one entry in its domain's list plus its handler in
 * `src/core/engine.ts` (or a domain module it composes).
 *
 * `progress`, when present, makes the operation a job: it may stream progress
 * events, and it can be cancelled by its caller.
 *
 * `heavy: true` marks the operations that write or scan a lot (imports,
 * removals, analysis, intel imports, syncs and exports): the engine runs
 * them in its job worker thread, never on the thread that serves the UI
 * (core/jobs/job-thread.ts). Everything else answers on the serving thread.
 */
export const contract = { ...caseOps, ...graphOps, ...intelOps, ...analysisOps } as const;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export const operationNames = Object.keys(contract) as OperationName[];

export type InputOf<N extends OperationName> = z.input<Contract[N]['input']>;
export type ParsedInputOf<N extends OperationName> = z.output<Contract[N]['input']>;
export type OutputOf<N extends OperationName> = z.output<Contract[N]['output']>;
export type ProgressOf<N extends OperationName> = NonNullable<Contract[N]['progress']> extends infer P extends z.ZodType ? z.output<P> : never;

export function isJob(name: OperationName): boolean {
  return contract[name].progress !== undefined;
}

/** Whether the operation runs in the engine's job worker (`heavy` in its entry). */
export function isHeavy(name: OperationName): boolean {
  return (contract[name] as OperationSpec).heavy === true;
}

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
