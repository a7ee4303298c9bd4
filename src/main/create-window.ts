import path from 'node:path';
import { BrowserWindow, shell } from 'electron';

/**
 * The one window. Hardened: sandboxed renderer, isolated context, no Node,
 * no navigation away from our page, no new windows (http(s) links open in the
 * user's browser instead).
 */
export function createWindow(preloadDir: string, startUrl: string, isOurs: (url: string) => boolean): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'Sightline',
    show: false,
    webPreferences: {
      preload: path.join(preloadDir, 'index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // A middle click on a link would open it in a new window: our page opens none.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  // Our page only: no navigation, redirect or frame navigation away from it.
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (!isOurs(url)) event.preventDefault();
  };
  win.webContents.on('will-navigate', stayHome);
  win.webContents.on('will-redirect', stayHome);
  win.webContents.on('will-frame-navigate', (event) => stayHome(event, event.url));
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void win.loadURL(startUrl);
  return win;
}
