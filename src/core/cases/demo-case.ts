import fs from 'node:fs';
import path from 'node:path';

export const DEMO_CASE_NAME = 'Demo: LSASS dump over Metasploit C2 (OTRF)';

/**
 * The files of the bundled demo case: real exports of one attack (see
 * resources/demo/NOTICE.md), imported into a fresh case on first start so a
 * new user sees a real graph at once. Data files only, in a stable order.
 */
export function demoFiles(resourcesDir: string): string[] {
  const dir = path.join(resourcesDir, 'demo');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => !/\.md$/i.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}
