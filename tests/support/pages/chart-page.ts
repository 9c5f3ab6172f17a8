// Entry of chart.html: the renderer's trend chart (option builder + ECharts setup) on a page of
// its own, so the benchmark times exactly what the app draws.
import type { UnitPreferences } from '@shared/domain/units';
import { echarts } from '../../../renderer/src/components/charts/echarts-setup';
import type { EChartsCoreOption } from '../../../renderer/src/components/charts/echarts-setup';
import { LIGHT_PALETTE } from '../../../renderer/src/components/charts/palette';
import { bandsFor } from '../../../renderer/src/features/vitals/charts/bands';
import {
  decimalsFor,
  toSeries,
  unitLabel,
} from '../../../renderer/src/features/vitals/charts/chart-measures';
import { trendOption } from '../../../renderer/src/features/vitals/charts/trend-option';
import type { ChartPageApi, ChartRequest, ChartTiming } from './page-api';
import { gaussian, seededRandom } from './random-values';

const FIVE_MINUTES = 300_000;
const HOUR = 3_600_000;
const UNITS: UnitPreferences = { glucose: 'mmol/L', temperature: '°C', weight: 'kg' };
const MEALS = [7.5, 12.5, 19];

/** A continuous glucose monitor's readings: meals, a slow drift and sensor noise. */
function glucoseReadings(seed: number, points: number, end: number) {
  const random = seededRandom(seed);
  const readings: { takenAt: number; glucose: number }[] = [];
  let drift = 0;
  for (let index = 0; index < points; index++) {
    const takenAt = end - (points - 1 - index) * FIVE_MINUTES;
    const hour = (takenAt / HOUR) % 24;
    const meals = MEALS.reduce((sum, meal) => sum + 70 * Math.exp(-((hour - meal - 1) ** 2)), 0);
    drift = drift * 0.98 + gaussian(random, 0, 3);
    const glucose = Math.min(400, Math.max(40, 105 + meals + drift + gaussian(random, 0, 4)));
    readings.push({ takenAt, glucose: Math.round(glucose * 10) / 10 });
  }
  return readings;
}

function withoutSampling(option: EChartsCoreOption): EChartsCoreOption {
  const series = option.series as Record<string, unknown>[];
  return { ...option, series: series.map((entry) => ({ ...entry, sampling: undefined })) };
}

async function drawGlucoseYear(request: ChartRequest): Promise<ChartTiming> {
  const end = Date.now();
  const readings = glucoseReadings(request.seed, request.points, end);
  const began = performance.now();
  const option = trendOption({
    series: toSeries(readings, 'glucose', UNITS),
    seriesNames: ['Glucose'],
    unit: unitLabel('glucose', UNITS),
    decimals: decimalsFor('glucose', UNITS),
    bands: bandsFor('glucose', UNITS),
    bandNames: {},
    palette: LIGHT_PALETTE,
    locale: 'en',
    window: [end - request.points * FIVE_MINUTES, end],
    title: 'Glucose, last year',
  });
  const buildMs = performance.now() - began;
  const container = document.createElement('div');
  container.style.width = '960px';
  container.style.height = '360px';
  document.body.append(container);
  const chart = echarts.init(container, undefined, { renderer: 'canvas' });
  const finished = new Promise<void>((resolve) => chart.on('finished', () => resolve()));
  const drawBegan = performance.now();
  chart.setOption(request.sampling ? option : withoutSampling(option));
  await finished;
  const drawMs = performance.now() - drawBegan;
  chart.dispose();
  container.remove();
  return { buildMs, drawMs };
}

const api: ChartPageApi = { drawGlucoseYear };
window.chartPage = api;
