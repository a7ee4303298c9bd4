import { z } from 'zod';
import { caseIdSchema } from '../types.js';

/** One operation of the contract (shared/contract.ts): its input, output, progress when it is a job, and where it runs. */
export interface OperationSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, P extends z.ZodType | undefined = z.ZodType | undefined> {
  readonly input: I;
  readonly output: O;
  readonly progress?: P;
  readonly summary: string;
  /** Runs in the engine's job worker, off the serving thread (see contract.ts). */
  readonly heavy?: true;
}

export function op<I extends z.ZodType, O extends z.ZodType, P extends z.ZodType | undefined = undefined>(spec: OperationSpec<I, O, P>) {
  return spec;
}

/** The input of an operation about one case and nothing else. */
export const caseRef = z.object({ caseId: caseIdSchema });
