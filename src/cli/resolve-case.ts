import type { Engine } from '../core/index.js';
import type { CaseSummary } from '../shared/types.js';
import { sameCaseName } from '../shared/case-name.js';
import { RemoteError } from '../shared/error-payload.js';

/** A case named on the command line by id or by name (names compare case-insensitively). */
export async function findCase(engine: Engine, ref: string): Promise<CaseSummary | undefined> {
  const cases = await engine.invoke('listCases', {});
  return cases.find((c) => c.id === ref) ?? cases.find((c) => sameCaseName(c.name, ref));
}

export async function requireCase(engine: Engine, ref: string | undefined): Promise<CaseSummary> {
  if (ref === undefined) {
    const { caseId } = await engine.invoke('getStartCase', {});
    if (caseId) return engine.invoke('openCase', { caseId });
    throw new RemoteError({ code: 'NOT_FOUND', message: 'no case yet: name one with --case NAME' });
  }
  const found = await findCase(engine, ref);
  if (!found) throw new RemoteError({ code: 'NOT_FOUND', message: `no case named "${ref}" (see: sightline cases)`, field: 'case' });
  return engine.invoke('openCase', { caseId: found.id });
}

/**
 * The case `--case NAME` names, created when there is none. Another command
 * may create it at the same moment (two imports into a new case at once):
 * then its creation fails as "already exists" and the one just made is used,
 * so both imports land in one case.
 */
export async function findOrCreateCase(engine: Engine, ref: string): Promise<{ summary: CaseSummary; created: boolean }> {
  const existing = await findCase(engine, ref);
  if (existing) return { summary: existing, created: false };
  try {
    return { summary: await engine.invoke('createCase', { name: ref }), created: true };
  } catch (err) {
    const made = await findCase(engine, ref);
    if (made) return { summary: made, created: false };
    throw err;
  }
}
