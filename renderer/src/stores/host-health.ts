import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { HostAlert, HostSnapshot } from '@shared/contract/host-metrics';
import type { HostError } from '@shared/contract/result';
import { useHostApi } from '../host/host-api';
import { refCounted } from './ref-counted';

const FIRST_READINGS_RETRY_MS = 2000;

/**
 * The PC's health at a glance: the host snapshot (slow metrics such as storage, probe states)
 * refreshed as often as the main process reads them, and the alerts as they change. Held by
 * the health summary and the host view while they are shown.
 */
export const useHostHealthStore = defineStore('host-health', () => {
  const api = useHostApi();
  const snapshot = ref<HostSnapshot | null>(null);
  const alerts = ref<HostAlert[]>([]);
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<HostError | null>(null);

  async function refresh(): Promise<void> {
    if (!snapshot.value) status.value = 'loading';
    const result = await api.host.getSnapshot();
    if (!result.ok) {
      error.value = result.error;
      status.value = 'error';
      return;
    }
    snapshot.value = result.value;
    alerts.value = result.value.alerts;
    error.value = null;
    status.value = 'ready';
  }

  const subscription = refCounted(() => {
    const unsubscribe = api.on('host.alerts', (update) => {
      alerts.value = update.alerts;
    });
    void refresh();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // As often as the main process reads slow metrics; soon again while it has none yet (it
    // has just started, and storage would otherwise stay empty for half a minute).
    const schedule = () => {
      const current = snapshot.value;
      timer = setTimeout(
        () => void refresh().finally(schedule),
        current?.slow ? current.sampler.slowIntervalMs : FIRST_READINGS_RETRY_MS,
      );
    };
    schedule();
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  });

  return {
    snapshot,
    alerts,
    status,
    error,
    refresh,
    start: () => subscription.acquire(),
    stop: () => subscription.release(),
  };
});
