import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './fixtures.js';

/** Compiles src/ to dist/ and bundles it into dist/bundle/ (what bin/sightline.js runs): npm run build:node. */
export function buildCli(): void {
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.node.json'], { cwd: repoRoot, stdio: 'pipe' });
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'bundle-node.js')], { cwd: repoRoot, stdio: 'pipe' });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/sightline.js ...args` with SIGHTLINE_HOME set; never throws on a non-zero exit. */
export function runCli(home: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, 'bin', 'sightline.js'), ...args],
      { cwd: repoRoot, env: { ...process.env, ...env, SIGHTLINE_HOME: home }, timeout: 60_000 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') return reject(err);
        resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
      },
    );
  });
}
