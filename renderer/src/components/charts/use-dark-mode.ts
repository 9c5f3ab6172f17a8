import { onBeforeUnmount, ref } from 'vue';
import type { Ref } from 'vue';

/** Whether the OS is in dark mode, kept up to date while the component lives. */
export function useDarkMode(): Ref<boolean> {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const dark = ref(query.matches);
  const update = (event: MediaQueryListEvent): void => {
    dark.value = event.matches;
  };
  query.addEventListener('change', update);
  onBeforeUnmount(() => query.removeEventListener('change', update));
  return dark;
}
