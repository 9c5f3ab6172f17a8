import type { HostSample } from '@shared/contract/host-metrics';
import type { Points } from './time-series-option';

/**
 * One figure of the samples as points. Where samples are missing (the sampler stalled or
 * restarted) a null is inserted, so the line breaks instead of bridging the hole.
 */
export function sampleSeries(
  samples: readonly HostSample[],
  value: (sample: HostSample) => number | null | undefined,
  expectedStepMs = 1000,
): Points {
  const points: Points = [];
  let previous: number | null = null;
  for (const sample of samples) {
    if (previous !== null && sample.t - previous > 2.5 * expectedStepMs)
      points.push([previous + expectedStepMs, null]);
    points.push([sample.t, value(sample) ?? null]);
    previous = sample.t;
  }
  return points;
}
