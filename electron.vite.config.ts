import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// main and preload run in Electron, the renderer in Electron or any browser
// (through `sightline serve`). The preload must be CommonJS: Electron's
// sandboxed preloads cannot load ES modules.
export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        // The import's parse worker is built beside the main bundle, where
        // import-parse.ts looks for it (new URL('parse-worker.js', import.meta.url));
        // shared chunks sit there too, so that URL is the same from any of them.
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          'parse-worker': resolve(import.meta.dirname, 'src/core/telemetry/parse-worker.ts'),
        },
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: resolve(import.meta.dirname, 'src/preload/index.ts'),
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      rolldownOptions: { input: resolve(import.meta.dirname, 'src/renderer/index.html') },
    },
    worker: { format: 'es' },
  },
});
