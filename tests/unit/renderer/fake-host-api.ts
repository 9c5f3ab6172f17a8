import type { ClientTransport } from '@shared/contract/client';
import { createClient } from '@shared/contract/client';
import { hostContract } from '@shared/contract/host-contract';
import type { HostEvent, HostMethod } from '@shared/contract/host-contract';
import type { HostApi } from '../../../renderer/src/host/host-api';

type Answers = Partial<Record<HostMethod, (request: unknown) => unknown>>;

/**
 * A host API for store and component tests. It answers only the calls it was told about and
 * fails the test on any other, so a test cannot pass by accident. Events are pushed with
 * `emit`, through the contract's client (so they are parsed as in the app), and `listening`
 * says how many subscriptions an event has.
 */
export function fakeHostApi(answers: Answers): {
  api: HostApi;
  calls: { method: string; request: unknown }[];
  emit(event: HostEvent, payload: unknown): void;
  listening(event: HostEvent): number;
} {
  const calls: { method: string; request: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const transport: ClientTransport = {
    invoke(method, request) {
      calls.push({ method, request });
      const answer = answers[method as HostMethod];
      if (!answer) throw new Error(`Unexpected host API call: ${method}`);
      return Promise.resolve(answer(request));
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const entry = (payload: unknown) => listener(payload);
      set.add(entry);
      return () => set.delete(entry);
    },
  };
  return {
    api: createClient(hostContract, transport),
    calls,
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    listening: (event) => listeners.get(event)?.size ?? 0,
  };
}
