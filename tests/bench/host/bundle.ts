import path from 'node:path';
import { build } from 'vite';
import { alias } from '../../../vite.renderer.config';

const root = path.resolve(import.meta.dirname, '../../..');

/**
 * Bundles a benchmark entry the way the app is built, so what is measured runs as shipped code:
 * under tsx, its loader thread alone costs about 0.3 % of a core, more than the sampler.
 * `node`: an ES module for Node with dependencies left to node_modules; `browser`: one script.
 */
export async function bundle(entry: string, target: 'node' | 'browser'): Promise<string> {
  const outDir = path.join(
    root,
    '.bench',
    `${path.basename(entry).replace(/\.\w+$/, '')}-${target}`,
  );
  const name = target === 'node' ? 'entry.mjs' : 'entry.js';
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    resolve: { alias },
    // Library builds keep process.env.NODE_ENV; the app's build replaces it, so this one does.
    define: target === 'browser' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
    build: {
      outDir,
      emptyOutDir: true,
      minify: target === 'browser',
      ...(target === 'node'
        ? {
            ssr: entry,
            rolldownOptions: { output: { format: 'es', entryFileNames: name } },
          }
        : {
            lib: { entry, formats: ['iife'], name: 'bench', fileName: () => name },
          }),
    },
  });
  return path.join(outDir, name);
}
