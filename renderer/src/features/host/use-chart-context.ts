import { computed } from 'vue';
import type { ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { paletteFor } from '../../components/charts/palette';
import { useDarkMode } from '../../components/charts/use-dark-mode';
import type { ChartContext } from './charts/chart-context';

/** The colours, words and locale the host's chart builders need, following the user's settings. */
export function useChartContext(): ComputedRef<ChartContext> {
  const { t, locale } = useI18n();
  const dark = useDarkMode();
  return computed(() => ({
    palette: paletteFor(dark.value),
    t: (key, params) => (params ? t(key, params) : t(key)),
    locale: locale.value,
  }));
}
