import type { Clock } from '../../electron/main/host-monitor/clock';
import type {
  SamplerLauncher,
  SamplerProcess,
} from '../../electron/main/host-monitor/launch-sampler';
import type { SamplerProbes } from '../../electron/main/host-monitor/sampler-loop';
import { startSamplerLoop } from '../../electron/main/host-monitor/sampler-loop';
import { createBatcher } from '../../electron/main/host-monitor/sampler-process/batcher';
import {
  DEFAULT_SAMPLER_SETTINGS,
  samplerControlSchema,
} from '../../electron/main/host-monitor/sampler-messages';

type Listener = (value: never) => void;

/**
 * The sampler's real schedule, batching and message protocol on the test's own thread, with fake
 * probes and a fake clock instead of a process and the kernel. Messages are cloned both ways, as
 * a process channel does.
 */
export function inProcessSampler(
  probes: SamplerProbes,
  clock: Clock,
): SamplerLauncher & {
  launched: number;
  /** While true, starting the sampler throws (a missing or broken sampler file). */
  failLaunch: boolean;
  current: () => (SamplerProcess & { crash(): void }) | null;
} {
  let current: (SamplerProcess & { crash(): void }) | null = null;
  const factory = Object.assign(
    (settings: Parameters<SamplerLauncher>[0]) => {
      factory.launched++;
      if (factory.failLaunch) throw new Error('the sampler file is missing');
      const listeners = {
        message: new Set<Listener>(),
        error: new Set<Listener>(),
        exit: new Set<Listener>(),
      };
      const fire = (event: keyof typeof listeners, value: unknown) => {
        for (const listener of listeners[event]) (listener as (value: unknown) => void)(value);
      };
      const batcher = createBatcher({
        batchSamples: settings.batchSamples ?? DEFAULT_SAMPLER_SETTINGS.batchSamples,
        post: (batch) => fire('message', structuredClone(batch)),
      });
      const loop = startSamplerLoop({
        ...DEFAULT_SAMPLER_SETTINGS,
        ...settings,
        probes,
        clock,
        platform: 'linux',
        emit: (message) => batcher.add(message),
      });
      const sampler: SamplerProcess & { crash(): void } = {
        postMessage(message) {
          const control = samplerControlSchema.safeParse(structuredClone(message));
          if (!control.success) return;
          const request = control.data;
          if (request.type === 'processes') loop.setProcessesWanted(request.wanted);
          else if (request.type === 'live') batcher.setLive(request.wanted);
          else batcher.flush();
        },
        on(event: 'message' | 'error' | 'exit', listener: Listener) {
          listeners[event].add(listener);
          return sampler;
        },
        terminate() {
          loop.stop();
          return Promise.resolve(0);
        },
        unref: () => undefined,
        crash() {
          loop.stop();
          fire('error', new Error('sampler crashed'));
          fire('exit', 1);
        },
      };
      current = sampler;
      return sampler;
    },
    { launched: 0, failLaunch: false, current: () => current },
  );
  return factory;
}
