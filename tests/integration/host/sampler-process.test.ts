import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { SamplerProcess } from '../../../electron/main/host-monitor/launch-sampler';
import { forkSampler } from '../../../electron/main/host-monitor/launch-sampler';
import type { SamplerMessage } from '../../../electron/main/host-monitor/sampler-messages';
import {
  DEFAULT_SAMPLER_SETTINGS,
  samplerBatchSchema,
} from '../../../electron/main/host-monitor/sampler-messages';

const root = path.resolve(import.meta.dirname, '../../..');
const launcher = path.join(root, 'electron/main/host-monitor/launch-sampler.ts');
const tsconfig = path.join(root, 'tsconfig.node.json');

/** Mount points of real block devices on this machine, as the kernel lists them. */
function blockDeviceMounts(): string[] {
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([device]) => device?.startsWith('/dev/'))
    .map(([, mount]) => mount ?? '');
}

describe.runIf(process.platform === 'linux')('sampler process on this machine (real /proc)', () => {
  let sampler: SamplerProcess | undefined;
  const errors: Error[] = [];
  afterEach(async () => {
    await sampler?.terminate();
    expect(errors).toEqual([]);
  });

  /** The messages, and the kinds of message in each batch they came in. */
  function start(batchSamples = 1): SamplerMessage[] & { batches: string[][] } {
    const messages = Object.assign([] as SamplerMessage[], { batches: [] as string[][] });
    sampler = forkSampler(import.meta.dirname)({
      ...DEFAULT_SAMPLER_SETTINGS,
      fastIntervalMs: 250,
      processesIntervalMs: 500,
      batchSamples,
    });
    sampler.on('message', (raw) => {
      const batch = samplerBatchSchema.parse(raw);
      messages.batches.push(batch.map((message) => message.type));
      for (const message of batch) if (message.type !== 'flushed') messages.push(message);
    });
    sampler.on('error', (error) => errors.push(error));
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
    sampler?.postMessage({ type: 'processes', wanted: true });
    await expect
      .poll(() => of(messages, 'processes').length, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);
    const list = of(messages, 'processes')[0]?.processes.processes ?? [];
    expect(list.length).toBeGreaterThan(0);
    expect(list.length).toBeLessThanOrEqual(15);
    sampler?.postMessage({ type: 'processes', wanted: false });
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

  it('posts samples in batches until a live view asks for each one at once', async () => {
    const messages = start(4);
    await expect
      .poll(() => of(messages, 'sample').length, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(8);
    // Other messages go at once, with the samples that waited; a batch of samples alone is full.
    const samplesOnly = (types: string[]) => types.every((type) => type === 'sample');
    expect(messages.batches.filter(samplesOnly).every((types) => types.length === 4)).toBe(true);
    expect(messages.batches.filter(samplesOnly).length).toBeGreaterThanOrEqual(1);
    sampler?.postMessage({ type: 'live', wanted: true });
    const batchesAtLive = messages.batches.length;
    await expect
      .poll(() => messages.batches.length, { timeout: 15_000 })
      .toBeGreaterThan(batchesAtLive + 4);
    // What waited comes at once; from then on, one sample per message.
    const sampleCount = (types: string[]) => types.filter((type) => type === 'sample').length;
    expect(
      messages.batches.slice(batchesAtLive + 1).every((types) => sampleCount(types) <= 1),
    ).toBe(true);
    const times = of(messages, 'sample').map((message) => message.sample.t);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  }, 40_000);

  it('hands over what it holds back when asked to flush', async () => {
    const messages = start(60);
    await expect
      .poll(() => messages.batches.flat().includes('probes'), { timeout: 15_000 })
      .toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const before = of(messages, 'sample').length;
    sampler?.postMessage({ type: 'flush' });
    await expect.poll(() => messages.batches.at(-1)?.at(-1), { timeout: 5000 }).toBe('flushed');
    expect(of(messages, 'sample').length).toBeGreaterThan(before);
  }, 30_000);

  it('ends by itself when the app that started it dies without a word', async () => {
    // A stand-in app: starts the sampler, prints its pid, and is then killed with SIGKILL.
    const app = spawn(
      process.execPath,
      [
        '--import',
        pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
        '--input-type=module',
        '-e',
        `import { forkSampler } from ${JSON.stringify(pathToFileURL(launcher).href)};
         const sampler = forkSampler('/nonexistent')(${JSON.stringify(DEFAULT_SAMPLER_SETTINGS)});
         sampler.on('message', () => console.log('sampler ' + sampler.pid));
         setInterval(() => undefined, 1000);`,
      ],
      {
        env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const pid = await new Promise<number>((resolve, reject) => {
      app.stdout.on('data', (chunk: Buffer) => {
        const found = /sampler (\d+)/.exec(chunk.toString());
        if (found) resolve(Number(found[1]));
      });
      app.once('exit', () => reject(new Error('the stand-in app ended first')));
    });
    expect(alive(pid)).toBe(true);
    app.kill('SIGKILL');
    await expect.poll(() => alive(pid), { timeout: 10_000 }).toBe(false);
  }, 40_000);
});

/** Whether a process is still running (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}
