import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { alias } from '../../../vite.renderer.config';

export type TestPage = 'db' | 'chart';

/**
 * Bundles the test pages from the renderer's own modules with the renderer's aliases, minified
 * as the app is, into a fresh temporary folder (so parallel runs never share one).
 */
export async function buildTestPages(pages: readonly TestPage[]): Promise<string> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-test-pages-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: import.meta.dirname,
    resolve: { alias },
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      reportCompressedSize: false,
      // One chunk per page is what we want here: these pages are never shipped.
      chunkSizeWarningLimit: 10_000,
      rolldownOptions: {
        input: Object.fromEntries(
          pages.map((page) => [page, path.join(import.meta.dirname, `${page}.html`)]),
        ),
      },
    },
  });
  return outDir;
}
