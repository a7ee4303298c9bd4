import { createClient, type Client } from '../shared/client.js';
import type { SightlineBridge } from '../shared/ipc-channels.js';
import type { ImportSource } from '../shared/types.js';
import { createHttpTransport } from './transport/http-transport.js';
import { createIpcTransport } from './transport/ipc-transport.js';

declare global {
  interface Window {
    sightline?: SightlineBridge;
  }
}

export interface Connection {
  client: Client;
  /** How a file the user picked reaches the engine: by path on desktop, uploaded in a browser. */
  toSource(file: File): Promise<ImportSource>;
  host: 'desktop' | 'browser';
}

const TOKEN_KEY = 'sightline-token';

/**
 * Desktop: the preload's bridge. Browser: the local host, with the token from
 * the URL fragment (`#token=…`), which is then moved to session storage and
 * wiped from the address bar so it is not bookmarked or shared by accident.
 */
export function connect(): Connection {
  const bridge = window.sightline;
  if (bridge) {
    return {
      client: createClient(createIpcTransport(bridge)),
      toSource: async (file) => ({ kind: 'path', path: bridge.pathForFile(file) }),
      host: 'desktop',
    };
  }
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  const transport = createHttpTransport({ baseUrl: '', token });
  return {
    client: createClient(transport),
    toSource: async (file) => {
      const { uploadId } = await transport.upload(file, file.name);
      return { kind: 'upload', uploadId, name: file.name };
    },
    host: 'browser',
  };
}
