import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FileRef } from '../../shared/types.js';
import { NotFoundError } from '../errors/index.js';
import { SpoolDir, type SpoolLimits } from './spool-dir.js';

export type FileAccess = 'read' | 'write';

interface Grant {
  access: FileAccess;
  /** Absolute path of the file (or folder) the engine may open. */
  file: string;
  /** What results and messages call it. */
  name: string;
  /** Set for files the engine owns (uploads, downloads): deleted when the grant ends. */
  spool: SpoolDir | null;
  bytes: number | null;
  usedAt: number;
}

export interface FileGrantsOptions {
  uploadsDir: string;
  downloadsDir: string;
  uploadLimits: SpoolLimits;
  /** A spooled file no call has touched for this long is removed (a page closed mid-import leaves its uploads). */
  idleMs?: number;
  now?: () => number;
}

/**
 * What operations use of the grants: the serving engine's FileGrants, or in
 * the job worker the same calls answered by it (jobs/serving-line.ts).
 */
export type GrantedFiles = Pick<FileGrants, 'read' | 'write' | 'consumed' | 'newDownload' | 'release'>;

const DEFAULT_IDLE_MS = 60 * 60 * 1000;

/**
 * The files the engine may touch, by opaque id. Callers of the contract never
 * name a path: a host grants exactly the files its user chose — the CLI the
 * paths on its command line, the desktop main process what the native dialog
 * or a drop handed it, the browser host the bytes the page uploaded — and
 * passes the ids on. Operations then read or write only through `read()` and
 * `write()`, so an id for one purpose cannot be used for another, and a
 * caller with no grant reaches nothing.
 */
export class FileGrants {
  private readonly grants = new Map<string, Grant>();
  private readonly uploads: SpoolDir;
  private readonly downloads: SpoolDir;
  private readonly idleMs: number;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: FileGrantsOptions) {
    this.uploads = new SpoolDir(options.uploadsDir);
    this.downloads = new SpoolDir(options.downloadsDir);
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => this.sweepIdle(), Math.min(this.idleMs, 5 * 60 * 1000));
    this.sweeper.unref();
  }

  /** For trusted hosts only (the CLI's arguments, the desktop's dialogs): lets operations use this path. */
  grantPath(file: string, access: FileAccess, name?: string): FileRef {
    // The file itself, links resolved now: a link swapped afterwards does not redirect the grant.
    const shown = name ?? path.resolve(file);
    const absolute = realPath(path.resolve(file));
    const id = this.uploads.newId();
    let bytes: number | null = null;
    try {
      const st = fs.statSync(absolute);
      if (st.isFile()) bytes = st.size;
    } catch {
      // Missing files are granted too: the operation reports them with the file's name.
    }
    this.grants.set(id, { access, file: absolute, name: shown, spool: null, bytes, usedAt: this.now() });
    return { fileId: id, name: shown, bytes };
  }

  /** The read grant for a path, as an operation's source (`{ fileId }`): what the CLI passes for each file it is given. */
  source(file: string): { fileId: string } {
    return { fileId: this.grantPath(file, 'read').fileId };
  }

  /** The write grant for a path, as an export's target: what the CLI passes for --out. */
  target(file: string): { fileId: string } {
    return { fileId: this.grantPath(file, 'write').fileId };
  }

  /** A file the browser uploaded: stored owner-only, within the size and disk-space limits, readable once granted. */
  async receiveUpload(body: Readable, name: string, declaredBytes: number): Promise<FileRef> {
    const { id, bytes } = await this.uploads.receive(body, declaredBytes, this.options.uploadLimits, `"${name}"`);
    this.grants.set(id, { access: 'read', file: this.uploads.pathOf(id), name, spool: this.uploads, bytes, usedAt: this.now() });
    return { fileId: id, name, bytes };
  }

  /** A new file in the downloads folder, writable by an export, then fetched once by the browser host (`takeDownload`). */
  newDownload(name: string): FileRef {
    const id = this.downloads.newId();
    this.grants.set(id, { access: 'write', file: this.downloads.pathOf(id), name, spool: this.downloads, bytes: null, usedAt: this.now() });
    return { fileId: id, name, bytes: null };
  }

  read(fileId: string): { file: string; name: string } {
    return this.use(fileId, 'read');
  }

  write(fileId: string): { file: string; name: string } {
    return this.use(fileId, 'write');
  }

  /** An import is over: an uploaded copy is no longer needed. Files granted by path stay granted. */
  consumed(fileId: string): void {
    const g = this.grants.get(fileId);
    if (g?.spool === this.uploads) this.release(fileId);
  }

  /**
   * A finished download, handed over once: the grant ends at once (a second
   * request finds nothing), the caller streams the file, and `done()` deletes
   * it. Null when the id is not a download.
   */
  takeDownload(fileId: string): { stream: fs.ReadStream; name: string; bytes: number; done(): void } | null {
    const g = this.grants.get(fileId);
    if (!g || g.spool !== this.downloads) return null;
    this.grants.delete(fileId);
    let fd: number;
    try {
      fd = fs.openSync(g.file, 'r');
    } catch {
      g.spool.remove(fileId);
      return null;
    }
    const bytes = fs.fstatSync(fd).size;
    const spool = g.spool;
    return { stream: fs.createReadStream('', { fd }), name: g.name, bytes, done: () => spool.remove(fileId) };
  }

  release(fileId: string): boolean {
    const g = this.grants.get(fileId);
    if (!g) return false;
    this.grants.delete(fileId);
    if (g.spool) g.spool.remove(fileId);
    return true;
  }

  /** Removes every file this engine spooled and forgets every grant. */
  close(): void {
    clearInterval(this.sweeper);
    for (const id of [...this.grants.keys()]) this.release(id);
  }

  /** Spooled files untouched for `idleMs`. */
  sweepIdle(): number {
    const cutoff = this.now() - this.idleMs;
    let removed = 0;
    for (const [id, g] of this.grants) {
      if (g.spool && g.usedAt < cutoff) {
        this.release(id);
        removed += 1;
      }
    }
    return removed;
  }

  private use(fileId: string, access: FileAccess): { file: string; name: string } {
    const g = this.grants.get(fileId);
    if (!g || g.access !== access) {
      throw new NotFoundError(
        access === 'read'
          ? 'that file is not available: choose it again (uploaded copies are removed once imported, or after an hour unused)'
          : 'that save target is not available: choose where to save again',
        { field: 'fileId' },
      );
    }
    g.usedAt = this.now();
    return { file: g.file, name: g.name };
  }
}

/** `p` with links resolved (of its folder, when `p` itself does not exist yet), or `p` when nothing resolves. */
function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    try {
      return path.join(fs.realpathSync(path.dirname(p)), path.basename(p));
    } catch {
      return p;
    }
  }
}
