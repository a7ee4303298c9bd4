import { createClient, type Client } from '../shared/client.js';
import type { SaveTargetRequest, SightlineBridge } from '../shared/ipc-channels.js';
import type { FileRef } from '../shared/types.js';
import { createHttpTransport } from './transport/http-transport.js';
import { createIpcTransport } from './transport/ipc-transport.js';

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

/**
 * Desktop: the preload's bridge. Browser: the local host, which the page
 * reaches with the session cookie the sign-in link set (HttpOnly: no script
 * here ever holds the secret).
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
  const transport = createHttpTransport({ baseUrl: '' });
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
