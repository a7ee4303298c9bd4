import fs from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { startHttpHost, type HttpHost } from '../../src/cli/serve/http-host.js';
import type { Engine } from '../../src/core/engine.js';
import { createFileAccess } from '../../src/main/file-access.js';
import { registerIpc, type IpcEventLike, type IpcMainLike } from '../../src/main/ipc.js';
import { createBridge, type IpcRendererLike } from '../../src/preload/bridge.js';
import { createHttpTransport } from '../../src/renderer/transport/http-transport.js';
import { createIpcTransport } from '../../src/renderer/transport/ipc-transport.js';
import { createClient, type Client } from '../../src/shared/client.js';
import type { SightlineBridge } from '../../src/shared/ipc-channels.js';
import type { FileRef } from '../../src/shared/types.js';
import type { TempDirs } from './temp-dirs.js';

export interface TransportUnderTest {
  client: Client;
  close(): Promise<void>;
}

export interface HttpUnderTest extends TransportUnderTest {
  host: HttpHost;
  /** The session token a sign-in link gave (sent as `Authorization: Bearer`). */
  token: string;
  upload(file: Blob, name: string): Promise<FileRef>;
}

/** Does what the page does with a sign-in link: trades its one-time code (`#code=…`) for a session token. */
export async function signIn(host: HttpHost): Promise<string> {
  const code = new URLSearchParams(new URL(host.newSignInUrl()).hash.slice(1)).get('code');
  const res = await fetch(`${host.origin}/api/session`, { method: 'POST', body: JSON.stringify({ code }) });
  const body = (await res.json()) as { result?: { token?: string } };
  if (res.status !== 200 || !body.result?.token) throw new Error(`sign-in failed: HTTP ${res.status}`);
  return body.result.token;
}

/** The browser host on a free port, serving a stub renderer, and a client over its HTTP transport, signed in. */
export async function httpTransport(engine: Engine, tmp: TempDirs): Promise<HttpUnderTest> {
  const rendererDir = tmp.make('sightline-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Sightline test page</title>');
  const host = await startHttpHost({ engine, rendererDir, port: 0 });
  const token = await signIn(host);
  const transport = createHttpTransport({ baseUrl: host.origin, token });
  return { client: createClient(transport), host, token, upload: transport.upload, close: () => host.close() };
}

export interface FakeIpc {
  ipcMain: IpcMainLike;
  ipcRenderer: IpcRendererLike;
  /** Channels with a handler registered. */
  channels(): string[];
  /** Listener count per channel, to check the bridge unsubscribes. */
  listenerCount(channel: string): number;
}

/**
 * Stand-ins for Electron's ipcMain and ipcRenderer joined in one process:
 * invoke() runs the handler registered for the channel with a fake event whose
 * sender.send() reaches the listeners registered with on(). Arguments and
 * replies are structured-cloned, as Electron does.
 */
export function fakeIpc(senderFrameUrl?: string): FakeIpc {
  const handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const event: IpcEventLike = {
    sender: {
      send(channel, ...args) {
        const copy = structuredClone(args);
        for (const l of listeners.get(channel) ?? []) l({}, ...copy);
      },
      isDestroyed: () => false,
    },
    ...(senderFrameUrl !== undefined ? { senderFrame: { url: senderFrameUrl } } : {}),
  };
  return {
    ipcMain: {
      handle(channel, listener) {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, listener);
      },
      removeHandler(channel) {
        handlers.delete(channel);
      },
    },
    ipcRenderer: {
      async invoke(channel, ...args) {
        const handler = handlers.get(channel);
        if (!handler) throw new Error(`No handler registered for '${channel}'`);
        return structuredClone(await handler(event, ...structuredClone(args)));
      },
      on(channel, listener) {
        let set = listeners.get(channel);
        if (!set) listeners.set(channel, (set = new Set()));
        set.add(listener);
      },
      removeListener(channel, listener) {
        listeners.get(channel)?.delete(listener);
      },
    },
    channels: () => [...handlers.keys()],
    listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
  };
}

/**
 * registerIpc over the stand-ins, the preload bridge on the other side, and a
 * client over the IPC transport. The "picked" files' paths are what
 * `pathForFile` answers (the preload's webUtils.getPathForFile), here the File's name.
 */
export function ipcTransport(engine: Engine, senderFrameUrl: string | null = 'sightline://app/'): TransportUnderTest & { ipc: FakeIpc; bridge: SightlineBridge } {
  const ipc = fakeIpc(senderFrameUrl ?? undefined);
  const files = createFileAccess(engine.files, engine.layout.root, async () => ({ canceled: true }), () => os.tmpdir());
  const unregister = registerIpc(ipc.ipcMain, engine, files, (url) => url.startsWith('sightline://app/'));
  const bridge = createBridge(ipc.ipcRenderer, (file) => file.name);
  return {
    client: createClient(createIpcTransport(bridge)),
    ipc,
    bridge,
    close: async () => unregister(),
  };
}

/** A request with exactly the given headers (fetch will not send a foreign Host). */
export function rawRequest(port: number, options: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: options.path, method: options.method ?? 'POST', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
