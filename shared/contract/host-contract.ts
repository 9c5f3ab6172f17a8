import type {
  Contract,
  EventNameOf,
  MethodNameOf,
  PayloadOf,
  RequestOf,
  ResponseOf,
} from './define';
import { events } from './events';
import { methods } from './methods';

/** The host API: renderer -> main process calls and main -> renderer events. */
export const hostContract = { methods, events } satisfies Contract;

export type HostContract = typeof hostContract;
export type HostMethod = MethodNameOf<HostContract>;
export type HostEvent = EventNameOf<HostContract>;
export type HostRequest<M extends HostMethod> = RequestOf<HostContract, M>;
export type HostResponse<M extends HostMethod> = ResponseOf<HostContract, M>;
export type HostEventPayload<E extends HostEvent> = PayloadOf<HostContract, E>;

/** IPC channel names are the method names behind this fixed prefix. */
export const CHANNEL_PREFIX = 'hd:';
export const SUBSCRIBE_CHANNEL = 'hd:subscribe';
export const UNSUBSCRIBE_CHANNEL = 'hd:unsubscribe';
export const EVENT_CHANNEL = 'hd:event';

export function channelFor(method: string): string {
  return CHANNEL_PREFIX + method;
}
