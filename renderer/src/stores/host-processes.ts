import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { TopProcesses } from '@shared/contract/host-metrics';
import { useHostApi } from '../host/host-api';
import { refCounted } from './ref-counted';

/**
 * The busiest processes, while the table is shown. Listing processes costs the main process
 * about 90 ms of CPU a time, so the subscription lives exactly as long as the table.
 */
export const useHostProcessesStore = defineStore('host-processes', () => {
  const api = useHostApi();
  const latest = ref<TopProcesses | null>(null);
  const subscription = refCounted(() => {
    const unsubscribe = api.on('host.processes', (update) => {
      latest.value = update;
    });
    return () => {
      unsubscribe();
      latest.value = null;
    };
  });
  return {
    latest,
    start: () => subscription.acquire(),
    stop: () => subscription.release(),
  };
});
