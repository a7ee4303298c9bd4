import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './bridge.js';

// Sandboxed preload: only the typed bridge crosses into the page.
contextBridge.exposeInMainWorld('sightline', createBridge(ipcRenderer, (file) => webUtils.getPathForFile(file)));
