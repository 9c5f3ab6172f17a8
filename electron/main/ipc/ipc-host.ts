import type { Contract } from '@shared/contract/define';
import { hasEvent } from '@shared/contract/define';
import {
  EVENT_CHANNEL,
  SUBSCRIBE_CHANNEL,
  UNSUBSCRIBE_CHANNEL,
  channelFor,
} from '@shared/contract/host-contract';
import { ok } from '@shared/contract/result';
import type { Dispatcher } from '../api/dispatcher';
import type { EventHub } from '../api/event-hub';
import type { IpcInvokeEventLike, IpcMainLike } from './ipc-types';

export interface IpcHostOptions<C extends Contract> {
  ipcMain: IpcMainLike;
  contract: C;
  dispatcher: Dispatcher;
  events: EventHub<C>;
  /** Origins the app's own pages are served from (the custom scheme, and a dev server if any). */
  trustedOrigins: readonly string[];
}

/**
 * Serves the contract over Electron IPC: one channel per method behind a fixed prefix. Every
 * call is checked for its sender (our origin, main frame only) before its payload is parsed.
 * Returns a function that removes every handler and subscription.
 */
export function serveOverIpc<C extends Contract>(options: IpcHostOptions<C>): () => void {
  const { ipcMain, contract, dispatcher, events, trustedOrigins } = options;
  const channels: string[] = [];
  const subscriptions = new Map<number, Map<string, () => void>>();

  function senderOrigin(event: IpcInvokeEventLike): string | null {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return null;
    try {
      const origin = new URL(frame.url).origin;
      // Custom schemes report an opaque origin ("null"); rebuild it from the URL parts.
      const url = new URL(frame.url);
      const full = origin === 'null' ? `${url.protocol}//${url.host}` : origin;
      return trustedOrigins.includes(full) ? full : null;
    } catch {
      return null;
    }
  }

  function describeSender(event: IpcInvokeEventLike): string {
    const url = event.senderFrame?.url ?? 'no frame';
    return event.senderFrame?.parent ? `subframe ${url.slice(0, 100)}` : url.slice(0, 100);
  }

  function handle(
    channel: string,
    listener: (event: IpcInvokeEventLike, args: unknown[]) => unknown,
  ): void {
    ipcMain.handle(channel, (event, ...args) => listener(event, args));
    channels.push(channel);
  }

  for (const method of Object.keys(contract.methods)) {
    handle(channelFor(method), (event, args) => {
      if (!senderOrigin(event)) {
        return dispatcher.reject(
          'UNAUTHORIZED',
          'Calls are only accepted from HealthDesk itself',
          describeSender(event),
        );
      }
      if (args.length > 1) return dispatcher.reject('BAD_REQUEST', `${method} takes one argument`);
      return dispatcher.dispatch(method, args[0], 'ipc');
    });
  }

  handle(SUBSCRIBE_CHANNEL, (event, [name]) => {
    if (!senderOrigin(event)) {
      return dispatcher.reject(
        'UNAUTHORIZED',
        'Calls are only accepted from HealthDesk itself',
        describeSender(event),
      );
    }
    if (!hasEvent(contract, name)) return dispatcher.reject('BAD_REQUEST', 'Unknown event', 'ipc');
    const sender = event.sender;
    let forSender = subscriptions.get(sender.id);
    if (!forSender) {
      forSender = new Map();
      subscriptions.set(sender.id, forSender);
      sender.once('destroyed', () => dropSender(sender.id));
    }
    if (!forSender.has(name)) {
      forSender.set(
        name,
        events.subscribe(name, (payload) => {
          if (!sender.isDestroyed()) sender.send(EVENT_CHANNEL, name, payload);
        }),
      );
    }
    return ok(true);
  });

  handle(UNSUBSCRIBE_CHANNEL, (event, [name]) => {
    if (!senderOrigin(event)) {
      return dispatcher.reject(
        'UNAUTHORIZED',
        'Calls are only accepted from HealthDesk itself',
        describeSender(event),
      );
    }
    if (typeof name !== 'string') return dispatcher.reject('BAD_REQUEST', 'Unknown event', 'ipc');
    const forSender = subscriptions.get(event.sender.id);
    forSender?.get(name)?.();
    forSender?.delete(name);
    return ok(true);
  });

  function dropSender(id: number): void {
    for (const unsubscribe of subscriptions.get(id)?.values() ?? []) unsubscribe();
    subscriptions.delete(id);
  }

  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
    for (const id of [...subscriptions.keys()]) dropSender(id);
  };
}
