import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { alias, rendererConfig } from './vite.renderer.config';

// Our layout is electron/ + renderer/ rather than src/, so every entry is explicit.
export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'electron/main/index.ts'),
          browser: resolve(import.meta.dirname, 'electron/main/browser-mode/main.ts'),
          // Started by path as its own process (see host-monitor/launch-sampler.ts).
          'sampler-process': resolve(
            import.meta.dirname,
            'electron/main/host-monitor/sampler-process/main.ts',
          ),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      // A sandboxed preload may only require('electron'): everything else is bundled in.
      externalizeDeps: false,
      minify: true,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: rendererConfig,
});
