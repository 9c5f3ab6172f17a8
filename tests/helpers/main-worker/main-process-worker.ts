// The main process's services in a worker thread of their own, serving the host API over messages
// (structured clones, as Electron's IPC is), for benchmarks that run the renderer's code in the
// parent thread: in the app the renderer and the main process never share a thread.
import { parentPort, workerData } from 'node:worker_threads';
import { hostContract } from '@shared/contract/host-contract';
import { serveOverIpc } from '../../../electron/main/ipc/ipc-host';
import type { IpcInvokeEventLike, IpcMainLike } from '../../../electron/main/ipc/ipc-types';
import { createTestHost } from '../test-host';
import type { WorkerReply, WorkerRequest } from './messages';

const port = parentPort;
if (!port) throw new Error('Run this file as a worker thread');
const { dataDir } = workerData as { dataDir: string };

const handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => unknown>();
const ipcMain: IpcMainLike = {
  handle: (channel, handler) => void handlers.set(channel, handler),
  removeHandler: (channel) => void handlers.delete(channel),
};
const test = createTestHost('electron', { fetch: globalThis.fetch, dataDir });
const stop = serveOverIpc({
  ipcMain,
  contract: hostContract,
  dispatcher: test.host.dispatcher,
  events: test.host.events,
  trustedOrigins: ['app://healthdesk'],
});
const event: IpcInvokeEventLike = {
  sender: {
    id: 1,
    send: () => undefined,
    isDestroyed: () => false,
    once: () => undefined,
  },
  senderFrame: { url: 'app://healthdesk/index.html', parent: null },
};

port.on('message', (message: WorkerRequest) => {
  if (message.kind === 'close') {
    stop();
    void test.host.close().then(() => port.postMessage({ kind: 'closed' } satisfies WorkerReply));
    return;
  }
  const handler = handlers.get(message.channel);
  const answer = handler
    ? Promise.resolve(handler(event, ...message.args))
    : Promise.reject(new Error(`No handler registered for '${message.channel}'`));
  answer.then(
    (value) => port.postMessage({ kind: 'result', id: message.id, value } satisfies WorkerReply),
    (error: unknown) =>
      port.postMessage({
        kind: 'error',
        id: message.id,
        message: error instanceof Error ? error.message : String(error),
      } satisfies WorkerReply),
  );
});
port.postMessage({ kind: 'ready' } satisfies WorkerReply);
