import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createClient } from '@shared/contract/client';
import { hostContract } from '@shared/contract/host-contract';
import { createIpcTransport } from '../../../electron/preload/ipc-transport';
import type { IpcRendererLike } from '../../../electron/preload/ipc-transport';
import type { HostApi } from '../../../renderer/src/host/host-api';
import type { WorkerReply, WorkerRequest } from './messages';

export interface MainProcessWorker {
  api: HostApi;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * The host API of a device whose main process runs in a worker thread (see
 * main-process-worker.ts): this thread plays the renderer, calls cross as structured clones.
 * Needs tsx in the worker: run the caller with `node --import tsx`.
 */
export async function startMainProcessWorker(): Promise<MainProcessWorker> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-main-'));
  // An evaluated stub registers tsx (with the tsconfig that maps @shared) in the worker, then
  // imports the TypeScript entry, as the host sampler's worker does when run from source.
  const tsxRoot = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(path.join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const tsconfig = path.resolve(import.meta.dirname, '../../../tsconfig.node.json');
  const entry = pathToFileURL(path.join(import.meta.dirname, 'main-process-worker.ts')).href;
  const bootstrap = `import(${JSON.stringify(tsx)})
  .then(({ register }) => register({ tsconfig: ${JSON.stringify(tsconfig)} }))
  .then(() => import(${JSON.stringify(entry)}));`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { dataDir } });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let closed: (() => void) | null = null;
  let nextId = 0;
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'ready') resolve();
      else if (reply.kind === 'closed') closed?.();
      else {
        const call = pending.get(reply.id);
        pending.delete(reply.id);
        if (reply.kind === 'result') call?.resolve(reply.value);
        else call?.reject(new Error(reply.message));
      }
    });
  });
  await ready;
  const send = (message: WorkerRequest) => worker.postMessage(message);
  const ipcRenderer: IpcRendererLike = {
    invoke(channel, ...args) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send({ kind: 'invoke', id, channel, args });
      });
    },
    on: () => undefined,
  };
  return {
    api: createClient(hostContract, createIpcTransport(ipcRenderer)),
    dataDir,
    async close() {
      await new Promise<void>((resolve) => {
        closed = resolve;
        send({ kind: 'close' });
      });
      await worker.terminate();
    },
  };
}
