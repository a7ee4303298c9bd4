import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Fresh temp folders (fs.mkdtempSync under os.tmpdir()), removed by cleanup().
 * Call cleanup() from afterEach (after closing engines that use them).
 */
export class TempDirs {
  private readonly dirs: string[] = [];

  make(prefix = 'sightline-test-'): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  /** A file with the given content in a fresh temp folder. */
  file(name: string, content: string | Uint8Array): string {
    const file = path.join(this.make(), name);
    fs.writeFileSync(file, content);
    return file;
  }

  cleanup(): void {
    for (const dir of this.dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }
}
