import { describe, expect, it } from 'vitest';
import type { Probe } from '../../../../electron/main/host-monitor/probes/probe';
import { createProbeRunner, pickProbe } from '../../../../electron/main/host-monitor/probes/probe';
import { startSamplerLoop } from '../../../../electron/main/host-monitor/sampler-loop';
import type { SamplerMessage } from '../../../../electron/main/host-monitor/sampler-messages';
import { DEFAULT_SAMPLER_SETTINGS } from '../../../../electron/main/host-monitor/sampler-messages';
import { createFakeClock } from '../../../helpers/fake-clock';
import { fakeMachine, fakeProbes } from '../../../helpers/fake-probes';

function hangingProbe<T>(name: Probe<T>['name']): Probe<T> & { calls: number } {
  const probe = {
    name,
    source: `hanging ${name}`,
    platforms: ['linux'] as NodeJS.Platform[],
    calls: 0,
    read: () => {
      probe.calls++;
      return new Promise<T | null>(() => undefined);
    },
  };
  return probe;
}

function run(
  machine = fakeMachine(),
  change: (probes: ReturnType<typeof fakeProbes>) => void = () => undefined,
) {
  const clock = createFakeClock(Date.UTC(2026, 0, 5, 10, 0, 0, 400));
  const probes = fakeProbes(machine);
  change(probes);
  const messages: SamplerMessage[] = [];
  const loop = startSamplerLoop({
    ...DEFAULT_SAMPLER_SETTINGS,
    probes,
    clock,
    platform: 'linux',
    emit: (message) => messages.push(message),
  });
  const of = <K extends SamplerMessage['type']>(type: K) =>
    messages.filter(
      (message): message is Extract<SamplerMessage, { type: K }> => message.type === type,
    );
  return { clock, loop, messages, of, probes, machine };
}

describe('probe runner', () => {
  it('gives up on a hung probe after its timeout and does not call it again while it hangs', async () => {
    const clock = createFakeClock();
    const probe = hangingProbe<number>('load');
    const runner = createProbeRunner(probe, { platform: 'linux', timeoutMs: 700, clock });
    const first = runner.run();
    await clock.advance(700);
    expect(await first).toBeNull();
    expect(runner.status()).toMatchObject({
      state: 'unavailable',
      reason: 'No answer within 700 ms',
    });
    expect(await runner.run()).toBeNull();
    expect(probe.calls).toBe(1);
    expect(runner.status().reason).toMatch(/previous reading has not answered/);
  });

  it('catches a probe that throws before it returns a promise, and calls it again later', async () => {
    let calls = 0;
    const probe = {
      name: 'time' as const,
      source: 'throws at once',
      platforms: ['linux'] as NodeJS.Platform[],
      read(): Promise<number> {
        if (++calls === 1) throw new Error('no clock');
        return Promise.resolve(7);
      },
    };
    const runner = createProbeRunner(probe, {
      platform: 'linux',
      timeoutMs: 700,
      clock: createFakeClock(),
    });
    expect(await runner.run()).toBeNull();
    expect(runner.status()).toMatchObject({ state: 'unavailable', reason: 'no clock' });
    expect(await runner.run()).toBe(7);
    expect(runner.status().state).toBe('ok');
  });

  it('never calls a probe on a platform it does not declare', async () => {
    const probe = hangingProbe<number>('load');
    const runner = createProbeRunner(probe, {
      platform: 'win32',
      timeoutMs: 700,
      clock: createFakeClock(),
    });
    expect(await runner.run()).toBeNull();
    expect(probe.calls).toBe(0);
    expect(runner.status()).toMatchObject({ state: 'unsupported', platforms: ['linux'] });
  });

  it('picks the probe that declares the platform, or an unsupported stand-in naming them all', async () => {
    const linux = hangingProbe<number>('disk');
    const mac = {
      ...hangingProbe<number>('disk'),
      platforms: ['darwin'] as NodeJS.Platform[],
      source: 'mac',
    };
    expect(pickProbe('disk', [linux, mac], 'darwin')).toBe(mac);
    const none = pickProbe('disk', [linux, mac], 'win32');
    expect(none.platforms).toEqual(['linux', 'darwin']);
    expect(await none.read()).toBeNull();
  });
});

describe('sampler loop', () => {
  it('samples every second, on the second, after priming the rates', async () => {
    const { clock, of, loop } = run();
    await clock.advance(3000);
    const times = of('sample').map((message) => message.sample.t);
    expect(times).toEqual([
      Date.UTC(2026, 0, 5, 10, 0, 1),
      Date.UTC(2026, 0, 5, 10, 0, 2),
      Date.UTC(2026, 0, 5, 10, 0, 3),
    ]);
    expect(of('sample')[0]?.sample.cpu?.cores).toHaveLength(4);
    loop.stop();
  });

  it('carries on without a probe that throws or hangs, and reports it unavailable', async () => {
    const machine = fakeMachine();
    machine.failing.add('memory');
    const hung = hangingProbe<never>('disk');
    const { clock, of, loop } = run(machine, (probes) => {
      probes.disk = { ...hung, platforms: ['linux'] };
    });
    await clock.advance(5000);
    const samples = of('sample').map((message) => message.sample);
    expect(samples.length).toBeGreaterThanOrEqual(4);
    for (const sample of samples) {
      expect(sample.memory).toBeNull();
      expect(sample.disk).toBeNull();
      expect(sample.cpu?.total.idle).toBe(80);
      expect(sample.network?.rxBytesPerSec).toBe(1000);
    }
    const statuses = of('probes').at(-1)?.probes ?? [];
    expect(statuses.find((status) => status.name === 'memory')).toMatchObject({
      state: 'unavailable',
      reason: 'memory broke',
    });
    expect(statuses.find((status) => status.name === 'disk')?.state).toBe('unavailable');
    expect(statuses.find((status) => status.name === 'cpu')?.state).toBe('ok');
    loop.stop();
  });

  it('reads slow metrics at once and then every 30 seconds', async () => {
    const { clock, of, loop } = run();
    await clock.advance(61_000);
    const slow = of('slow');
    expect(slow).toHaveLength(3);
    expect(slow[0]?.slow.fileSystems?.[0]).toMatchObject({ mount: '/', usedPercent: 40 });
    expect(slow[0]?.slow.cpuTemperatureC).toBe(45);
    loop.stop();
  });

  it('reads top processes only while they are wanted', async () => {
    const { clock, of, loop } = run();
    await clock.advance(10_000);
    expect(of('processes')).toHaveLength(0);
    loop.setProcessesWanted(true);
    await clock.advance(10_000);
    const seen = of('processes').length;
    expect(seen).toBeGreaterThanOrEqual(2);
    loop.setProcessesWanted(false);
    await clock.advance(30_000);
    expect(of('processes')).toHaveLength(seen);
    loop.stop();
  });

  it('stops every timer when stopped', async () => {
    const { clock, loop, of } = run();
    await clock.advance(2000);
    loop.stop();
    const count = of('sample').length;
    await clock.advance(60_000);
    expect(of('sample')).toHaveLength(count);
    expect(clock.pending()).toBe(0);
  });
});
