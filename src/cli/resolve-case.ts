import type { Engine } from '../core/index.js';
import type { CaseSummary } from '../shared/types.js';
import { RemoteError } from '../shared/error-payload.js';

/** A case named on the command line by id or by name (names compare case-insensitively). */
export async function findCase(engine: Engine, ref: string): Promise<CaseSummary | undefined> {
  const cases = await engine.invoke('listCases', {});
  const lower = ref.toLowerCase();
  return cases.find((c) => c.id === ref) ?? cases.find((c) => c.name.toLowerCase() === lower);
}

export async function requireCase(engine: Engine, ref: string | undefined): Promise<CaseSummary> {
  if (ref === undefined) {
    const { startCaseId } = await engine.invoke('getAppInfo', {});
    if (startCaseId) return engine.invoke('openCase', { caseId: startCaseId });
    throw new RemoteError({ code: 'NOT_FOUND', message: 'no case yet: name one with --case NAME' });
  }
  const found = await findCase(engine, ref);
  if (!found) throw new RemoteError({ code: 'NOT_FOUND', message: `no case named "${ref}" (see: sightline cases)`, field: 'case' });
  return engine.invoke('openCase', { caseId: found.id });
}
