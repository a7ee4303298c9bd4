import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { repoRoot } from '../helpers/fixtures.js';
import { TempDirs } from '../helpers/temp-dirs.js';

/*
 * Tests that read the shared corpus beside the repository skip without it, and
 * say so naming paths as the repository sees them (`../shared/corpus/…`),
 * the same on every machine. Proven on a copy of the repository in a temp
 * folder, which has no corpus beside it: its skip messages and test names
 * must not hold the copy's absolute path.
 */
const tmp = new TempDirs();
afterEach(() => tmp.cleanup());

/** The test files that read the corpus: every one that names `corpusDir`. */
function corpusTests(): string[] {
  const found: string[] = [];
  for (const dir of ['test/unit', 'test/integration']) {
    for (const name of fs.readdirSync(path.join(repoRoot, dir))) {
      if (name.endsWith('.test.ts') && fs.readFileSync(path.join(repoRoot, dir, name), 'utf8').includes('corpusDir')) found.push(`${dir}/${name}`);
    }
  }
  return found.sort();
}

interface JsonReport {
  testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[];
}

it('corpus tests skip without the corpus, naming it ../shared/corpus, never by an absolute path', async () => {
  const files = corpusTests();
  expect(files.length).toBeGreaterThanOrEqual(7);

  const copy = path.join(tmp.make('sightline-no-corpus-'), 'repo');
  fs.mkdirSync(copy);
  for (const entry of ['src', 'test', 'package.json', 'vitest.config.ts']) fs.cpSync(path.join(repoRoot, entry), path.join(copy, entry), { recursive: true });
  for (const entry of ['node_modules', 'resources']) fs.symlinkSync(path.join(repoRoot, entry), path.join(copy, entry));
  const report = path.join(copy, 'report.json');

  // Collected, not run: every test is left out by name, so only the skip messages and test names show.
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', copy, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, '--testNamePattern=^no test has this name$', '--passWithNoTests', ...files],
      { cwd: copy, timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stdout}${stderr}`)) : resolve(`${stdout}${stderr}`)),
    );
  });

  const names = (JSON.parse(fs.readFileSync(report, 'utf8')) as JsonReport).testResults.flatMap((f) => f.assertionResults.map((a) => a.fullName));
  const absolute = /(^|[\s(`'"])\/[^\s]*shared\/corpus/;
  const skipLines = output.split('\n').filter((l) => /skip|absent/i.test(l) && l.includes('shared/corpus'));
  expect(skipLines.length).toBeGreaterThanOrEqual(files.length);
  expect(skipLines.filter((l) => !/\.\.\/shared\/corpus\b/.test(l))).toEqual([]);
  expect(names.length).toBeGreaterThan(0);
  for (const text of [...skipLines, ...names]) {
    expect(text).not.toMatch(absolute);
    expect(text).not.toContain(copy);
  }
}, 150_000);
