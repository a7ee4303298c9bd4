import { createClient, type Client } from '../shared/client.js';
import type { SaveTargetRequest, SightlineBridge } from '../shared/ipc-channels.js';
import type { FileRef } from '../shared/types.js';
import { createHttpTransport } from './transport/http-transport.js';
import { createIpcTransport } from './transport/ipc-transport.js';
import { takeSignInCode } from './model/url-codec.js';

declare global {
  interface Window {
    sightline?: SightlineBridge;
  }
}

/** Where an export goes: a file the user chose (desktop), or a download the browser saves. */
export type SaveTarget = { kind: 'file'; ref: FileRef } | { kind: 'download' };

export interface Connection {
  client: Client;
  /**
   * Hands a file the user picked to the engine and answers its id. The page
   * never names a path: on desktop main grants the picked file itself, in a
   * browser the file is uploaded (and that copy is removed once imported).
   */
  toSource(file: File): Promise<FileRef>;
  /** Whether an import uses up the files handed over (uploads): they must be sent again for another. */
  sourcesConsumedByImport: boolean;
  /** Where to save an export: the native save dialog on desktop (null when cancelled), a download in a browser. */
  chooseSaveTarget(request: SaveTargetRequest): Promise<SaveTarget | null>;
  /** Lets the browser save a finished download (an export made without a target). */
  saveDownload(download: FileRef): void;
  host: 'desktop' | 'browser';
}

const TOKEN_KEY = 'sightline-session';

/**
 * Desktop: the preload's bridge. Browser: the local host. The sign-in link
 * carries a one-time code in its fragment (`#code=…` or `#/cases/<id>/graph?code=…`, never sent over the
 * network); the page trades it for a session token, keeps that in this tab's
 * sessionStorage (this origin's alone, port included: unlike a cookie, no
 * other server on 127.0.0.1 ever receives it) and wipes the code from the
 * address bar.
 */
export function connect(): Connection {
  const bridge = window.sightline;
  if (bridge) {
    return {
      client: createClient(createIpcTransport(bridge)),
      toSource: async (file) => {
        const [ref] = await bridge.grantFiles([file]);
        if (!ref) throw new Error(`${file.name} could not be handed over`);
        return ref;
      },
      sourcesConsumedByImport: false,
      chooseSaveTarget: async (request) => {
        const ref = await bridge.chooseSaveTarget(request);
        return ref ? { kind: 'file', ref } : null;
      },
      saveDownload: () => undefined,
      host: 'desktop',
    };
  }
  // The code goes from the address bar at once; the place the link names (#/cases/…) stays.
  const { code, rest } = takeSignInCode(window.location.hash);
  if (code) history.replaceState(null, '', window.location.pathname + window.location.search + rest);
  const token = code ? signIn(code) : Promise.resolve(sessionStorage.getItem(TOKEN_KEY) ?? '');
  const transport = createHttpTransport({ baseUrl: '', token: () => token });
  return {
    client: createClient(transport),
    toSource: (file) => transport.upload(file, file.name),
    sourcesConsumedByImport: true,
    chooseSaveTarget: async () => ({ kind: 'download' }),
    saveDownload: (download) => {
      const a = document.createElement('a');
      a.href = `/api/download/${download.fileId}`;
      a.download = download.name;
      a.rel = 'noopener';
      document.body.append(a);
      a.click();
      a.remove();
    },
    host: 'browser',
  };
}

/** Trades the link's one-time code for a session token; a refused code leaves the tab signed out (the API then says how to sign in). */
async function signIn(code: string): Promise<string> {
  try {
    const res = await fetch('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
    const body = (await res.json()) as { ok?: boolean; result?: { token?: string } };
    const token = body.ok && typeof body.result?.token === 'string' ? body.result.token : '';
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    return token || (sessionStorage.getItem(TOKEN_KEY) ?? '');
  } catch {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  }
}
