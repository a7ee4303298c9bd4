import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A new case is built under a hidden name and then put in place whole, so no
 * one (another process listing cases, the app) ever sees a case without its
 * tables or its name, and two processes creating the same case cannot both
 * get it. What a crash leaves behind keeps its hidden name and is swept later.
 */
const STAGED = /^\.creating-[0-9a-f-]{36}\.sqlite(-wal|-shm|-journal)?$/;
/** Creating a case takes milliseconds: a staged file this old belongs to a process that died. */
const STALE_AFTER_MS = 10 * 60_000;
const SIDE_FILES = ['', '-wal', '-shm', '-journal'];

export function stagedCaseFile(dir: string): string {
  return path.join(dir, `.creating-${crypto.randomUUID()}.sqlite`);
}

/**
 * Puts the finished (closed) file `staged` at `target` unless a file is
 * already there; true when it did. A hard link is the atomic "create if
 * absent" a rename is not.
 */
export function publishCaseFile(staged: string, target: string): boolean {
  try {
    fs.linkSync(staged, target);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
  }
  // A filesystem without hard links (FAT, some network shares): check, then
  // rename. Only two processes creating the same case within the same
  // moment can both pass the check there.
  if (fs.existsSync(target)) return false;
  fs.renameSync(staged, target);
  return true;
}

export function removeStagedCaseFile(staged: string): void {
  for (const suffix of SIDE_FILES) fs.rmSync(`${staged}${suffix}`, { force: true });
}

/** Removes what creations that died midway left behind. */
export function sweepStaleStagedFiles(dir: string, now = Date.now()): void {
  for (const name of fs.readdirSync(dir)) {
    if (!STAGED.test(name)) continue;
    const file = path.join(dir, name);
    try {
      if (now - fs.statSync(file).mtimeMs > STALE_AFTER_MS) fs.rmSync(file, { force: true });
    } catch {
      // Gone already: another process swept it.
    }
  }
}
