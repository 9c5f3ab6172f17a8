import type { EChartsCoreOption } from 'echarts/core';
import type { ChartPalette } from '../../../components/charts/palette';

/**
 * A chart's data as columns over shared times: `columns[c][i]` is column c's value at
 * `times[i]`; a null breaks the lines drawn from that column (missing data is never bridged).
 */
export interface TimeColumns {
  times: number[];
  columns: (number | null)[][];
}

export interface ChartLine {
  name: string;
  column: number;
  /**
   * A filled band behind the line (history: lowest to highest), from `low` up by `span`
   * (highest minus lowest): ECharts draws a band as two stacked areas.
   */
  band?: { name: string; low: number; span: number };
}

export interface TimeSeriesChart {
  data: TimeColumns;
  lines: readonly ChartLine[];
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
 * The data as an ECharts dataset of keyed columns in typed arrays, with NaN for a missing value.
 * ECharts deep-copies every option it is given, number by number for a plain array but in one
 * native copy for a typed array: on a live chart of 6 × 3,600 points that is most of an update.
 */
function sourceOf(data: TimeColumns): Record<string, Float64Array> {
  const source: Record<string, Float64Array> = { t: Float64Array.from(data.times) };
  data.columns.forEach((column, index) => {
    const values = new Float64Array(column.length);
    for (let at = 0; at < column.length; at++) values[at] = column[at] ?? Number.NaN;
    source[`c${index}`] = values;
  });
  return source;
}

/**
 * The one way HealthDesk draws metrics over time, as a pure function of its data. Live charts
 * redraw thousands of points a second: the data goes in as one dataset (ECharts reads it in one
 * pass, several times faster than a [time, value] array per series), with no symbols, no
 * animation, and LTTB down-sampling to the pixels drawn.
 */
export function timeSeriesOption(chart: TimeSeriesChart): EChartsCoreOption {
  const { palette } = chart;
  const colour = (index: number) => palette.series[index % palette.series.length] ?? palette.text;
  const y = (column: number) => ({ x: 't', y: `c${column}` });
  const series: Record<string, unknown>[] = [];
  chart.lines.forEach((line, index) => {
    if (line.band) {
      const stack = `band-${index}`;
      const hidden = {
        symbol: 'none',
        lineStyle: { opacity: 0 },
        silent: true,
        tooltip: { show: false },
      };
      series.push(
        { name: line.band.name, type: 'line', encode: y(line.band.low), stack, ...hidden },
        {
          name: line.band.name,
          type: 'line',
          encode: y(line.band.span),
          stack,
          ...hidden,
          areaStyle: { color: colour(index), opacity: 0.18 },
        },
      );
    }
    series.push({
      name: line.name,
      type: 'line',
      encode: y(line.column),
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
    // Decal patterns tell bands apart without colour; a chart of lines alone has none to draw,
    // and drawing them costs a live chart a couple of milliseconds a second.
    aria: {
      enabled: true,
      label: { description: chart.description },
      decal: { show: chart.lines.some((line) => line.band) },
    },
    textStyle: { color: palette.text },
    dataset: { source: sourceOf(chart.data) },
    // Room on the right for the last time label, which is centred on the chart's edge.
    grid: { left: 8, right: 32, top: 36, bottom: 8, containLabel: true },
    legend: {
      type: 'scroll',
      top: 0,
      textStyle: { color: palette.text },
      data: chart.lines.map((line) => line.name),
    },
    tooltip: {
      trigger: 'axis',
      backgroundColor: palette.tooltipBackground,
      textStyle: { color: palette.text },
      valueFormatter: (value: unknown) =>
        typeof value === 'number' && Number.isFinite(value) ? chart.formatValue(value) : '—',
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
