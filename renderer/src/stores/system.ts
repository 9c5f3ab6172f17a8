import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo } from '@shared/contract/app';
import type { HostError } from '@shared/contract/result';
import type { StaticSystemInfo } from '@shared/contract/system';
import { useHostApi } from '../host/host-api';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** What HealthDesk and this PC are: the About page's data. */
export const useSystemStore = defineStore('system', () => {
  const api = useHostApi();
  const appInfo = ref<AppInfo | null>(null);
  const staticInfo = ref<StaticSystemInfo | null>(null);
  const status = ref<LoadStatus>('idle');
  const error = ref<HostError | null>(null);

  async function load(): Promise<void> {
    status.value = 'loading';
    error.value = null;
    const [app, system] = await Promise.all([api.app.getInfo(), api.system.getStaticInfo()]);
    if (!app.ok || !system.ok) {
      error.value = !app.ok ? app.error : !system.ok ? system.error : null;
      status.value = 'error';
      return;
    }
    appInfo.value = app.value;
    staticInfo.value = system.value;
    status.value = 'ready';
  }

  return { appInfo, staticInfo, status, error, load };
});
