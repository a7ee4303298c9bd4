import path from 'node:path';
import { app, dialog, ipcMain, session } from 'electron';
import { Engine, resolveDataHome } from '../core/index.js';
import { safeStorageTokenStore } from './safe-token-store.js';
import { CONTENT_SECURITY_POLICY } from '../shared/csp.js';
import { APP_ORIGIN, registerSchemePrivileges, serveRenderer } from './app-protocol.js';
import { createWindow } from './create-window.js';
import { electronPdfPrinter } from './electron-pdf-printer.js';
import { newPrintWindow } from './print-window.js';
import { createFileAccess } from './file-access.js';
import { registerIpc } from './ipc.js';
import { electronNativeBinding } from './native-binding.js';

// Must run before `ready`.
registerSchemePrivileges();

let engine: Engine | undefined;

async function start(): Promise<void> {
  const appRoot = app.getAppPath();
  const rendererDir = path.join(import.meta.dirname, '../renderer');
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  const nativeBinding = electronNativeBinding(appRoot);
  try {
    const home = resolveDataHome();
    engine = new Engine({
      home,
      tokens: safeStorageTokenStore(home),
      resourcesDir: app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(appRoot, 'resources'),
      version: app.getVersion(),
      // PDF reports print with Electron's own Chromium: the desktop app needs no system one.
      printPdf: electronPdfPrinter({ createWindow: newPrintWindow, session: (partition) => session.fromPartition(partition) }),
      ...(nativeBinding ? { nativeBinding } : {}),
    });
  } catch (err) {
    dialog.showErrorBox('Sightline cannot start', `${(err as Error).message}\n\nIf this mentions NODE_MODULE_VERSION, run: npm run rebuild:electron`);
    app.quit();
    return;
  }

  // Deny every permission (camera, notifications, geolocation, clipboard reads...) but writing the
  // clipboard after a click ("Copy" of a long value). The request handler answers prompts; the check
  // handler answers the silent checks made before them.
  const allowed = (permission: string) => permission === 'clipboard-sanitized-write';
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(allowed(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => allowed(permission));
  serveRenderer(rendererDir, CONTENT_SECURITY_POLICY);

  const startUrl = devUrl ?? `${APP_ORIGIN}/`;
  const isOurs = (url: string) => url.startsWith(`${APP_ORIGIN}/`) || (devUrl !== undefined && url.startsWith(devUrl));
  const files = createFileAccess(engine.files, engine.layout.root, (o) => dialog.showSaveDialog(o), () => app.getPath('downloads'));
  registerIpc(ipcMain, engine, files, isOurs);
  createWindow(path.join(import.meta.dirname, '../preload'), startUrl, isOurs);
}

app.whenReady().then(start, (err: unknown) => {
  dialog.showErrorBox('Sightline cannot start', String(err));
  app.quit();
});
app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => engine?.close());
