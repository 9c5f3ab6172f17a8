import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WorkerLike } from '../../../../electron/main/host-monitor/launch-worker';
import { startSamplerClient } from '../../../../electron/main/host-monitor/sampler-client';
import type { SamplerMessage } from '../../../../electron/main/host-monitor/sampler-messages';
import { DEFAULT_SAMPLER_SETTINGS } from '../../../../electron/main/host-monitor/sampler-messages';
import { createMemoryLogger } from '../../../../electron/main/services/logger';
import { createFakeClock } from '../../../helpers/fake-clock';

class FakeWorker extends EventEmitter implements WorkerLike {
  posted: unknown[] = [];
  terminated = false;
  unrefd = false;
  postMessage(message: unknown) {
    this.posted.push(message);
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
  const workers: FakeWorker[] = [];
  const received: SamplerMessage[] = [];
  const client = startSamplerClient({
    launch: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    settings: DEFAULT_SAMPLER_SETTINGS,
    logger,
    clock,
    onMessage: (message) => received.push(message),
  });
  return { clock, logger, workers, received, client };
}

describe('sampler client', () => {
  it('passes on parsed messages and drops malformed ones with one warning', () => {
    const { workers, received, logger, client } = setup();
    const worker = workers[0]!;
    expect(worker.unrefd).toBe(true);
    worker.emit('message', { type: 'sample', sample: { t: -5 } });
    worker.emit('message', 'nonsense');
    worker.emit('message', goodSample);
    expect(received).toEqual([goodSample]);
    expect(client.state).toBe('running');
    expect(logger.lines.filter((line) => line.level === 'warn')).toHaveLength(1);
  });

  it('restarts a worker that died, with a growing delay, and asks it again for processes', async () => {
    const { workers, clock, client, logger } = setup();
    client.setProcessesWanted(true);
    workers[0]!.emit('error', new Error('boom'));
    workers[0]!.emit('exit', 1);
    expect(client.state).toBe('restarting');
    await clock.advance(1000);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.posted).toEqual([{ type: 'processes', wanted: true }]);
    workers[1]!.emit('exit', 1);
    await clock.advance(1000);
    expect(workers).toHaveLength(2);
    await clock.advance(1000);
    expect(workers).toHaveLength(3);
    expect(logger.lines.filter((line) => line.level === 'error')).toHaveLength(2);
  });

  it('ends and restarts a worker that stopped answering', async () => {
    const { workers, clock, logger } = setup();
    workers[0]!.emit('message', goodSample);
    await clock.advance(25_000);
    expect(workers).toHaveLength(1);
    await clock.advance(20_000);
    expect(workers[0]!.terminated).toBe(true);
    expect(logger.lines.at(-1)?.message).toBe('The host sampler stopped answering; restarting it');
    await clock.advance(1000);
    expect(workers).toHaveLength(2);
  });

  it('terminates the worker on close and does not restart it', async () => {
    const { workers, clock, client } = setup();
    await client.close();
    expect(workers[0]!.terminated).toBe(true);
    workers[0]!.emit('exit', 0);
    await clock.advance(120_000);
    expect(workers).toHaveLength(1);
    expect(client.state).toBe('stopped');
  });
});
