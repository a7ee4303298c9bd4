import fs from 'node:fs';
import path from 'node:path';
import type { SaveTargetRequest } from '../shared/ipc-channels.js';
import type { FileRef } from '../shared/types.js';
import type { FileAccessLike } from './ipc.js';

export interface FileGrantsLike {
  grantPath(file: string, access: 'read' | 'write', name?: string): FileRef;
}

/** Electron's save dialog, reduced to what is used here (a stand-in in tests). */
export type SaveDialog = (options: { defaultPath: string; filters: { name: string; extensions: string[] }[] }) => Promise<{ canceled: boolean; filePath?: string | undefined }>;

/** Folders no picked file may come from: the kernel's views of processes and devices. */
const SYSTEM_ROOTS = ['/proc', '/sys', '/dev'];

/**
 * The desktop's side of "the page names no paths". Files arrive as the user
 * picked or dropped them: the preload reads their paths (the page cannot forge
 * a File that has one), and main grants exactly those. A renderer process that
 * is itself compromised could still send paths over this channel, so main also
 * refuses what a user never picks for an import: anything in the data home (the
 * token file, other cases), devices, sockets and the kernel's /proc, /sys, /dev.
 * Save targets come only from the native dialog main itself shows.
 */
export function createFileAccess(files: FileGrantsLike, dataHome: string, showSaveDialog: SaveDialog, defaultDir: () => string): FileAccessLike {
  const home = realpathOr(path.resolve(dataHome));
  return {
    grantPicked(paths) {
      return paths.map((p) => {
        const problem = pickedFileProblem(p, home);
        if (problem) throw new Error(problem);
        return files.grantPath(p, 'read', path.basename(p));
      });
    },
    async chooseSaveTarget(request: SaveTargetRequest) {
      const safeName = [...path.basename(request.suggestedName)].map((c) => (c < ' ' || '\\/:*?"<>|'.includes(c) ? '_' : c)).join('') || 'export';
      const r = await showSaveDialog({ defaultPath: path.join(defaultDir(), safeName), filters: [request.filter] });
      if (r.canceled || !r.filePath) return null;
      return files.grantPath(r.filePath, 'write', r.filePath);
    },
  };
}

/** Why a path handed over as "picked by the user" is refused, or null. */
export function pickedFileProblem(p: string, dataHome: string): string | null {
  if (p === '' || !path.isAbsolute(p)) return 'not a file the user picked (no path)';
  let real: string;
  let st: fs.Stats;
  try {
    real = fs.realpathSync(p);
    st = fs.statSync(real);
  } catch {
    return `${path.basename(p)} cannot be read`;
  }
  if (!st.isFile() && !st.isDirectory()) return `${path.basename(p)} is not a regular file or folder`;
  if (SYSTEM_ROOTS.some((root) => real === root || real.startsWith(root + path.sep))) return `${path.basename(p)} is a system file, not a log`;
  if (real === dataHome || real.startsWith(dataHome + path.sep)) return `${path.basename(p)} is inside Sightline's own data folder`;
  return null;
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}
