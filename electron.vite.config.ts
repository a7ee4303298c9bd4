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
        // The engine's job worker and the import's parse worker are built beside
        // the main bundle, where engine.ts and import-parse.ts look for them
        // (workerFileBeside: new URL('job-worker.js', import.meta.url)); shared
        // chunks sit there too, so that URL is the same from any of them.
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          'job-worker': resolve(import.meta.dirname, 'src/core/jobs/job-worker.ts'),
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
