import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

/** One build for the three runtimes: main (Node + Electron), preload (sandboxed), renderer (DOM). */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // index: the Electron main process; web: the same core behind the loopback web face (start:web);
      // and the two worker threads both start from next to themselves.
      rolldownOptions: {
        input: {
          index: resolve('main/electron/main.ts'),
          web: resolve('main/web/cli.ts'),
          'order-feed-worker': resolve('main/sync/order-feed-worker.ts'),
          'wal-checkpoint-worker': resolve('main/cache/wal-checkpoint-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can't load ES modules or node_modules: bundle everything into one CJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      // electron-vite leaves output unminified; the renderer is also served to browsers (start:web).
      minify: true,
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
