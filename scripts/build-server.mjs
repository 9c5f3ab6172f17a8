// npm run server:build: bundles the sync server and its admin CLI into out/server/*.mjs for the
// Docker image (which then needs only Node and PGlite's own files). Not part of the desktop app:
// electron-builder packs out/main, out/preload and out/renderer only. `npm run server` does not
// need this: it runs the TypeScript directly through tsx.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: {
    main: path.join(root, 'server/main.ts'),
    admin: path.join(root, 'server/admin.ts'),
  },
  outdir: path.join(root, 'out/server'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  tsconfig: path.join(root, 'tsconfig.node.json'),
  // PGlite loads its WebAssembly and data files from beside its own module; pg-native is an
  // optional add-on of pg that we do not use.
  external: ['@electric-sql/pglite', 'pg-native'],
  // Bundled CommonJS libraries (pg, pino) call require() for Node built-ins.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  sourcemap: true,
  logLevel: 'warning',
});
console.error('Built out/server/main.mjs and out/server/admin.mjs');
