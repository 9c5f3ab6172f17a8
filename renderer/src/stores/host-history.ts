import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { HostHistory } from '@shared/contract/host-metrics';
import type { HostError } from '@shared/contract/result';
import { useHostApi } from '../host/host-api';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The periods the history view zooms to, and the step each asks for (a few hundred points). */
export const HISTORY_RANGES = {
  hour: { spanMs: HOUR, stepMs: 10_000 },
  day: { spanMs: DAY, stepMs: MINUTE },
  week: { spanMs: 7 * DAY, stepMs: 10 * MINUTE },
  year: { spanMs: 365 * DAY, stepMs: DAY },
} as const;
export type HistoryRange = keyof typeof HISTORY_RANGES;

/** Host history from the main process's tiers, for the period the user picked. */
export const useHostHistoryStore = defineStore('host-history', () => {
  const api = useHostApi();
  const range = ref<HistoryRange>('hour');
  const history = ref<HostHistory | null>(null);
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<HostError | null>(null);
  let request = 0;

  async function load(next: HistoryRange = range.value, now = Date.now()): Promise<void> {
    const current = ++request;
    range.value = next;
    status.value = 'loading';
    const { spanMs, stepMs } = HISTORY_RANGES[next];
    const result = await api.host.getHistory({ from: now - spanMs, to: now, stepMs });
    // A slower answer for a period the user has since left is dropped.
    if (current !== request) return;
    if (!result.ok) {
      error.value = result.error;
      status.value = 'error';
      return;
    }
    history.value = result.value;
    error.value = null;
    status.value = 'ready';
  }

  return { range, history, status, error, load };
});
