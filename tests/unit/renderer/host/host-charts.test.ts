import { describe, expect, it } from 'vitest';
import { LIGHT_PALETTE } from '../../../../renderer/src/components/charts/palette';
import { createAppI18n } from '../../../../renderer/src/i18n';
import type { ChartContext } from '../../../../renderer/src/features/host/charts/chart-context';
import {
  HOST_CHART_KINDS,
  historyChartOption,
  liveChartOption,
} from '../../../../renderer/src/features/host/charts/host-charts';
import { renderChartSvg } from '../../../helpers/echarts-svg';
import { T0, dayHistory, samples } from '../host-fixtures';

const i18n = createAppI18n({ getItem: () => null }, ['en']);
const context: ChartContext = {
  palette: LIGHT_PALETTE,
  t: (key, params) => (params ? i18n.global.t(key, params) : i18n.global.t(key)),
  locale: 'en',
  timeZone: 'UTC',
};
// Relative to this file; the SVGs can be opened to see the charts.
const snapshotFile = (name: string) => `./__snapshots__/${name}`;

interface Series {
  name: string;
  encode: { x: string; y: string };
  showSymbol?: boolean;
  sampling?: string;
  markArea?: { data: unknown[] };
  lineStyle?: { type?: string };
}
const seriesOf = (option: Record<string, unknown>) => option.series as Series[];
const columnsOf = (option: Record<string, unknown>) =>
  (option.dataset as { source: Record<string, Float64Array> }).source;

describe('live host charts', () => {
  const window = { samples: samples(120, { gapAt: 60 }), from: T0, to: T0 + 119_000 };

  it('draws CPU as all cores plus one line per core, as percentages, with no symbols', () => {
    const option = liveChartOption('cpu', window, context) as Record<string, unknown>;
    const series = seriesOf(option);
    expect(series.map((s) => s.name)).toEqual(['All cores', 'Core 1', 'Core 2']);
    expect(option.animation).toBe(false);
    expect((option.yAxis as { max: number }).max).toBe(100);
    for (const line of series) {
      expect(line.showSymbol).toBe(false);
      expect(line.sampling).toBe('lttb');
    }
    // Colour is not the only difference between lines.
    expect(new Set(series.map((s) => s.lineStyle?.type)).size).toBe(3);
  });

  it('breaks the line where samples are missing instead of bridging the hole', () => {
    const option = liveChartOption('memory', window, context) as Record<string, unknown>;
    const columns = columnsOf(option);
    expect(columns.t).toHaveLength(111);
    const gap = columns.t!.indexOf(T0 + 60_000);
    // NaN is a missing value to ECharts: the line stops there.
    expect([columns.c0![gap], columns.c1![gap]]).toEqual([Number.NaN, Number.NaN]);
    expect(columns.c0!.filter((value) => Number.isNaN(value))).toHaveLength(1);
    expect(seriesOf(option).map((series) => series.encode)).toEqual([
      { x: 't', y: 'c0' },
      { x: 't', y: 'c1' },
    ]);
  });

  it.each(HOST_CHART_KINDS)('renders the live %s chart as it did before', async (kind) => {
    const svg = renderChartSvg(liveChartOption(kind, window, context), 640, 240);
    expect(svg).toContain('<svg');
    await expect(svg).toMatchFileSnapshot(snapshotFile(`live-${kind}.svg`));
  });
});

describe('history host charts', () => {
  const history = dayHistory();

  it('draws each figure as its average with a lowest-to-highest band, and shades gaps', () => {
    const option = historyChartOption('network', history, 'Last day', context) as Record<
      string,
      unknown
    >;
    const series = seriesOf(option);
    expect(series.map((s) => s.name)).toEqual([
      'Received (lowest to highest)',
      'Received (lowest to highest)',
      'Received (average)',
      'Sent (lowest to highest)',
      'Sent (lowest to highest)',
      'Sent (average)',
    ]);
    const average = series[2]!;
    expect(average.markArea?.data).toEqual([
      [{ xAxis: history.gaps[0]!.from, name: 'No data' }, { xAxis: history.gaps[0]!.to }],
    ]);
    // Received: average, lowest, highest minus lowest; then the same for sent.
    expect(series.map((s) => s.encode.y)).toEqual(['c1', 'c2', 'c0', 'c4', 'c5', 'c3']);
    const columns = columnsOf(option);
    // The gap is a break in the lines, not a straight line across it.
    expect(columns.c0!.filter((value) => Number.isNaN(value))).toHaveLength(1);
    expect(['c0', 'c1', 'c2', 'c3', 'c4', 'c5'].map((key) => columns[key]![0])).toEqual([
      100_000, 50_000, 100_000, 20_000, 10_000, 20_000,
    ]);
  });

  it.each(HOST_CHART_KINDS)('renders the history %s chart as it did before', async (kind) => {
    const svg = renderChartSvg(historyChartOption(kind, history, 'Last day', context), 640, 240);
    await expect(svg).toMatchFileSnapshot(snapshotFile(`history-${kind}.svg`));
  });
});
