import fs from 'node:fs';
import path from 'node:path';
import { resourcesDir } from '../helpers/fixtures.js';
import type { ImportHost } from './host-client.js';
import type { FuzzSeed } from './seeds.js';

/** Imports into one case before it is replaced, so cases stay small and imports stay fast. */
const IMPORTS_PER_CASE = 25;

/** The input that imports `file` as `seed` is imported (its mapping and time zone). */
export function importInput(seed: FuzzSeed, file: string, caseId?: string): Record<string, unknown> {
  const source = { $source: file };
  if (seed.target === 'intel') return { sources: [source] };
  return { caseId, sources: [source], ...(seed.mapping ? { mapping: seed.mapping } : {}), ...(seed.timezone ? { timezone: seed.timezone } : {}) };
}

export interface SeedCase {
  caseId: string;
  name: string;
  imports: number;
}

/**
 * The data home the engine process imports mutants into: one case per seed
 * holding the original file (so a failed import has something to leave
 * untouched), replaced after IMPORTS_PER_CASE imports; the IoC store holds
 * the original of every intel seed used. A new home after `rotateEvery`
 * mutants, or after the engine process was killed.
 */
export class FuzzHome {
  readonly dir: string;
  mutants = 0;
  private readonly cases = new Map<string, SeedCase>();
  private readonly intelBases = new Set<string>();
  private caseCount = 0;

  constructor(
    parent: string,
    private readonly host: ImportHost,
    readonly label: string,
  ) {
    this.dir = fs.mkdtempSync(path.join(parent, `${label}-`));
  }

  async open(): Promise<void> {
    await this.host.call({ op: 'open', home: this.dir, resourcesDir });
  }

  /** The case a mutant of `seed` goes into (a fresh one holding the original when the last is full). */
  async caseFor(seed: FuzzSeed): Promise<SeedCase> {
    let c = this.cases.get(seed.id);
    if (!c || c.imports >= IMPORTS_PER_CASE) {
      const name = `fuzz ${++this.caseCount}`;
      const created = await this.host.call<{ id: string }>({ op: 'invoke', name: 'createCase', input: { name } });
      c = { caseId: created.id, name, imports: 0 };
      await this.importOriginal(seed, c.caseId);
      this.cases.set(seed.id, c);
    }
    return c;
  }

  /** The IoC store holds `seed`'s original before its first mutant. */
  async intelBase(seed: FuzzSeed): Promise<void> {
    if (this.intelBases.has(seed.id)) return;
    await this.importOriginal(seed);
    this.intelBases.add(seed.id);
  }

  caseFile(caseId: string): string {
    return path.join(this.dir, 'cases', `${caseId}.sqlite`);
  }

  get intelFile(): string {
    return path.join(this.dir, 'intel.sqlite');
  }

  private async importOriginal(seed: FuzzSeed, caseId?: string): Promise<void> {
    const name = seed.target === 'intel' ? 'intelImport' : 'importFiles';
    const r = await this.host.call<{ files: { status: string; error?: string }[] }>({ op: 'invoke', name, input: importInput(seed, seed.path, caseId) });
    const f = r.files[0];
    if (f?.status !== 'imported' && f?.status !== 'duplicate') throw new Error(`the original ${seed.id} does not import: ${f?.status} ${f?.error ?? ''}`);
  }
}
