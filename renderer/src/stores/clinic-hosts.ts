import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { z } from 'zod';
import type { SyncStatus } from '@shared/contract/sync';
import type { HostHistoryResponse, HostStep } from '@shared/sync/host-report';
import { hostsResponseSchema } from '@shared/sync/host-report';
import { uuidSchema } from '@shared/sync/protocol';
import { useHostApi } from '../host/host-api';
import { refCounted } from './ref-counted';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The server judges a PC every minute; twice a minute keeps its status fresh. */
export const CLINIC_HOSTS_REFRESH_MS = 30_000;
const STORAGE_KEY = 'healthdesk.clinic-hosts.last-list';

/** The periods a PC's history zooms to, and the server's resolution for each. */
export const CLINIC_HOST_RANGES = {
  hour: { spanMs: HOUR, step: '1m' },
  day: { spanMs: DAY, step: '1m' },
  week: { spanMs: 7 * DAY, step: '1h' },
  year: { spanMs: 365 * DAY, step: '1h' },
} as const satisfies Record<string, { spanMs: number; step: HostStep }>;
export type ClinicHostRange = keyof typeof CLINIC_HOST_RANGES;

/** Why the clinic's PCs cannot be shown fresh; each has its own words. */
export type ClinicHostsProblem =
  | 'unreachable'
  | 'busy'
  | 'notPaired'
  | 'unauthenticated'
  | 'revoked'
  | 'forbidden'
  | 'updateRequired'
  | 'refused';

/** The last list fetched, kept so that it can be shown while the server is out of reach. */
const savedListSchema = z.object({
  clinicId: uuidSchema,
  /** This PC's clock when the list arrived. */
  fetchedAt: z.number(),
  response: hostsResponseSchema,
});
export type ClinicHostsList = z.infer<typeof savedListSchema>;

type Failure =
  | { outcome: 'unreachable' }
  | { outcome: 'not-paired' }
  | { outcome: 'error'; status: number; body: { error: { code: string } } };

function problemOf(result: Failure): ClinicHostsProblem {
  switch (result.outcome) {
    case 'unreachable':
      return 'unreachable';
    case 'not-paired':
      return 'notPaired';
    case 'error':
      if (result.status === 429 || result.status >= 500) return 'busy';
      if (result.status === 401) return 'unauthenticated';
      if (result.body.error.code === 'DEVICE_REVOKED') return 'revoked';
      if (result.status === 403) return 'forbidden';
      if (result.status === 426) return 'updateRequired';
      return 'refused';
  }
}

function readSaved(storage: Storage): ClinicHostsList | null {
  try {
    const parsed = savedListSchema.safeParse(JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The clinic's PCs as the clinic server sees them (SYNC-PROTOCOL.md §13), for staff devices:
 * whether this device may see them, the list with each PC's status and latest minute, and one
 * PC's history. Only the main process talks to the server; this store asks it through the host
 * API. The last list fetched stays on screen, dated, while the server cannot be reached.
 */
export const useClinicHostsStore = defineStore('clinic-hosts', () => {
  const api = useHostApi();
  const status = ref<SyncStatus | null>(null);
  const isStaff = computed(
    () => status.value?.paired === true && status.value.role === 'staff' && !!status.value.clinicId,
  );
  const saved = readSaved(window.localStorage);
  const list = ref<ClinicHostsList | null>(saved);
  const loading = ref(false);
  const problem = ref<ClinicHostsProblem | null>(null);
  /** This PC's clock, moved on at every refresh, for "last seen" and how old the list is. */
  const now = ref(Date.now());

  /** The list belongs to the clinic this device is paired with, never to an earlier one. */
  const hosts = computed(() =>
    list.value && list.value.clinicId === status.value?.clinicId ? list.value.response.hosts : null,
  );

  async function refreshStatus(): Promise<void> {
    const result = await api.sync.getStatus();
    if (result.ok) status.value = result.value;
  }

  async function refresh(): Promise<void> {
    loading.value = true;
    now.value = Date.now();
    try {
      await refreshStatus();
      const clinicId = status.value?.clinicId;
      if (!isStaff.value || !clinicId) return;
      const result = await api.sync.listHosts();
      now.value = Date.now();
      if (!result.ok) {
        problem.value = 'unreachable';
        return;
      }
      if (result.value.outcome !== 'ok') {
        problem.value = problemOf(result.value);
        return;
      }
      list.value = { clinicId, fetchedAt: now.value, response: result.value.body };
      problem.value = null;
      try {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify(list.value));
      } catch {
        // Storage full or refused: the list is still shown, only not kept for next time.
      }
    } finally {
      loading.value = false;
    }
  }

  /** The server's clock now, as far as this PC can tell: its statuses and times use it. */
  const serverNow = computed(() => {
    const current = list.value;
    return current ? now.value + (current.response.serverTime - current.fetchedAt) : now.value;
  });

  // One PC's history.
  const selectedId = ref<string | null>(null);
  const range = ref<ClinicHostRange>('hour');
  const history = ref<{ from: number; to: number; response: HostHistoryResponse } | null>(null);
  const historyStatus = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const historyProblem = ref<ClinicHostsProblem | null>(null);
  let historyRequest = 0;

  async function loadHistory(
    deviceId: string | null = selectedId.value,
    next: ClinicHostRange = range.value,
    at = Date.now(),
  ): Promise<void> {
    const current = ++historyRequest;
    if (deviceId !== selectedId.value) history.value = null;
    selectedId.value = deviceId;
    range.value = next;
    if (!deviceId) return;
    historyStatus.value = 'loading';
    const { spanMs, step } = CLINIC_HOST_RANGES[next];
    // The server's time, so a PC whose clock is off still sees the right stretch.
    const to = at + (serverNow.value - now.value);
    const from = to - spanMs;
    const result = await api.sync.getHostHistory({ deviceId, from, to, step });
    // A slower answer for a PC or period the user has since left is dropped.
    if (current !== historyRequest) return;
    const answer = result.ok ? result.value : null;
    if (answer?.outcome !== 'ok') {
      historyProblem.value = answer ? problemOf(answer) : 'unreachable';
      historyStatus.value = 'error';
      return;
    }
    history.value = { from, to, response: answer.body };
    historyProblem.value = null;
    historyStatus.value = 'ready';
  }

  const polling = refCounted(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const tick = () =>
      void refresh()
        // The history of the last hour or day moves on with the list.
        .then(() => (selectedId.value && isStaff.value ? loadHistory() : undefined))
        .finally(() => {
          if (!stopped) timer = setTimeout(tick, CLINIC_HOSTS_REFRESH_MS);
        });
    tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  });

  return {
    status,
    isStaff,
    hosts,
    list,
    loading,
    problem,
    now,
    serverNow,
    refreshStatus,
    refresh,
    start: () => polling.acquire(),
    stop: () => polling.release(),
    selectedId,
    range,
    history,
    historyStatus,
    historyProblem,
    loadHistory,
  };
});
