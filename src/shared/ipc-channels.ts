/** Channel names used between the Electron main process and the preload; derived transports share them. */
export const ipcChannels = {
  invoke: 'sightline:invoke',
  cancel: 'sightline:cancel',
  progress: 'sightline:progress',
} as const;

/** The object the preload exposes as `window.sightline`. Plain functions only (contextBridge copies data). */
export interface SightlineBridge {
  invoke(name: string, input: unknown, jobId: string): Promise<{ ok: true; result: unknown } | { ok: false; error: unknown }>;
  cancel(jobId: string): Promise<void>;
  onProgress(jobId: string, listener: (progress: unknown) => void): () => void;
  /** The real path of a file the user picked or dropped, so the engine reads it in place. */
  pathForFile(file: File): string;
}
