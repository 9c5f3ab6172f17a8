import type { ChartPalette } from '../../../components/charts/palette';
import { dateTimeFormat } from '../../../format/intl-cache';

/** What every host chart needs besides its data: colours, words and the user's locale. */
export interface ChartContext {
  palette: ChartPalette;
  /** vue-i18n's `t`, or any function with its shape. */
  t: (key: string, params?: Record<string, unknown>) => string;
  locale: string;
  /** IANA zone for time labels; the user's own unless a test fixes one. */
  timeZone?: string;
}

/** Formats axis times for the span shown: seconds for live windows, dates for a year. */
export function timeFormatter(context: ChartContext, spanMs: number): (t: number) => string {
  const options: Intl.DateTimeFormatOptions =
    spanMs <= 10 * 60_000
      ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
      : spanMs <= 2 * 86_400_000
        ? { hour: '2-digit', minute: '2-digit' }
        : spanMs <= 14 * 86_400_000
          ? { weekday: 'short', hour: '2-digit' }
          : { month: 'short', day: 'numeric' };
  const format = dateTimeFormat(context.locale, {
    ...options,
    ...(context.timeZone ? { timeZone: context.timeZone } : {}),
  });
  return (t) => format.format(t);
}
