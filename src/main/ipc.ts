import { z } from 'zod';
import { ipcChannels, type SaveTargetRequest } from '../shared/ipc-channels.js';
import type { DispatchResult } from '../shared/dispatch.js';
import type { FileRef } from '../shared/types.js';

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

/** The desktop's file access (file-access.ts): grants for what the user picked, the save dialog. */
export interface FileAccessLike {
  grantPicked(paths: readonly string[]): FileRef[];
  chooseSaveTarget(request: SaveTargetRequest): Promise<FileRef | null>;
}

const pickedPaths = z.array(z.string().max(4096)).max(1000);
const saveRequest = z.object({
  suggestedName: z.string().min(1).max(255),
  filter: z.object({ name: z.string().min(1).max(60), extensions: z.array(z.string().regex(/^[A-Za-z0-9.]{1,16}$/)).min(1).max(8) }),
});

/**
 * Every contract operation over one generic channel: the engine validates
 * the name and input against the contract, so nothing here is per-operation.
 * Two more channels hand over files the user chose. Calls from any frame but
 * our own page are refused, and so are calls whose frame is unknown (gone, or
 * not reported): the check fails closed.
 */
export function registerIpc(ipcMain: IpcMainLike, engine: EngineLike, files: FileAccessLike, isTrustedUrl: (url: string) => boolean): () => void {
  const trusted = (event: IpcEventLike) => !!event.senderFrame && isTrustedUrl(event.senderFrame.url);
  const refused = { ok: false, error: { code: 'UNAUTHORIZED', message: 'IPC from an unknown or untrusted frame' } } as const;

  ipcMain.handle(ipcChannels.invoke, async (event, name, input, jobId) => {
    if (!trusted(event)) return refused;
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
  ipcMain.handle(ipcChannels.grantFiles, (event, paths) => {
    if (!trusted(event)) throw new Error(refused.error.message);
    return files.grantPicked(pickedPaths.parse(paths));
  });
  ipcMain.handle(ipcChannels.chooseSaveTarget, (event, request) => {
    if (!trusted(event)) throw new Error(refused.error.message);
    return files.chooseSaveTarget(saveRequest.parse(request));
  });
  return () => {
    for (const channel of [ipcChannels.invoke, ipcChannels.cancel, ipcChannels.grantFiles, ipcChannels.chooseSaveTarget]) ipcMain.removeHandler(channel);
  };
}
