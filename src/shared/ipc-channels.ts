import type { FileRef } from './types.js';

/** Channel names used between the Electron main process and the preload; derived transports share them. */
export const ipcChannels = {
  invoke: 'sightline:invoke',
  cancel: 'sightline:cancel',
  progress: 'sightline:progress',
  /** Paths of files the user dropped or picked in the page, read by the preload: main grants them (file-grants). */
  grantFiles: 'sightline:grant-files',
  /** The native save dialog: main grants the chosen file for writing. */
  chooseSaveTarget: 'sightline:choose-save-target',
} as const;

/** What the save dialog offers: a suggested name and the extensions of the format. */
export interface SaveTargetRequest {
  suggestedName: string;
  /** e.g. { name: 'CSV', extensions: ['csv'] } */
  filter: { name: string; extensions: string[] };
}

/** The object the preload exposes as `window.sightline`. Plain functions only (contextBridge copies data). */
export interface SightlineBridge {
  invoke(name: string, input: unknown, jobId: string): Promise<{ ok: true; result: unknown } | { ok: false; error: unknown }>;
  cancel(jobId: string): Promise<void>;
  onProgress(jobId: string, listener: (progress: unknown) => void): () => void;
  /**
   * Hands files the user picked or dropped to the engine and answers their ids.
   * The page never sees a path: the preload reads each File's path, and main
   * grants exactly those files.
   */
  grantFiles(files: readonly File[]): Promise<FileRef[]>;
  /** Asks where to save (the native dialog); null when the user cancels. */
  chooseSaveTarget(request: SaveTargetRequest): Promise<FileRef | null>;
}
