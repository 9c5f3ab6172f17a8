import type { EChartsCoreOption } from '../../../components/charts/echarts-setup';
import type { ChartPalette } from '../../../components/charts/palette';
import type { Band } from './bands';
import type { SeriesPoint } from './chart-measures';

export interface TrendOptionInput {
  /** One array of [time, value] per series, oldest first, in display units. */
  series: SeriesPoint[][];
  seriesNames: string[];
  unit: string;
  decimals: number;
  bands: Band[];
  /** Translated band names, by Band.label. */
  bandNames: Record<string, string>;
  palette: ChartPalette;
  locale: string;
  /** The time window shown, [from, to] in ms. */
  window: [number, number];
  title: string;
}

/** Above this many points a series is drawn without markers and down-sampled with LTTB. */
const DENSE = 400;

/**
 * A trend chart: the readings over time with the guideline bands behind them, zoom and pan,
 * tooltips in the user's units. Pure, so it is tested by rendering it to SVG.
 */
export function trendOption(input: TrendOptionInput): EChartsCoreOption {
  const { palette } = input;
  const number = new Intl.NumberFormat(input.locale, {
    maximumFractionDigits: input.decimals,
    minimumFractionDigits: input.decimals,
  });
  const dense = input.series.some((points) => points.length > DENSE);
  const format = (value: unknown) =>
    typeof value === 'number' ? `${number.format(value)} ${input.unit}` : '—';
  const [axisMin, axisMax] = valueExtent(input.series);
  const span = axisMax - axisMin;
  // Bands are clipped to what is shown; a band too thin to hold its name is drawn unnamed.
  const bands = input.bands
    .map((band) => ({
      ...band,
      from: Math.max(band.from ?? axisMin, axisMin),
      to: Math.min(band.to ?? axisMax, axisMax),
    }))
    .filter((band) => band.to > band.from);
  return {
    animation: !dense,
    animationDuration: 300,
    aria: { enabled: true, label: { description: input.title } },
    textStyle: { color: palette.text },
    grid: { left: 56, right: 24, top: 40, bottom: 72 },
    legend: input.series.length > 1 ? { top: 4, textStyle: { color: palette.text } } : undefined,
    tooltip: {
      trigger: 'axis',
      backgroundColor: palette.tooltipBackground,
      textStyle: { color: palette.text },
      valueFormatter: format,
    },
    xAxis: {
      type: 'time',
      min: input.window[0],
      max: input.window[1],
      axisLine: { lineStyle: { color: palette.grid } },
      axisLabel: { color: palette.muted, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      name: input.unit,
      min: axisMin,
      max: axisMax,
      nameTextStyle: { color: palette.muted },
      axisLabel: { color: palette.muted, formatter: (value: number) => number.format(value) },
      splitLine: { lineStyle: { color: palette.grid, opacity: 0.5 } },
    },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      {
        type: 'slider',
        xAxisIndex: 0,
        filterMode: 'none',
        height: 22,
        bottom: 16,
        textStyle: { color: palette.muted },
      },
    ],
    series: input.series.map((points, index) => ({
      name: input.seriesNames[index] ?? '',
      type: 'line',
      data: points,
      showSymbol: !dense,
      symbolSize: 6,
      sampling: dense ? 'lttb' : undefined,
      lineStyle: { width: dense ? 1 : 2, color: palette.series[index % palette.series.length] },
      itemStyle: { color: palette.series[index % palette.series.length] },
      connectNulls: false,
      markArea:
        index === 0 && bands.length > 0
          ? {
              silent: true,
              label: { position: 'insideLeft', color: palette.muted, fontSize: 11 },
              data: bands.map((band) => [
                {
                  name: input.bandNames[band.label] ?? band.label,
                  yAxis: band.from,
                  itemStyle: { color: palette.bands[band.level] },
                  label: { show: (band.to - band.from) / span >= 0.06 },
                },
                { yAxis: band.to },
              ]),
            }
          : undefined,
    })),
  };
}

/** The value axis range: the data with some room around it, in round numbers. */
export function valueExtent(series: readonly SeriesPoint[][]): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const points of series) {
    for (const [, value] of points) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  if (!Number.isFinite(min)) return [0, 1];
  const pad = Math.max((max - min) * 0.15, Math.abs(max) * 0.05, 1);
  const step = 10 ** Math.floor(Math.log10(pad));
  return [Math.floor((min - pad) / step) * step, Math.ceil((max + pad) / step) * step];
}
