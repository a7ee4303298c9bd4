import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineHarness, caseFile } from '../helpers/engine.js';
import { fixtures } from '../helpers/fixtures.js';

const h = new EngineHarness();
afterAll(() => h.close());
const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe.skipIf(process.platform === 'win32')('the data home is its owner’s only', () => {
  it('creates the home and cases folders 0700 and every database file 0600, whatever the umask', async () => {
    const before = process.umask(0o022);
    try {
      const home = path.join(h.tmp.make(), 'fresh-home');
      const engine = h.engine({ home });
      const caseId = (await engine.invoke('createCase', { name: 'private' })).id;
      await engine.invoke('importFiles', { caseId, sources: [engine.files.source(fixtures.zeekTsv)] });
      expect([mode(home), mode(engine.layout.casesDir)]).toEqual([0o700, 0o700]);
      const files = [engine.layout.homeDb, caseFile(engine, caseId)].flatMap((f) => [f, `${f}-wal`, `${f}-shm`, `${f}.lock`]).filter((f) => fs.existsSync(f));
      expect(files.length).toBeGreaterThanOrEqual(4);
      // The case's job lock (db/job-lock.ts) is among them: the import took it.
      expect(files).toContain(`${caseFile(engine, caseId)}.lock`);
      for (const f of files) expect(mode(f), path.basename(f)).toBe(0o600);
    } finally {
      process.umask(before);
    }
  });

  it('tightens a home an older version left readable by others', () => {
    const home = h.tmp.make();
    fs.chmodSync(home, 0o755);
    fs.writeFileSync(path.join(home, 'intel.sqlite'), '');
    fs.chmodSync(path.join(home, 'intel.sqlite'), 0o644);
    const engine = h.engine({ home });
    expect([mode(home), mode(engine.layout.homeDb)]).toEqual([0o700, 0o600]);
  });
});
