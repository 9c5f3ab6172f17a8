import type { Clock } from '../../electron/main/host-monitor/clock';
import type {
  SamplerWorkerFactory,
  WorkerLike,
} from '../../electron/main/host-monitor/launch-worker';
import type { SamplerProbes } from '../../electron/main/host-monitor/sampler-loop';
import { startSamplerLoop } from '../../electron/main/host-monitor/sampler-loop';
import {
  DEFAULT_SAMPLER_SETTINGS,
  samplerControlSchema,
} from '../../electron/main/host-monitor/sampler-messages';

type Listener = (value: never) => void;

/**
 * The sampler's real schedule and message protocol on the test's own thread, with fake probes
 * and a fake clock instead of a worker thread and the kernel. Messages are structured-cloned
 * both ways, as postMessage does.
 */
export function inProcessSampler(
  probes: SamplerProbes,
  clock: Clock,
): SamplerWorkerFactory & {
  launched: number;
  /** While true, starting a worker throws (a missing or broken worker file). */
  failLaunch: boolean;
  current: () => (WorkerLike & { crash(): void }) | null;
} {
  let current: (WorkerLike & { crash(): void }) | null = null;
  const factory = Object.assign(
    (settings: Parameters<SamplerWorkerFactory>[0]) => {
      factory.launched++;
      if (factory.failLaunch) throw new Error('the worker file is missing');
      const listeners = {
        message: new Set<Listener>(),
        error: new Set<Listener>(),
        exit: new Set<Listener>(),
      };
      const fire = (event: keyof typeof listeners, value: unknown) => {
        for (const listener of listeners[event]) (listener as (value: unknown) => void)(value);
      };
      const loop = startSamplerLoop({
        ...DEFAULT_SAMPLER_SETTINGS,
        ...settings,
        probes,
        clock,
        platform: 'linux',
        emit: (message) => fire('message', structuredClone(message)),
      });
      const worker: WorkerLike & { crash(): void } = {
        postMessage(message) {
          const control = samplerControlSchema.safeParse(structuredClone(message));
          if (control.success) loop.setProcessesWanted(control.data.wanted);
        },
        on(event: 'message' | 'error' | 'exit', listener: Listener) {
          listeners[event].add(listener);
          return worker;
        },
        terminate() {
          loop.stop();
          return Promise.resolve(0);
        },
        unref: () => undefined,
        crash() {
          loop.stop();
          fire('error', new Error('worker crashed'));
          fire('exit', 1);
        },
      };
      current = worker;
      return worker;
    },
    { launched: 0, failLaunch: false, current: () => current },
  );
  return factory;
}
