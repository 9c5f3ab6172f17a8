import type { Contract, EventNameOf, PayloadOf } from '@shared/contract/define';
import type { Logger } from '../services/logger';

type Listener = (payload: unknown) => void;
type Source<P> = (emit: (payload: P) => void) => () => void;

export interface EventHub<C extends Contract> {
  /** Registers what produces an event; it runs only while the event has subscribers. */
  source<E extends EventNameOf<C>>(event: E, start: Source<PayloadOf<C, E>>): void;
  /** Pushes one event to every current subscriber (for events caused by the user, not polled). */
  emit<E extends EventNameOf<C>>(event: E, payload: PayloadOf<C, E>): void;
  subscribe(event: EventNameOf<C>, listener: Listener): () => void;
  listenerCount(event: EventNameOf<C>): number;
  close(): void;
}

/**
 * Fans main-process events out to the transports' subscribers, and starts and stops each
 * event's producer as its first subscriber arrives and its last one leaves, so nothing is
 * computed for a view that is not open.
 */
export function createEventHub<C extends Contract>(logger: Logger): EventHub<C> {
  const listeners = new Map<string, Set<Listener>>();
  const sources = new Map<string, Source<unknown>>();
  const running = new Map<string, () => void>();

  function emitTo(event: string, payload: unknown): void {
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        logger.error('An event listener threw', { event, error: String(error) });
      }
    }
  }

  function start(event: string): void {
    const source = sources.get(event);
    if (!source || running.has(event)) return;
    running.set(
      event,
      source((payload) => emitTo(event, payload)),
    );
  }

  function stop(event: string): void {
    const stopSource = running.get(event);
    running.delete(event);
    stopSource?.();
  }

  return {
    source(event, producer) {
      sources.set(event, producer);
      if ((listeners.get(event)?.size ?? 0) > 0) start(event);
    },
    emit: (event, payload) => emitTo(event, payload),
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      // A wrapper makes each subscription distinct even when one function subscribes twice.
      const entry: Listener = (payload) => listener(payload);
      set.add(entry);
      if (set.size === 1) start(event);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        set.delete(entry);
        if (set.size === 0) stop(event);
      };
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
    close() {
      for (const event of [...running.keys()]) stop(event);
      listeners.clear();
    },
  };
}
