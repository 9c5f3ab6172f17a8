import { readFileSync } from 'node:fs';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkerLike } from '../../../electron/main/host-monitor/launch-worker';
import { samplerWorkerFactory } from '../../../electron/main/host-monitor/launch-worker';
import type { SamplerMessage } from '../../../electron/main/host-monitor/sampler-messages';
import {
  DEFAULT_SAMPLER_SETTINGS,
  samplerMessageSchema,
} from '../../../electron/main/host-monitor/sampler-messages';

/** Mount points of real block devices on this machine, as the kernel lists them. */
function blockDeviceMounts(): string[] {
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([device]) => device?.startsWith('/dev/'))
    .map(([, mount]) => mount ?? '');
}

describe.runIf(process.platform === 'linux')('sampler worker on this machine (real /proc)', () => {
  let worker: WorkerLike | undefined;
  const errors: Error[] = [];
  afterEach(async () => {
    await worker?.terminate();
    expect(errors).toEqual([]);
  });

  function start(): SamplerMessage[] {
    const messages: SamplerMessage[] = [];
    worker = samplerWorkerFactory(import.meta.dirname)({
      ...DEFAULT_SAMPLER_SETTINGS,
      fastIntervalMs: 250,
      processesIntervalMs: 500,
    });
    worker.on('message', (raw) => messages.push(samplerMessageSchema.parse(raw)));
    worker.on('error', (error) => errors.push(error));
    return messages;
  }

  const of = <K extends SamplerMessage['type']>(messages: SamplerMessage[], type: K) =>
    messages.filter(
      (message): message is Extract<SamplerMessage, { type: K }> => message.type === type,
    );

  it('reports this machine’s cores, memory, load, network, disks and file systems', async () => {
    const messages = start();
    await expect
      .poll(() => of(messages, 'sample').length, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(3);
    await expect
      .poll(() => of(messages, 'slow').length, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);
    const samples = of(messages, 'sample').map((message) => message.sample);
    const times = samples.map((sample) => sample.t);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    for (const sample of samples) {
      expect(sample.cpu?.cores).toHaveLength(os.cpus().length);
      const total = sample.cpu?.total;
      expect((total?.user ?? 0) + (total?.system ?? 0) + (total?.idle ?? 0)).toBeLessThanOrEqual(
        100.05,
      );
      expect(sample.memory?.totalBytes).toBe(os.totalmem());
      expect(sample.memory?.usedBytes).toBeGreaterThan(0);
      expect(sample.load?.one).toBeGreaterThanOrEqual(0);
      expect(sample.network?.rxBytesPerSec).toBeGreaterThanOrEqual(0);
      expect(sample.disk?.readBytesPerSec).toBeGreaterThanOrEqual(0);
    }
    const netDev = readFileSync('/proc/net/dev', 'utf8');
    for (const entry of samples.at(-1)?.network?.interfaces ?? [])
      expect(netDev).toContain(`${entry.name}:`);

    const mounts = of(messages, 'slow')[0]?.slow.fileSystems?.map((fs) => fs.mount) ?? [];
    expect(mounts.some((mount) => blockDeviceMounts().includes(mount))).toBe(true);
    const probes = of(messages, 'probes').at(-1)?.probes ?? [];
    for (const name of ['cpu', 'load', 'memory', 'network', 'disk'])
      expect(probes.find((probe) => probe.name === name)).toMatchObject({
        state: 'ok',
        platforms: ['linux'],
      });
    expect(probes.find((probe) => probe.name === 'cpu')?.source).toBe('/proc/stat');
  }, 30_000);

  it('lists top processes only after being asked, and stops when told', async () => {
    const messages = start();
    await expect
      .poll(() => of(messages, 'sample').length, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(2);
    expect(of(messages, 'processes')).toHaveLength(0);
    worker?.postMessage({ type: 'processes', wanted: true });
    await expect
      .poll(() => of(messages, 'processes').length, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);
    const list = of(messages, 'processes')[0]?.processes.processes ?? [];
    expect(list.length).toBeGreaterThan(0);
    expect(list.length).toBeLessThanOrEqual(15);
    worker?.postMessage({ type: 'processes', wanted: false });
    // A reading already under way may still arrive; after the next samples none may.
    const samplesAtStop = of(messages, 'sample').length;
    await expect
      .poll(() => of(messages, 'sample').length, { timeout: 15_000 })
      .toBeGreaterThan(samplesAtStop + 1);
    const processesAtStop = of(messages, 'processes').length;
    await expect
      .poll(() => of(messages, 'sample').length, { timeout: 15_000 })
      .toBeGreaterThan(samplesAtStop + 8);
    expect(of(messages, 'processes')).toHaveLength(processesAtStop);
  }, 40_000);
});
