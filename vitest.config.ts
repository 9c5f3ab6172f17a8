import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const alias = {
  '@shared': resolve(import.meta.dirname, 'shared'),
  '@renderer': resolve(import.meta.dirname, 'renderer/src'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          exclude: ['tests/unit/renderer/**'],
        },
      },
      {
        extends: true,
        plugins: [vue()],
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['tests/unit/renderer/**/*.test.ts'],
        },
      },
    ],
  },
});
