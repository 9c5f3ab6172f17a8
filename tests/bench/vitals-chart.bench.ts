// One year of 5-minute glucose readings (105,120 points) drawn as the app draws a trend chart
// (toSeries + trendOption, ECharts canvas), from setOption to ECharts' 'finished' event, against
// the same chart without LTTB sampling. Each draw is a fresh chart, as opening the view is.
import { callPage } from '../support/pages/call-page';
import { startPageSession } from '../support/pages/open-test-page';
import { median, quantile, report } from './report';

const POINTS = 365 * 288;
const ROUNDS = 20;
const WARM_UP = 3;

async function main(): Promise<void> {
  const session = await startPageSession(['chart']);
  const lttb = { draw: [] as number[], build: [] as number[] };
  const plain: number[] = [];
  try {
    const { page } = await session.open('chart');
    for (let round = -WARM_UP; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [true, false] : [false, true];
      for (const sampling of order) {
        const timing = await callPage(page, 'chartPage', 'drawGlucoseYear', {
          seed: round + 100,
          points: POINTS,
          sampling,
        });
        if (round < 0) continue;
        if (sampling) {
          lttb.draw.push(timing.drawMs);
          lttb.build.push(timing.buildMs);
        } else plain.push(timing.drawMs);
      }
    }
  } finally {
    await session.close();
  }
  const baseline = 'the same chart drawn without LTTB sampling';
  report({
    name: 'vitals.chart.glucoseYear.draw.median',
    value: median(lttb.draw),
    unit: 'ms',
    baseline,
    ratio: median(plain) / median(lttb.draw),
  });
  report({
    name: 'vitals.chart.glucoseYear.draw.p95',
    value: quantile(lttb.draw, 0.95),
    unit: 'ms',
    baseline,
    ratio: quantile(plain, 0.95) / quantile(lttb.draw, 0.95),
  });
  report({
    name: 'vitals.chart.glucoseYear.noSampling.draw.median',
    value: median(plain),
    unit: 'ms',
  });
  report({
    name: 'vitals.chart.glucoseYear.build.median',
    value: median(lttb.build),
    unit: 'ms',
  });
  report({ name: 'vitals.chart.glucoseYear.points', value: POINTS, unit: 'points' });
}

await main();
