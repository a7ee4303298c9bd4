import { ipcChannels, type SightlineBridge } from '../shared/ipc-channels.js';
import type { FileRef } from '../shared/types.js';

/** The parts of ipcRenderer and webUtils the bridge uses (stand-ins in tests). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
}

/**
 * The whole surface the page gets: call an operation, cancel it, hear its
 * progress, hand over files the user chose, ask where to save. No raw
 * ipcRenderer, and no path ever reaches the page: `pathForFile` runs here, in
 * the preload's isolated world, and is empty for any File the user did not
 * pick or drop.
 */
export function createBridge(ipcRenderer: IpcRendererLike, pathForFile: (file: File) => string): SightlineBridge {
  return {
    invoke: (name, input, jobId) => ipcRenderer.invoke(ipcChannels.invoke, name, input, jobId) as ReturnType<SightlineBridge['invoke']>,
    cancel: async (jobId) => {
      await ipcRenderer.invoke(ipcChannels.cancel, jobId);
    },
    onProgress(jobId, listener) {
      const handler = (_event: unknown, id: unknown, progress: unknown) => {
        if (id === jobId) listener(progress);
      };
      ipcRenderer.on(ipcChannels.progress, handler as (event: unknown, ...args: unknown[]) => void);
      return () => ipcRenderer.removeListener(ipcChannels.progress, handler as (event: unknown, ...args: unknown[]) => void);
    },
    grantFiles: (files) => ipcRenderer.invoke(ipcChannels.grantFiles, Array.from(files, (f) => pathForFile(f))) as Promise<FileRef[]>,
    chooseSaveTarget: (request) => ipcRenderer.invoke(ipcChannels.chooseSaveTarget, request) as Promise<FileRef | null>,
  };
}
