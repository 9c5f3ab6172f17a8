import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { HostSample } from '@shared/contract/host-metrics';
import type { HostError } from '@shared/contract/result';
import { useHostApi } from '../host/host-api';
import { refCounted } from './ref-counted';

/** The live windows the charts offer, in seconds. */
export const LIVE_WINDOWS = [60, 300, 3600] as const;
export type LiveWindowSeconds = (typeof LIVE_WINDOWS)[number];
const KEPT = 3600;

/**
 * The host's one-second samples while a view shows them: the last hour from the main process's
 * memory first, then each new sample as it arrives. The subscription exists only while a view
 * holds the store (`start` on mount, `stop` on unmount).
 */
export const useHostLiveStore = defineStore('host-live', () => {
  const api = useHostApi();
  // Up to 3,600 samples: not deeply reactive, the array is replaced or triggered as a whole.
  const samples = shallowRef<HostSample[]>([]);
  const windowSeconds = ref<LiveWindowSeconds>(60);
  const pausedAt = ref<number | null>(null);
  // What the charts showed when paused: new samples do not even recompute them until resumed.
  const pausedSamples = shallowRef<HostSample[] | null>(null);
  const status = ref<'idle' | 'loading' | 'live' | 'error'>('idle');
  const error = ref<HostError | null>(null);
  let generation = 0;

  function add(sample: HostSample): void {
    const list = samples.value;
    const last = list.at(-1);
    if (last && sample.t <= last.t) return;
    list.push(sample);
    if (list.length > KEPT) list.splice(0, list.length - KEPT);
    triggerRef(samples);
    if (status.value !== 'error') status.value = 'live';
  }

  async function backfill(current: number): Promise<void> {
    const result = await api.host.getRecentSamples({ seconds: KEPT });
    if (current !== generation) return;
    if (!result.ok) {
      error.value = result.error;
      status.value = 'error';
      return;
    }
    const first = samples.value[0]?.t ?? Number.POSITIVE_INFINITY;
    samples.value = [
      ...result.value.samples.filter((sample) => sample.t < first),
      ...samples.value,
    ];
    status.value = 'live';
  }

  const subscription = refCounted(() => {
    const current = ++generation;
    status.value = 'loading';
    error.value = null;
    const unsubscribe = api.on('host.sample', add);
    void backfill(current);
    return () => {
      generation++;
      unsubscribe();
      samples.value = [];
      pausedAt.value = null;
      pausedSamples.value = null;
      status.value = 'idle';
    };
  });

  const latest = computed(() => samples.value.at(-1) ?? null);

  /** The samples in the chosen window, ending now, or when the user paused. */
  const visible = computed(() => {
    const list = pausedSamples.value ?? samples.value;
    const end = list.at(-1)?.t ?? 0;
    const from = end - windowSeconds.value * 1000;
    let first = list.length;
    while (first > 0 && (list[first - 1]?.t ?? 0) > from) first--;
    return { from, to: end, samples: list.slice(first) };
  });

  return {
    samples,
    latest,
    visible,
    windowSeconds,
    pausedAt,
    status,
    error,
    start: () => subscription.acquire(),
    stop: () => subscription.release(),
    pause() {
      pausedAt.value = latest.value?.t ?? null;
      pausedSamples.value = samples.value.slice();
    },
    resume() {
      pausedAt.value = null;
      pausedSamples.value = null;
    },
    retry: () => backfill(generation),
  };
});
