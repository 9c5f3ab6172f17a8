import type { EChartsCoreOption } from 'echarts/core';
import type { CpuTimes, HostHistory, HostSample } from '@shared/contract/host-metrics';
import type { AggregateMetric } from '@shared/host-metrics/aggregate';
import { formatByteRate } from '../../../format/bytes';
import { formatPercent } from '../../../format/numbers';
import type { ChartContext } from './chart-context';
import { timeFormatter } from './chart-context';
import { timeColumns } from './time-columns';
import type { ChartLine } from './time-series-option';
import { timeSeriesOption } from './time-series-option';

interface LiveLine {
  name: [key: string, params?: Record<string, unknown>];
  value: (sample: HostSample) => number | null | undefined;
}

interface ChartDefinition {
  title: string;
  unit: 'percent' | 'rate';
  /** The lines of the live chart; they may depend on the newest sample (one per core). */
  live: (latest: HostSample | undefined) => LiveLine[];
  /** The lines of the history chart: one aggregate figure each, drawn with its min–max band. */
  history: { name: string; metric: AggregateMetric }[];
}

const busy = (times: CpuTimes | null | undefined) => (times ? 100 - times.idle : null);
const percentOf = (part: number | undefined, total: number | undefined) =>
  part !== undefined && total ? (part / total) * 100 : null;

/** The four host charts: what each draws live and from history. */
export const HOST_CHARTS = {
  cpu: {
    title: 'host.chart.cpu',
    unit: 'percent',
    live: (latest) => [
      { name: ['host.chart.cpuAll'], value: (sample) => busy(sample.cpu?.total) },
      ...(latest?.cpu?.cores ?? []).map((_core, index): LiveLine => ({
        name: ['host.chart.core', { n: index + 1 }],
        value: (sample) => busy(sample.cpu?.cores[index]),
      })),
    ],
    history: [{ name: 'host.chart.cpu', metric: 'cpuPercent' }],
  },
  memory: {
    title: 'host.chart.memory',
    unit: 'percent',
    live: () => [
      {
        name: ['host.chart.memoryUsed'],
        value: (sample) => percentOf(sample.memory?.usedBytes, sample.memory?.totalBytes),
      },
      {
        name: ['host.chart.swapUsed'],
        value: (sample) =>
          sample.memory?.swapTotalBytes
            ? percentOf(sample.memory.swapUsedBytes, sample.memory.swapTotalBytes)
            : null,
      },
    ],
    history: [{ name: 'host.chart.memoryUsed', metric: 'memoryPercent' }],
  },
  network: {
    title: 'host.chart.network',
    unit: 'rate',
    live: () => [
      { name: ['host.chart.received'], value: (sample) => sample.network?.rxBytesPerSec },
      { name: ['host.chart.sent'], value: (sample) => sample.network?.txBytesPerSec },
    ],
    history: [
      { name: 'host.chart.received', metric: 'netRxBytesPerSec' },
      { name: 'host.chart.sent', metric: 'netTxBytesPerSec' },
    ],
  },
  disk: {
    title: 'host.chart.disk',
    unit: 'rate',
    live: () => [
      { name: ['host.chart.read'], value: (sample) => sample.disk?.readBytesPerSec },
      { name: ['host.chart.write'], value: (sample) => sample.disk?.writeBytesPerSec },
    ],
    history: [
      { name: 'host.chart.read', metric: 'diskReadBytesPerSec' },
      { name: 'host.chart.write', metric: 'diskWriteBytesPerSec' },
    ],
  },
} satisfies Record<string, ChartDefinition>;

export type HostChartKind = keyof typeof HOST_CHARTS;
export const HOST_CHART_KINDS = Object.keys(HOST_CHARTS) as HostChartKind[];

function formatter(unit: ChartDefinition['unit'], locale: string): (value: number) => string {
  return unit === 'percent'
    ? (value) => formatPercent(value, locale)
    : (value) => formatByteRate(value, locale);
}

export interface LiveWindow {
  samples: readonly HostSample[];
  from: number;
  to: number;
}

/** A live chart of the samples in a window (1 min, 5 min or 1 hour). */
export function liveChartOption(
  kind: HostChartKind,
  window: LiveWindow,
  context: ChartContext,
): EChartsCoreOption {
  const definition: ChartDefinition = HOST_CHARTS[kind];
  const format = formatter(definition.unit, context.locale);
  const latest = window.samples.at(-1);
  const lines = definition.live(latest);
  const latestText = lines
    .slice(0, 2)
    .map((line) => {
      const value = latest ? line.value(latest) : null;
      return `${context.t(...line.name)} ${value === null || value === undefined ? '—' : format(value)}`;
    })
    .join(', ');
  return timeSeriesOption({
    // A sample more than 2.5 s after the one before means readings were missed.
    data: timeColumns(
      window.samples,
      (sample) => sample.t,
      lines.map((line) => line.value),
      1000,
      2500,
    ),
    lines: lines.map((line, column) => ({ name: context.t(...line.name), column })),
    from: window.from,
    to: window.to,
    ...(definition.unit === 'percent' ? { yMax: 100 } : {}),
    formatValue: format,
    formatTime: timeFormatter(context, window.to - window.from),
    palette: context.palette,
    description: context.t('host.chart.label', {
      title: context.t(definition.title),
      latest: latestText,
    }),
  });
}

/** A history chart: the average of each bucket as a line, its lowest to highest as a band. */
export function historyChartOption(
  kind: HostChartKind,
  history: HostHistory,
  period: string,
  context: ChartContext,
): EChartsCoreOption {
  const definition: ChartDefinition = HOST_CHARTS[kind];
  // Three columns per figure: its average, its lowest, and its highest minus its lowest.
  const lines: ChartLine[] = definition.history.map(({ name }, index) => ({
    name: context.t('host.chart.average', { name: context.t(name) }),
    column: 3 * index,
    band: {
      name: context.t('host.chart.band', { name: context.t(name) }),
      low: 3 * index + 1,
      span: 3 * index + 2,
    },
  }));
  const data = timeColumns(
    history.points,
    (point) => point.start,
    definition.history.flatMap(({ metric }) => [
      (point: HostHistory['points'][number]) => point[metric]?.avg,
      (point: HostHistory['points'][number]) => point[metric]?.min,
      (point: HostHistory['points'][number]) => {
        const stat = point[metric];
        return stat ? stat.max - stat.min : null;
      },
    ]),
    history.stepMs,
  );
  return timeSeriesOption({
    data,
    lines,
    from: history.from,
    to: history.to,
    ...(definition.unit === 'percent' ? { yMax: 100 } : {}),
    formatValue: formatter(definition.unit, context.locale),
    formatTime: timeFormatter(context, history.to - history.from),
    gaps: history.gaps,
    gapLabel: context.t('host.chart.gap'),
    palette: context.palette,
    description: context.t('host.chart.historyLabel', {
      title: context.t(definition.title),
      period,
    }),
  });
}
