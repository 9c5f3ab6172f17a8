import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { SamplerProcess } from '../../../../electron/main/host-monitor/launch-sampler';
import { startSamplerClient } from '../../../../electron/main/host-monitor/sampler-client';
import type { SamplerMessage } from '../../../../electron/main/host-monitor/sampler-messages';
import { DEFAULT_SAMPLER_SETTINGS } from '../../../../electron/main/host-monitor/sampler-messages';
import { createMemoryLogger } from '../../../../electron/main/services/logger';
import { createFakeClock } from '../../../helpers/fake-clock';

class FakeSampler extends EventEmitter implements SamplerProcess {
  posted: unknown[] = [];
  terminated = false;
  unrefd = false;
  /** Answers a flush as the real sampler does, unless told to stay silent. */
  silent = false;
  postMessage(message: unknown) {
    this.posted.push(message);
    if ((message as { type: string }).type === 'flush' && !this.silent)
      queueMicrotask(() => this.emit('message', [goodSample, { type: 'flushed' }]));
  }
  terminate() {
    this.terminated = true;
    return Promise.resolve(0);
  }
  unref() {
    this.unrefd = true;
  }
}

const goodSample = {
  type: 'sample',
  sample: { t: 1, cpu: null, load: null, memory: null, network: null, disk: null },
};

function setup() {
  const clock = createFakeClock();
  const logger = createMemoryLogger();
  const samplers: FakeSampler[] = [];
  const received: SamplerMessage[] = [];
  const client = startSamplerClient({
    launch: () => {
      const sampler = new FakeSampler();
      samplers.push(sampler);
      return sampler;
    },
    settings: DEFAULT_SAMPLER_SETTINGS,
    logger,
    clock,
    onMessage: (message) => received.push(message),
  });
  return { clock, logger, samplers, received, client };
}

describe('sampler client', () => {
  it('passes on parsed batches in order and drops malformed ones with one warning', () => {
    const { samplers, received, logger, client } = setup();
    const sampler = samplers[0]!;
    expect(sampler.unrefd).toBe(true);
    sampler.emit('message', [goodSample, { type: 'sample', sample: { t: -5 } }]);
    sampler.emit('message', 'nonsense');
    sampler.emit('message', goodSample);
    sampler.emit('message', []);
    const later = { ...goodSample, sample: { ...goodSample.sample, t: 2 } };
    sampler.emit('message', [goodSample, later]);
    expect(received).toEqual([goodSample, later]);
    expect(client.state).toBe('running');
    expect(logger.lines.filter((line) => line.level === 'warn')).toHaveLength(1);
  });

  it('restarts a sampler that died, with a growing delay, and asks again for what was wanted', async () => {
    const { samplers, clock, client, logger } = setup();
    client.setProcessesWanted(true);
    client.setLiveWanted(true);
    expect(samplers[0]!.posted).toEqual([
      { type: 'processes', wanted: true },
      { type: 'live', wanted: true },
    ]);
    samplers[0]!.emit('error', new Error('boom'));
    samplers[0]!.emit('exit', 1);
    expect(client.state).toBe('restarting');
    await clock.advance(1000);
    expect(samplers).toHaveLength(2);
    expect(samplers[1]!.posted).toEqual([
      { type: 'processes', wanted: true },
      { type: 'live', wanted: true },
    ]);
    samplers[1]!.emit('exit', 1);
    await clock.advance(1000);
    expect(samplers).toHaveLength(2);
    await clock.advance(1000);
    expect(samplers).toHaveLength(3);
    expect(logger.lines.filter((line) => line.level === 'error')).toHaveLength(2);
  });

  it('ends and restarts a sampler that stopped answering', async () => {
    const { samplers, clock, logger } = setup();
    samplers[0]!.emit('message', [goodSample]);
    await clock.advance(25_000);
    expect(samplers).toHaveLength(1);
    await clock.advance(20_000);
    expect(samplers[0]!.terminated).toBe(true);
    expect(logger.lines.at(-1)?.message).toBe('The host sampler stopped answering; restarting it');
    await clock.advance(1000);
    expect(samplers).toHaveLength(2);
  });

  it('takes the samples held back, then ends the sampler on close, and does not restart it', async () => {
    const { samplers, clock, client, received } = setup();
    await client.close();
    expect(samplers[0]!.posted).toEqual([{ type: 'flush' }]);
    expect(received).toEqual([goodSample]);
    expect(samplers[0]!.terminated).toBe(true);
    samplers[0]!.emit('exit', 0);
    await clock.advance(120_000);
    expect(samplers).toHaveLength(1);
    expect(client.state).toBe('stopped');
  });

  it('does not wait long on close for a sampler that cannot answer', async () => {
    const { samplers, client } = setup();
    samplers[0]!.silent = true;
    const started = performance.now();
    await client.close();
    expect(samplers[0]!.terminated).toBe(true);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
