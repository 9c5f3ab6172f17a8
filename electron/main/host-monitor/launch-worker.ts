import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SamplerSettings } from './sampler-messages';

/** The parts of a worker_threads Worker the sampler client uses, so tests can pass a fake. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
  unref(): void;
}

export type SamplerWorkerFactory = (settings: SamplerSettings) => WorkerLike;

/** The built worker's file name, beside the main bundles (see electron.vite.config.ts). */
export const SAMPLER_WORKER_FILE = 'sampler-worker.js';

/**
 * How to start the sampler's worker thread. A worker_threads Worker rather than an Electron
 * utility process: it runs in Electron's main process and in browser mode's plain Node alike.
 * From a build (the app, browser mode), the bundled `sampler-worker.js` in `builtDir`; from
 * source (the development server, tests), the TypeScript entry through tsx.
 */
export function samplerWorkerFactory(builtDir: string): SamplerWorkerFactory {
  const built = path.resolve(builtDir, SAMPLER_WORKER_FILE);
  if (existsSync(built)) return (settings) => new Worker(built, { workerData: settings });

  const here = path.dirname(fileURLToPath(import.meta.url));
  const source = path.join(here, 'worker', 'sampler-worker.ts');
  if (!existsSync(source)) throw new Error(`The sampler worker is missing: ${built} was not built`);
  const tsxRoot = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(path.join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const tsconfig = path.resolve(here, '../../../tsconfig.node.json');
  // An evaluated CommonJS stub: it registers tsx (with the tsconfig that maps @shared) in the
  // worker, then imports the real entry.
  const bootstrap = `import(${JSON.stringify(tsx)})
  .then(({ register }) => register({ tsconfig: ${JSON.stringify(tsconfig)} }))
  .then(() => import(${JSON.stringify(pathToFileURL(source).href)}));`;
  return (settings) => new Worker(bootstrap, { eval: true, workerData: settings });
}
