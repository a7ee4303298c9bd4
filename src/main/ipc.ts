import { ipcChannels } from '../shared/ipc-channels.js';
import type { DispatchResult } from '../shared/dispatch.js';

/** What the IPC wiring needs from Electron's ipcMain, so it can be tested with a stand-in. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcEventLike {
  sender: { send(channel: string, ...args: unknown[]): void; isDestroyed?(): boolean };
  senderFrame?: { url: string } | null;
}

export interface EngineLike {
  call(name: string, input: unknown, options: { jobId?: string; onProgress?: (p: unknown) => void }): Promise<DispatchResult>;
  jobs: { cancel(jobId: string): boolean };
}

/**
 * Every contract operation over one generic channel: the engine validates
 * the name and input against the contract, so nothing here is per-operation.
 * Calls from any frame but our own page are refused.
 */
export function registerIpc(ipcMain: IpcMainLike, engine: EngineLike, isTrustedUrl: (url: string) => boolean): () => void {
  const trusted = (event: IpcEventLike) => !event.senderFrame || isTrustedUrl(event.senderFrame.url);

  ipcMain.handle(ipcChannels.invoke, async (event, name, input, jobId) => {
    if (!trusted(event)) return { ok: false, error: { code: 'UNAUTHORIZED', message: 'IPC from an untrusted frame' } };
    if (typeof name !== 'string' || typeof jobId !== 'string' || jobId.length > 64) {
      return { ok: false, error: { code: 'INVALID_INPUT', message: 'malformed IPC call' } };
    }
    return engine.call(name, input, {
      jobId,
      onProgress: (p) => {
        if (!event.sender.isDestroyed?.()) event.sender.send(ipcChannels.progress, jobId, p);
      },
    });
  });
  ipcMain.handle(ipcChannels.cancel, (event, jobId) => {
    if (trusted(event) && typeof jobId === 'string') engine.jobs.cancel(jobId);
  });
  return () => {
    ipcMain.removeHandler(ipcChannels.invoke);
    ipcMain.removeHandler(ipcChannels.cancel);
  };
}
