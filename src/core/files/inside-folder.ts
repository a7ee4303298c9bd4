import fs from 'node:fs';
import path from 'node:path';

/**
 * Whether `file` really lies inside `dir`, links resolved. A folder the user
 * chose (a MISP feed, an X archive) is read file by file; a link in it that
 * leads elsewhere (to /proc/self/environ, to the token file) is not part of it.
 */
export function insideFolder(dir: string, file: string): boolean {
  try {
    const real = fs.realpathSync(file);
    const root = fs.realpathSync(dir);
    return real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  } catch {
    return false;
  }
}
