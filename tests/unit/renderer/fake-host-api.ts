import type { ClientTransport } from '@shared/contract/client';
import { createClient } from '@shared/contract/client';
import { hostContract } from '@shared/contract/host-contract';
import type { HostMethod } from '@shared/contract/host-contract';
import type { HostApi } from '../../../renderer/src/host/host-api';

type Answers = Partial<Record<HostMethod, (request: unknown) => unknown>>;

/**
 * A host API for store and component tests. It answers only the calls it was told about and
 * fails the test on any other, so a test cannot pass by accident.
 */
export function fakeHostApi(answers: Answers): {
  api: HostApi;
  calls: { method: string; request: unknown }[];
} {
  const calls: { method: string; request: unknown }[] = [];
  const transport: ClientTransport = {
    invoke(method, request) {
      calls.push({ method, request });
      const answer = answers[method as HostMethod];
      if (!answer) throw new Error(`Unexpected host API call: ${method}`);
      return Promise.resolve(answer(request));
    },
    subscribe: () => () => undefined,
  };
  return { api: createClient(hostContract, transport), calls };
}
