import { liveQuery } from 'dexie';
import { onScopeDispose, ref, shallowRef, watch } from 'vue';
import type { Ref, ShallowRef, WatchSource } from 'vue';

export interface LiveResult<T> {
  value: ShallowRef<T>;
  loading: Ref<boolean>;
  error: ShallowRef<unknown>;
}

/**
 * A Dexie live query as Vue state: re-runs when the data it read changes (in this window or
 * another), and when `source` changes. Stops when the component or store scope ends.
 */
export function useLiveQuery<T, S>(
  source: WatchSource<S>,
  query: (input: S) => Promise<T>,
  initial: T,
): LiveResult<T> {
  const value = shallowRef<T>(initial);
  const loading = ref(true);
  const error = shallowRef<unknown>(null);
  let subscription: { unsubscribe(): void } | null = null;

  watch(
    source,
    (input) => {
      subscription?.unsubscribe();
      loading.value = true;
      subscription = liveQuery(() => query(input)).subscribe({
        next: (next) => {
          value.value = next;
          error.value = null;
          loading.value = false;
        },
        error: (failure: unknown) => {
          error.value = failure;
          loading.value = false;
        },
      });
    },
    { immediate: true },
  );
  onScopeDispose(() => subscription?.unsubscribe());
  return { value, loading, error };
}
