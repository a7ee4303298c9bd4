import fs from 'node:fs';
import { ensureFolder } from '../output-file.js';

/**
 * The data home holds cases (hostile logs, findings), the IoC store and the X
 * token file: readable by its owner only, whatever the umask. SQLite gives a
 * database's -wal and -shm files the database file's own permissions, so
 * creating the file 0600 before SQLite opens it covers all three.
 */
export function ensurePrivateDir(dir: string): void {
  ensureFolder(dir, 0o700);
  tighten(dir, 0o700);
}

/** Creates `file` empty and owner-only when it does not exist yet; an existing file is tightened if it is ours. */
export function ensurePrivateFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return;
    tighten(file, 0o600);
  }
}

function tighten(target: string, mode: number): void {
  if (process.platform === 'win32') return; // ACLs, not mode bits: the per-user app-data folder is private already.
  try {
    const st = fs.statSync(target);
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return;
    if ((st.mode & 0o777) !== mode) fs.chmodSync(target, mode);
  } catch {
    // Not ours to change (a read-only mount): the open that follows reports any real problem.
  }
}
