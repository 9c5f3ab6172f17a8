import type { EChartsCoreOption } from 'echarts/core';
import type { ChartPalette } from '../../../components/charts/palette';

/** [time, value] pairs; a null value breaks the line (missing data is never bridged). */
export type Points = (readonly [number, number | null])[];

export interface LineSeries {
  name: string;
  points: Points;
  /** A filled band from `low` to `high` behind the line (history: lowest to highest). */
  band?: { name: string; low: Points; high: Points };
}

export interface TimeSeriesChart {
  series: readonly LineSeries[];
  from: number;
  to: number;
  /** 100 for percentages; otherwise the axis fits the data. */
  yMax?: number;
  formatValue: (value: number) => string;
  formatTime: (t: number) => string;
  /** Stretches with no data, shaded and labelled. */
  gaps?: readonly { from: number; to: number }[];
  gapLabel?: string;
  palette: ChartPalette;
  /** Read out by screen readers with the chart. */
  description: string;
}

// Line styles cycle with the colours, so two series never differ by colour alone.
const DASHES = ['solid', 'dashed', 'dotted'] as const;

/**
 * The one way HealthDesk draws a metric over time, as a pure function of its data. Live charts
 * get thousands of points a series: no symbols, no animation, and LTTB down-sampling to the
 * pixels drawn, so an update stays well inside one frame.
 */
export function timeSeriesOption(chart: TimeSeriesChart): EChartsCoreOption {
  const { palette } = chart;
  const colour = (index: number) => palette.series[index % palette.series.length] ?? palette.text;
  const series: Record<string, unknown>[] = [];
  chart.series.forEach((line, index) => {
    if (line.band) {
      const stack = `band-${index}`;
      series.push(
        {
          name: line.band.name,
          type: 'line',
          data: line.band.low,
          stack,
          symbol: 'none',
          lineStyle: { opacity: 0 },
          silent: true,
          tooltip: { show: false },
          legendHoverLink: false,
        },
        {
          name: line.band.name,
          type: 'line',
          data: line.band.high.map(([t, high], at) => {
            const low = line.band?.low[at]?.[1];
            return [t, high === null || low === null || low === undefined ? null : high - low];
          }),
          stack,
          symbol: 'none',
          lineStyle: { opacity: 0 },
          areaStyle: { color: colour(index), opacity: 0.18 },
          silent: true,
          tooltip: { show: false },
        },
      );
    }
    series.push({
      name: line.name,
      type: 'line',
      data: line.points,
      showSymbol: false,
      symbol: 'none',
      sampling: 'lttb',
      connectNulls: false,
      color: colour(index),
      lineStyle: { width: index === 0 ? 2 : 1.25, type: DASHES[index % DASHES.length] },
      ...(index === 0 && chart.gaps && chart.gaps.length > 0
        ? {
            markArea: {
              silent: true,
              itemStyle: { color: palette.muted, opacity: 0.16 },
              label: { color: palette.muted, fontSize: 11, position: 'insideTop' },
              data: chart.gaps.map((gap) => [
                { xAxis: gap.from, name: chart.gapLabel ?? '' },
                { xAxis: gap.to },
              ]),
            },
          }
        : {}),
    });
  });

  return {
    animation: false,
    aria: { enabled: true, label: { description: chart.description }, decal: { show: true } },
    textStyle: { color: palette.text },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: {
      type: 'scroll',
      top: 0,
      textStyle: { color: palette.text },
      data: chart.series.map((line) => line.name),
    },
    tooltip: {
      trigger: 'axis',
      backgroundColor: palette.tooltipBackground,
      textStyle: { color: palette.text },
      valueFormatter: (value: unknown) =>
        typeof value === 'number' ? chart.formatValue(value) : '—',
    },
    xAxis: {
      type: 'time',
      min: chart.from,
      max: chart.to,
      axisLine: { lineStyle: { color: palette.grid } },
      axisLabel: {
        color: palette.muted,
        formatter: (t: number) => chart.formatTime(t),
        hideOverlap: true,
      },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      ...(chart.yMax === undefined ? {} : { max: chart.yMax }),
      axisLabel: { color: palette.muted, formatter: (value: number) => chart.formatValue(value) },
      splitLine: { lineStyle: { color: palette.grid } },
    },
    series,
  };
}
