// Runs in Chromium (bundled by the chart benchmark): the live CPU chart as the host view draws
// it, updated once per new sample over a sliding one-hour window.
import type { HostSample } from '@shared/contract/host-metrics';
import { echarts } from '../../../renderer/src/components/charts/echarts-setup';
import { LIGHT_PALETTE } from '../../../renderer/src/components/charts/palette';
import type { ChartContext } from '../../../renderer/src/features/host/charts/chart-context';
import { liveChartOption } from '../../../renderer/src/features/host/charts/host-charts';

const WINDOW = 3600;
const CORES = 5; // all cores + 5 cores = 6 series

function sampleAt(i: number): HostSample {
  const busy = (shift: number) => {
    const value = 40 + 30 * Math.sin((i + shift * 97) / 40) + 10 * Math.sin(i / 3);
    const clamped = Math.max(0, Math.min(100, value));
    return { user: clamped * 0.7, system: clamped * 0.3, idle: 100 - clamped };
  };
  return {
    t: 1_700_000_000_000 + i * 1000,
    cpu: { total: busy(0), cores: Array.from({ length: CORES }, (_, core) => busy(core + 1)) },
    load: null,
    memory: null,
    network: null,
    disk: null,
  };
}

const context: ChartContext = {
  palette: LIGHT_PALETTE,
  t: (key, params) => (params ? `${key} ${JSON.stringify(params)}` : key),
  locale: 'en',
};

/**
 * Milliseconds per update (building the option from the samples, setOption, and drawing the
 * frame), for `updates` updates after a warm-up. `lttb: false` draws every point, as a line
 * chart does by default.
 */
export function run(container: HTMLElement, updates: number, lttb: boolean): number[] {
  const chart = echarts.init(container, undefined, { renderer: 'canvas' });
  const samples = Array.from({ length: WINDOW }, (_, i) => sampleAt(i));
  const times: number[] = [];
  for (let update = 0; update < updates + 20; update++) {
    samples.shift();
    samples.push(sampleAt(WINDOW + update));
    const start = performance.now();
    const option = liveChartOption(
      'cpu',
      { samples, from: samples[0]?.t ?? 0, to: samples.at(-1)?.t ?? 0 },
      context,
    ) as { series: Record<string, unknown>[] };
    if (!lttb) for (const series of option.series) delete series.sampling;
    // As the host view's chart component updates a live chart.
    chart.setOption(option, { replaceMerge: ['dataset'] });
    chart.getZr().flush();
    if (update >= 20) times.push(performance.now() - start);
  }
  chart.dispose();
  return times;
}
