import { inject, ref } from 'vue';
import type { InjectionKey, Ref } from 'vue';

/** Conditions the whole window must show: the background service gone, the database closed. */
export interface AppStatus {
  connectionLost: Ref<boolean>;
  closedElsewhere: Ref<boolean>;
}

export const APP_STATUS: InjectionKey<AppStatus> = Symbol('app-status');

export function createAppStatus(): AppStatus {
  return { connectionLost: ref(false), closedElsewhere: ref(false) };
}

export function useAppStatus(): AppStatus {
  return inject(APP_STATUS, createAppStatus, true);
}
