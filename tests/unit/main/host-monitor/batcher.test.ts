import { describe, expect, it } from 'vitest';
import type { SamplerMessage } from '../../../../electron/main/host-monitor/sampler-messages';
import { createBatcher } from '../../../../electron/main/host-monitor/sampler-process/batcher';

const sample = (t: number): SamplerMessage => ({
  type: 'sample',
  sample: { t, cpu: null, load: null, memory: null, network: null, disk: null },
});
const probes: SamplerMessage = { type: 'probes', probes: [] };

function setup(batchSamples = 3) {
  const posted: (SamplerMessage | { type: 'flushed' })[][] = [];
  const batcher = createBatcher({ batchSamples, post: (batch) => posted.push(batch) });
  const times = () =>
    posted.map((batch) => batch.map((m) => (m.type === 'sample' ? m.sample.t : m.type)));
  return { batcher, times };
}

describe('sampler batches', () => {
  it('posts samples once a batch is full, in the order they were read', () => {
    const { batcher, times } = setup();
    for (const t of [1, 2, 3, 4, 5]) batcher.add(sample(t));
    expect(times()).toEqual([[1, 2, 3]]);
    batcher.add(sample(6));
    expect(times()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('posts any other message at once, after the samples that waited', () => {
    const { batcher, times } = setup();
    batcher.add(sample(1));
    batcher.add(probes);
    expect(times()).toEqual([[1, 'probes']]);
  });

  it('while live, posts what waited at once and then every sample as it comes', () => {
    const { batcher, times } = setup();
    batcher.add(sample(1));
    batcher.add(sample(2));
    batcher.setLive(true);
    batcher.add(sample(3));
    batcher.setLive(false);
    batcher.add(sample(4));
    expect(times()).toEqual([[1, 2], [3]]);
  });

  it('on a flush, posts what waits and says it did, even when nothing waits', () => {
    const { batcher, times } = setup();
    batcher.add(sample(1));
    batcher.flush();
    batcher.flush();
    expect(times()).toEqual([[1, 'flushed'], ['flushed']]);
  });

  it('posts nothing for an empty queue when a live view opens', () => {
    const { batcher, times } = setup();
    batcher.setLive(true);
    expect(times()).toEqual([]);
  });
});
