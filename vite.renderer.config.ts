import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import type { UserConfig } from 'vite';

export const alias = {
  '@shared': resolve(import.meta.dirname, 'shared'),
  '@renderer': resolve(import.meta.dirname, 'renderer/src'),
};

/** The renderer's build, shared by electron-vite and by browser-mode development (npm run dev). */
export const rendererConfig = {
  root: resolve(import.meta.dirname, 'renderer'),
  resolve: { alias },
  plugins: [vue()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    minify: true,
    rolldownOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
  },
} satisfies UserConfig;

export default rendererConfig;
